package dev.modvault.git;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The repositories of the oracle tests, built with the real git at fixed commit times. Module paths use the host
 * {@code gitsrv.example} and the {@code .git} suffix (gitsrv.example/repo.git/...), which the go command maps to the
 * repository https://gitsrv.example/repo without any go-import lookup.
 *
 * <ul>
 *   <li>{@code repo}: root module with v1.0.0, v1.1.0 (annotated), v1.2.0-rc.1 and a non-canonical "v1.3" on branch
 *       dev; module {@code sub} with sub/v1.0.0 and no LICENSE of its own; {@code v2/} major subdirectory with tag
 *       v2.0.0; a nested module, vendor directories, a symlink, an executable, a .hg directory, unusual file names,
 *       and .gitattributes asking for CRLF line endings in several ways.</li>
 *   <li>{@code major}: major-branch layout: v1.0.0, then the root go.mod says /v2 for v2.0.0 and v2.1.0, then v3.0.0
 *       whose go.mod declares no major suffix, then an untagged /v2 commit on main.</li>
 *   <li>{@code legacy}: no go.mod at all; tags v1.0.0, v2.0.0, v3.0.0 (+incompatible), an untagged head.</li>
 *   <li>{@code bad}: versions whose files cannot make a module zip: v1.0.0 has a case-fold collision, v1.1.0 an
 *       invalid file name, v1.2.0 a go.mod spelled GO.MOD in a subdirectory next to a valid one (fine), v1.3.0 a
 *       file named like a Windows device.</li>
 * </ul>
 */
final class GitFixtures {

    static final String HOST = "gitsrv.example";

    /** Commit hashes by label (c1.., m1.., l1..). */
    final Map<String, String> commits = new LinkedHashMap<>();

    /** Builds the three repositories under {@code work} and publishes them as bare repositories under {@code srv}. */
    GitFixtures(Path work, Path srv) {
        buildRepo(work).publish(srv.resolve("repo.git"));
        buildMajor(work).publish(srv.resolve("major.git"));
        buildLegacy(work).publish(srv.resolve("legacy.git"));
        buildBad(work).publish(srv.resolve("bad.git"));
    }

    static String module(String repo, String sub) {
        return HOST + "/" + repo + ".git" + (sub.isEmpty() ? "" : "/" + sub);
    }

    private TestRepo buildRepo(Path work) {
        TestRepo r = TestRepo.init(work.resolve("repo"));
        r.write("go.mod", "module gitsrv.example/repo.git\n\ngo 1.19\n")
                .write("a.go", "package repo\n")
                .write("LICENSE", "Root license\n")
                .write("vendor/modules.txt", "# vendored\n")
                .write("vendor/example.com/x/x.go", "package x\n")
                .write("nested/go.mod", "module gitsrv.example/repo.git/nested\n")
                .write("nested/n.go", "package nested\n")
                .symlink("link.go", "a.go")
                .executable("tool.sh", "#!/bin/sh\necho hi\n")
                .write(".hg/hgrc", "[ui]\n")
                .write("dir with space/file (1).go", "package spaced\n")
                .write("ünïcödé/日本語.go", "package unicode\n")
                .write("x!#$%&()+,-.=@[]^_{}~.txt", "punctuation\n")
                .write("-dash.txt", "dash\n")
                .write(".hidden", "hidden\n")
                .write(".gitattributes", "*.bat text eol=crlf\nauto.txt text=auto eol=crlf\n"
                        + "bin.dat binary eol=crlf\nmixed.txt eol=crlf\ncr.txt text=auto eol=crlf\n")
                .write("win.bat", "echo a\necho b\n")
                .write("auto.txt", "a\nb\n")
                .write("bin.dat", "a\nb\0\n")
                .write("mixed.txt", "a\r\nb\nc\n")
                .write("cr.txt", "a\rb\n")
                .write("lonecr.bat", "a\rb\n")
                .write("sub/go.mod", "module gitsrv.example/repo.git/sub\n\ngo 1.19\n")
                .write("sub/s.go", "package sub\n")
                .write("sub/.gitattributes", "*.txt eol=crlf\n")
                .write("sub/notes.txt", "n1\nn2\n")
                .write("sub/win.bat", "echo sub\n")
                .write("sub/vendor/modules.txt", "# sub vendored\n")
                .write("sub/vendor/example.com/y/y.go", "package y\n")
                .write("v2/go.mod", "module gitsrv.example/repo.git/v2\n")
                .write("v2/v.go", "package v2\n");
        commits.put("c1", r.commit("one", "2023-01-01T10:00:00Z"));
        r.tag("v1.0.0").tag("sub/v1.0.0").tag("v2.0.0");
        r.write("a.go", "package repo\n\n// two\n").write("sub/s.go", "package sub\n\n// two\n");
        commits.put("c2", r.commit("two", "2023-02-01T11:00:00Z"));
        r.annotatedTag("v1.1.0", "2023-02-01T12:00:00Z");
        r.newBranch("dev");
        r.write("a.go", "package repo\n\n// three\n");
        commits.put("c3", r.commit("three", "2023-03-01T12:30:00Z"));
        r.tag("v1.2.0-rc.1").tag("v1.3");
        r.write("a.go", "package repo\n\n// four\n").write("sub/s.go", "package sub\n\n// four\n")
                .write("v2/v.go", "package v2\n\n// four\n");
        commits.put("c4", r.commit("four", "2023-03-02T13:45:07Z"));
        r.checkout("main");
        return r;
    }

