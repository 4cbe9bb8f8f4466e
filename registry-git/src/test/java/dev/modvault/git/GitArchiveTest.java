package dev.modvault.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitArchive against the real {@code git archive} run as the go command runs it (core.autocrlf=input, core.eol=lf,
 * export-subst and export-ignore disabled in info/attributes): same files, same order, same bytes, for a tree whose
 * blobs were committed before the .gitattributes that now apply to them (so they keep CRs and expanded ids).
 */
class GitArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void filesAndContentsEqualGitArchive() throws IOException, InterruptedException {
        TestRepo r = TestRepo.init(tmp.resolve("w"));
        r.write("lf.bat", "a\nb\n")
                .write("crlf.bat", "a\r\nb\n")
                .write("lonecr.bat", "a\rb\n")
                .write("auto.txt", "a\nb\n")
                .write("autocr.txt", "a\r\nb\n")
                .write("autobin.txt", "a\nb\0\n")
                .write("text.txt", "a\r\nb\n")
                .write("input.txt", "a\r\nb\n")
                .write("legacy.crlf", "a\nb\n")
                .write("binary.bat", "a\nb\n")
                .write("ctrlz.txt", "a\nb\n\032")
                .write("version.id", "$Id$\nx $Id: old$ y\n$Id: has space $\n$Id: a b $\n$Id:\nno$\n$Id$$Id$\n$Id")
                .write("crlf.id", "$Id$\nline\n")
                .write("ignored.txt", "export-ignore is disabled\n")
                .write("subst.txt", "$Format:%H$\n")
                .write("sub/notes.txt", "n1\nn2\n")
                .write("sub/deep/d.txt", "d\n")
                .write("sub/x.bat", "x\n")
                .symlink("sub/link", "notes.txt");
        r.commit("raw blobs", "2024-01-01T00:00:00Z");
        r.write(".gitattributes", "*.bat text eol=crlf\nauto*.txt text=auto eol=crlf\ntext.txt text\n"
                + "input.txt text=input\n*.crlf crlf eol=crlf\nbinary.bat binary\nctrlz.txt eol=crlf\n"
                + "*.id ident\ncrlf.id eol=crlf\nignored.txt export-ignore\nsubst.txt export-subst\n")
                .write("sub/.gitattributes", "*.txt eol=crlf\ndeep/** -text\n");
        // Only the attribute files are staged, so the other blobs stay as committed (no re-normalization).
        r.git("add", ".gitattributes", "sub/.gitattributes");
        String head = r.commitStaged("attributes", "2024-01-02T00:00:00Z");
        assertThat(r.git("cat-file", "blob", head + ":version.id")).contains("$Id: a b $");

        Path bare = tmp.resolve("bare.git");
        r.publish(bare);
        Files.writeString(Files.createDirectories(bare.resolve("info")).resolve("attributes"),
                "\n* -export-subst -export-ignore\n");

        try (Repository repo = GitRepositoryAccess.local(bare, "file://" + bare).repository()) {
            RevCommit commit = new GitRevs(repo).commit(ObjectId.fromString(head));
            for (String subdir : List.of("", "sub")) {
                Map<String, byte[]> theirs = gitArchive(bare, head, subdir);
                Map<String, byte[]> mine = new LinkedHashMap<>();
                for (ModuleFile f : GitArchive.files(repo, commit, subdir)) {
                    if (f.kind() == ModuleFile.Kind.REGULAR) {
                        try (InputStream in = f.open()) {
                            byte[] content = in.readAllBytes();
                            assertThat(f.size()).as("declared size of %s", f.path()).isEqualTo(content.length);
                            mine.put(f.path(), content);
                        }
                    }
                }
                assertThat(mine.keySet()).as("files under '%s'", subdir).containsExactlyElementsOf(theirs.keySet());
                theirs.forEach((name, bytes) -> assertThat(new String(mine.get(name), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("content of %s", name).isEqualTo(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
            Map<String, byte[]> all = gitArchive(bare, head, "");
            // The rules are exercised, not vacuous: some files converted, others kept.
            assertThat(new String(all.get("lf.bat"))).isEqualTo("a\r\nb\r\n");
            assertThat(new String(all.get("autocr.txt"))).isEqualTo("a\r\nb\n");
            assertThat(new String(all.get("version.id"))).contains("$Id: ").contains("$Id: a b $");
            assertThat(all).containsKey("ignored.txt");
            assertThat(new String(all.get("subst.txt"))).isEqualTo("$Format:%H$\n");
        }
    }

    /** Regular files of {@code git archive --format=zip} (the go command's flags), relative to {@code subdir}. */
    private static Map<String, byte[]> gitArchive(Path bare, String rev, String subdir)
            throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/git", "-c", "core.autocrlf=input", "-c",
                "core.eol=lf", "archive", "--format=zip", "--prefix=prefix/", rev));
        if (!subdir.isEmpty()) {
            cmd.addAll(List.of("--", subdir));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(bare.toFile());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("HOME", bare.toString());
        Process p = pb.start();
        Map<String, byte[]> files = new LinkedHashMap<>();
        String prefix = "prefix/" + (subdir.isEmpty() ? "" : subdir + "/");
        byte[] archive = p.getInputStream().readAllBytes(); // whole, or git dies of SIGPIPE after the entries
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(archive))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                byte[] content = zip.readAllBytes();
                // symlinks are stored with S_IFLNK in the external attributes, which ZipInputStream cannot see:
                // skip them by name here (the zip rules omit them anyway)
                if (!e.isDirectory() && e.getName().startsWith(prefix) && !e.getName().endsWith("/link")) {
                    files.put(e.getName().substring(prefix.length()), content);
                }
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return files;
    }
}