    private TestRepo buildMajor(Path work) {
        TestRepo r = TestRepo.init(work.resolve("major"));
        r.write("go.mod", "module gitsrv.example/major.git\n").write("m.go", "package major\n");
        commits.put("m1", r.commit("v1", "2023-01-05T00:00:00Z"));
        r.tag("v1.0.0");
        r.write("go.mod", "module gitsrv.example/major.git/v2\n");
        commits.put("m2", r.commit("v2", "2023-01-06T00:00:00Z"));
        r.tag("v2.0.0");
        r.write("m.go", "package major\n\n// v2.1\n");
        commits.put("m3", r.commit("v2.1", "2023-01-07T00:00:00Z"));
        r.tag("v2.1.0");
        r.write("go.mod", "module gitsrv.example/major.git\n");
        commits.put("m4", r.commit("v3 without suffix", "2023-01-08T00:00:00Z"));
        r.tag("v3.0.0");
        r.write("go.mod", "module gitsrv.example/major.git/v2\n").write("m.go", "package major\n\n// next\n");
        commits.put("m5", r.commit("next", "2023-01-09T09:09:09Z"));
        return r;
    }

    private TestRepo buildBad(Path work) {
        TestRepo r = TestRepo.init(work.resolve("bad"));
        r.write("go.mod", "module gitsrv.example/bad.git\n").write("a.go", "package a\n").write("A.go", "package a\n");
        commits.put("b1", r.commit("collision", "2023-01-20T00:00:00Z"));
        r.tag("v1.0.0");
        r.delete("A.go").write("bad'name.go", "package a\n");
        commits.put("b2", r.commit("bad name", "2023-01-21T00:00:00Z"));
        r.tag("v1.1.0");
        r.delete("bad'name.go").write("x/GO.MOD", "module other\n").write("x/x.go", "package x\n");
        commits.put("b3", r.commit("cap go.mod", "2023-01-22T00:00:00Z"));
        r.tag("v1.2.0");
        r.write("aux.go", "package a\n");
        commits.put("b4", r.commit("windows name", "2023-01-23T00:00:00Z"));
        r.tag("v1.3.0");
        return r;
    }

    private TestRepo buildLegacy(Path work) {
        TestRepo r = TestRepo.init(work.resolve("legacy"));
        r.write("l.go", "package legacy\n");
        commits.put("l1", r.commit("one", "2023-01-10T00:00:00Z"));
        r.tag("v1.0.0");
        r.write("l.go", "package legacy\n\n// 2\n");
        commits.put("l2", r.commit("two", "2023-01-11T00:00:00Z"));
        r.tag("v2.0.0");
        r.write("l.go", "package legacy\n\n// 3\n");
        commits.put("l3", r.commit("three", "2023-01-12T00:00:00Z"));
        r.tag("v3.0.0");
        r.write("l.go", "package legacy\n\n// 4\n");
        commits.put("l4", r.commit("four", "2023-01-13T00:00:00Z"));
        return r;
    }
}
