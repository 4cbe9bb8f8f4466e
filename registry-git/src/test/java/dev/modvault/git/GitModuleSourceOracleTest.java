package dev.modvault.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.modvault.core.checksum.DirHash;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.testkit.GoCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The proof: the real go command in direct mode (GOPROXY=direct) against the same repositories, served over loopback
 * HTTP by git http-backend, must agree with {@link GitModuleSource} on version lists, query resolution
 * (pseudo-versions included), and the h1: hashes of every zip and go.mod.
 *
 * <p>How the go command reaches the loopback server: module paths have the form {@code gitsrv.example/repo.git/...};
 * the go command's static rule for paths with a {@code .git} element takes {@code https://gitsrv.example/repo} as the
 * repository without any go-import lookup, and git itself rewrites that URL to {@code http://127.0.0.1:PORT/repo}
 * through {@code url.<base>.insteadOf} given in the GIT_CONFIG_COUNT/KEY/VALUE environment variables. GOPRIVATE keeps
 * the checksum database out. GitMirror is given the same rewrite, so both sides report the same Origin URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitModuleSourceOracleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path tmp;

    private GitFixtures fixtures;
    private GitHttpServer server;
    private GoCommand go;
    private GitMirror mirror;

    /** Every module of the fixtures and the queries tried on each. */
    private Map<String, List<String>> queries;

    @BeforeAll
    void setUp(@TempDir Path tempDir) throws IOException {
        tmp = tempDir;
        assumeThat(GoCommand.isAvailable()).as("the go command is installed").isTrue();
        Path srv = Files.createDirectories(tmp.resolve("srv"));
        fixtures = new GitFixtures(Files.createDirectories(tmp.resolve("work")), srv);
        server = new GitHttpServer(srv);
        go = GoCommand.builder()
                .proxy("direct")
                .privatePatterns(GitFixtures.HOST)
                .env("GIT_TERMINAL_PROMPT", "0")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_COUNT", "1")
                .env("GIT_CONFIG_KEY_0", "url." + server.baseUrl() + ".insteadOf")
                .env("GIT_CONFIG_VALUE_0", "https://" + GitFixtures.HOST + "/")
                .build();
        mirror = new GitMirror(GitMirror.Settings.defaults(tmp.resolve("mirrors"))
                .withUrlRewrites(Map.of("https://" + GitFixtures.HOST + "/", server.baseUrl())));
        Map<String, String> c = fixtures.commits;
        queries = new LinkedHashMap<>();
        queries.put(GitFixtures.module("repo", ""), List.of("dev", "main", "latest", "HEAD",
                c.get("c4").substring(0, 7), c.get("c3"), c.get("c1").substring(0, 9), "v1.2.0-rc.1", "v1.1.0",
                "v2.0.0", "nosuchbranch",
                // pseudo-versions given back: valid ones, and ones that are wrong in each way the go command checks
                "v0.0.0-20230302134507-" + c.get("c4").substring(0, 12),
                "v1.2.0-rc.1.0.20230302134507-" + c.get("c4").substring(0, 12),
                "v1.2.0-rc.1.0.20230302134508-" + c.get("c4").substring(0, 12),
                "v1.2.0-rc.1.0.20230302134507-" + c.get("c4").substring(0, 11),
                "v1.2.0-rc.1.0.20230201110000-" + c.get("c2").substring(0, 12),
                "v1.1.1-0.20230201110000-" + c.get("c2").substring(0, 12),
                "v1.0.1-0.20230201110000-" + c.get("c2").substring(0, 12),
                "v1.0.0-20230201110000-" + c.get("c2").substring(0, 12)));
        queries.put(GitFixtures.module("repo", "sub"), List.of("dev", "main", "latest", c.get("c4").substring(0, 10),
                "v1.0.0"));
        queries.put(GitFixtures.module("repo", "v2"), List.of("dev", "main", "latest", "v2.0.0"));
        queries.put(GitFixtures.module("repo", "nested"), List.of("latest", "main"));
        queries.put(GitFixtures.module("major", ""), List.of("latest", "main", "v1.0.0", c.get("m1").substring(0, 8)));
        queries.put(GitFixtures.module("major", "v2"), List.of("latest", "main", "v2.0.0", c.get("m4").substring(0, 8),
                c.get("m2")));
        queries.put(GitFixtures.module("major", "v3"), List.of("latest", "v3.0.0"));
        queries.put(GitFixtures.module("legacy", ""), List.of("latest", "main", "v2.0.0", "v3.0.0+incompatible",
                c.get("l2").substring(0, 7)));
        queries.put(GitFixtures.module("bad", ""), List.of("latest", "v1.0.0"));
    }

    @AfterAll
    void tearDown() {
        if (mirror != null) {
            mirror.close();
        }
        if (go != null) {
            go.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private GitModuleSource source(String module) {
        String repo = module.substring(GitFixtures.HOST.length() + 1).replaceFirst("\\.git(/.*)?$", "");
        return new GitModuleSource(mirror.repository("https://" + GitFixtures.HOST + "/" + repo),
                GitFixtures.HOST + "/" + repo + ".git", ModulePath.of(module));
    }

    @Test
    void versionListsMatchTheGoCommand() {
        // major.git/v3 is left out: its only tag's go.mod lacks /v3, so the go command fails loading retractions
        // (aVnTagWhoseGoModLacksTheSuffixIsNotAVersion covers it).
        List<String> modules = queries.keySet().stream().filter(m -> !m.endsWith("/v3")).toList();
        List<String> args = new ArrayList<>(List.of("list", "-m", "-versions"));
        args.addAll(modules);
        String out = go.runOk(GoCommand.DEFAULT_TIMEOUT, args.toArray(String[]::new)).stdout();
        Map<String, List<String>> goLists = new LinkedHashMap<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.strip().split(" ");
            goLists.put(f[0], List.of(f).subList(1, f.length));
        }
        assertThat(goLists.keySet()).containsExactlyElementsOf(modules);
        for (var e : goLists.entrySet()) {
            List<String> mine = source(e.getKey()).list().stream().map(Version::value).toList();
            assertThat(mine).as("versions of %s", e.getKey()).isEqualTo(e.getValue());
        }
        // The cases the fixtures are built for, so that a regression on both sides cannot pass silently.
        assertThat(goLists.get(GitFixtures.module("repo", ""))).containsExactly("v1.0.0", "v1.1.0", "v1.2.0-rc.1");
        assertThat(goLists.get(GitFixtures.module("repo", "sub"))).containsExactly("v1.0.0");
        assertThat(goLists.get(GitFixtures.module("repo", "v2"))).containsExactly("v2.0.0");
        assertThat(goLists.get(GitFixtures.module("major", "v2"))).containsExactly("v2.0.0", "v2.1.0");
        assertThat(goLists.get(GitFixtures.module("legacy", "")))
                .containsExactly("v1.0.0", "v2.0.0+incompatible", "v3.0.0+incompatible");
    }

    @Test
    void queriesResolveLikeTheGoCommand() throws IOException {
        List<String> args = new ArrayList<>(List.of("list", "-m", "-json", "-e"));
        queries.forEach((m, qs) -> qs.forEach(q -> args.add(m + "@" + q)));
        List<JsonNode> results = jsonStream(go.run(GoCommand.DEFAULT_TIMEOUT, args.toArray(String[]::new)).stdout());
        assertThat(results).hasSize(args.size() - 4);
        int i = 4;
        int pseudo = 0;
        int errors = 0;
        for (JsonNode r : results) {
            String arg = args.get(i++);
            String module = arg.substring(0, arg.lastIndexOf('@'));
            String query = arg.substring(arg.lastIndexOf('@') + 1);
            GitModuleSource source = source(module);
            System.out.println("go list -m " + arg + " -> "
                    + (r.has("Error") ? "error: " + r.get("Error").get("Err").asString() : r.get("Version").asString()));
            if (r.has("Error")) {
                errors++;
                assertThatThrownBy(() -> source.info(query)).as("%s fails as with the go command", arg)
                        .isInstanceOf(NotFoundException.class).hasMessage(r.get("Error").get("Err").asString());
                continue;
            }
            RevInfo mine = source.info(query);
            assertThat(mine.version()).as("version of %s", arg).isEqualTo(r.get("Version").asString());
            assertThat(mine.time()).as("time of %s", arg).isEqualTo(Instant.parse(r.get("Time").asString()));
            JsonNode origin = r.get("Origin");
            if (origin != null) {
                assertThat(mine.origin().vcs()).isEqualTo(origin.get("VCS").asString());
                assertThat(mine.origin().url()).as("URL of %s", arg).isEqualTo(origin.get("URL").asString());
                assertThat(mine.origin().hash()).as("hash of %s", arg).isEqualTo(origin.get("Hash").asString());
                // The go command caches resolutions per process (a later "latest" or tag query may reuse the Origin
                // of an earlier branch query), so refs are compared for branch queries only.
                boolean branch = !query.equals("latest") && !query.equals("HEAD") && !query.startsWith("v")
                        && !GitRevs.allHex(query);
                if (branch) {
                    assertThat(origin.has("Ref")).as("go reports a ref for %s", arg).isTrue();
                    assertThat(mine.origin().ref()).as("ref of %s", arg).isEqualTo(origin.get("Ref").asString());
                }
                if (origin.has("Subdir")) {
                    assertThat(mine.origin().subdir()).isEqualTo(origin.get("Subdir").asString());
                }
            }
            if (Version.of(mine.version()).isPseudo()) {
                pseudo++;
            }
        }
        assertThat(pseudo).as("pseudo-versions compared").isGreaterThanOrEqualTo(8);
        assertThat(errors).as("failing queries compared").isGreaterThanOrEqualTo(3);
        Map<String, String> c = fixtures.commits;
        // Spot checks of the rules themselves.
        assertThat(source(GitFixtures.module("repo", "")).info("dev").version())
                .isEqualTo("v1.2.0-rc.1.0.20230302134507-" + c.get("c4").substring(0, 12));
        assertThat(source(GitFixtures.module("repo", "sub")).info("dev").version())
                .isEqualTo("v1.0.1-0.20230302134507-" + c.get("c4").substring(0, 12));
        assertThat(source(GitFixtures.module("legacy", "")).info("main").version())
                .isEqualTo("v3.0.1-0.20230113000000-" + c.get("l4").substring(0, 12) + "+incompatible");
        assertThat(source(GitFixtures.module("repo", "nested")).info("latest").version())
                .isEqualTo("v0.0.0-20230201110000-" + c.get("c2").substring(0, 12));
    }

    @Test
    void zipsAndGoModsHashLikeTheGoCommand() throws IOException {
        // Every listed version, and the pseudo-versions of the branch heads.
        List<String> args = new ArrayList<>(List.of("mod", "download", "-json"));
        for (String module : queries.keySet()) {
            GitModuleSource source = source(module);
            source.list().forEach(v -> args.add(module + "@" + v.value()));
            for (String q : List.of("dev", "main")) {
                try {
                    String v = source.info(q).version();
                    if (Version.of(v).isPseudo()) {
                        args.add(module + "@" + v);
                    }
                } catch (NotFoundException e) {
                    // the branch is not a version of this module; the queries test compares that
                }
            }
        }
        List<JsonNode> results = jsonStream(go.run(GoCommand.DEFAULT_TIMEOUT, args.toArray(String[]::new)).stdout());
        assertThat(results).hasSize(args.size() - 3);
        int compared = 0;
        int zipErrors = 0;
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            String arg = args.get(i + 3);
            String module = arg.substring(0, arg.lastIndexOf('@'));
            Version version = Version.of(arg.substring(arg.lastIndexOf('@') + 1));
            GitModuleSource source = source(module);
            if (r.has("Error")) {
                String err = r.get("Error").asString();
                System.out.println("go mod download " + arg + " -> error: " + err);
                assertThatThrownBy(() -> source.zip(version, OutputStream.nullOutputStream()))
                        .as("%s fails as with the go command: %s", arg, err).isInstanceOf(NotFoundException.class)
                        .hasMessageEndingWith(err.startsWith("create zip: ") ? err : err.replaceFirst("^[^ ]*: ", ""));
                zipErrors++;
                continue;
            }
            assertThat(r.get("Version").asString()).isEqualTo(version.value());
            Path zip = Files.createTempFile(tmp, "mine", ".zip");
            try (OutputStream out = Files.newOutputStream(zip)) {
                source.zip(version, out);
            }
            ModuleZipWriterTest.assertNoDirectoryEntries(zip, module + "@" + version.value() + "/");
            assertThat(DirHash.hashZip(zip)).as("zip of %s", arg).isEqualTo(r.get("Sum").asString());
            assertThat(DirHash.hashGoMod(source.mod(version))).as("go.mod of %s", arg)
                    .isEqualTo(r.get("GoModSum").asString());
            if (r.has("Zip")) {
                assertThat(zipNames(zip)).as("files of %s", arg).isEqualTo(zipNames(Path.of(r.get("Zip").asString())));
            }
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(15);
        assertThat(zipErrors).as("versions whose zips fail on both sides").isGreaterThanOrEqualTo(3);
    }

    @Test
    void theZipsHoldWhatTheRulesSay() throws IOException {
        Path zip = Files.createTempFile(tmp, "repo", ".zip");
        GitModuleSource repo = source(GitFixtures.module("repo", ""));
        try (OutputStream out = Files.newOutputStream(zip)) {
            repo.zip(Version.of("v1.0.0"), out);
        }
        String p = GitFixtures.module("repo", "") + "@v1.0.0/";
        assertThat(zipNames(zip)).contains(p + "vendor/modules.txt", p + ".hg/hgrc", p + "tool.sh",
                        p + "dir with space/file (1).go", p + "ünïcödé/日本語.go", p + "LICENSE")
                .doesNotContain(p + "link.go", p + "vendor/example.com/x/x.go", p + "nested/n.go", p + "sub/s.go",
                        p + "v2/v.go");
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(new String(z.getInputStream(z.getEntry(p + "win.bat")).readAllBytes()))
                    .isEqualTo("echo a\r\necho b\r\n");
            assertThat(new String(z.getInputStream(z.getEntry(p + "auto.txt")).readAllBytes())).isEqualTo("a\r\nb\r\n");
            // text=auto: no conversion when the blob holds a CR; eol=crlf alone converts lone LFs only.
            assertThat(new String(z.getInputStream(z.getEntry(p + "cr.txt")).readAllBytes())).isEqualTo("a\rb\n");
            assertThat(new String(z.getInputStream(z.getEntry(p + "lonecr.bat")).readAllBytes())).isEqualTo("a\rb\r\n");
            assertThat(new String(z.getInputStream(z.getEntry(p + "bin.dat")).readAllBytes())).isEqualTo("a\nb\0\n");
            assertThat(new String(z.getInputStream(z.getEntry(p + "mixed.txt")).readAllBytes()))
                    .isEqualTo("a\r\nb\r\nc\r\n");
        }
        Path subZip = Files.createTempFile(tmp, "sub", ".zip");
        try (OutputStream out = Files.newOutputStream(subZip)) {
            source(GitFixtures.module("repo", "sub")).zip(Version.of("v1.0.0"), out);
        }
        String s = GitFixtures.module("repo", "sub") + "@v1.0.0/";
        assertThat(zipNames(subZip)).containsExactlyInAnyOrder(s + "go.mod", s + "s.go", s + ".gitattributes",
                s + "notes.txt", s + "win.bat", s + "vendor/modules.txt", s + "LICENSE");
        try (var z = new java.util.zip.ZipFile(subZip.toFile())) {
            assertThat(new String(z.getInputStream(z.getEntry(s + "LICENSE")).readAllBytes())).isEqualTo("Root license\n");
            assertThat(new String(z.getInputStream(z.getEntry(s + "notes.txt")).readAllBytes())).isEqualTo("n1\r\nn2\r\n");
            assertThat(new String(z.getInputStream(z.getEntry(s + "win.bat")).readAllBytes())).isEqualTo("echo sub\r\n");
        }
    }

    @Test
    void aVnTagWhoseGoModLacksTheSuffixIsNotAVersion() {
        String v3 = GitFixtures.module("major", "v3");
        GoCommand.Result r = go.run("mod", "download", "-json", v3 + "@v3.0.0");
        assertThat(r.succeeded()).isFalse();
        assertThat(r.stdout()).contains("has non-.../v3 module path");
        GitModuleSource source = source(v3);
        assertThatThrownBy(() -> source.info("v3.0.0")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("has non-.../v3 module path");
        assertThatThrownBy(() -> source.mod(Version.of("v3.0.0"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> source.zip(Version.of("v3.0.0"), OutputStream.nullOutputStream()))
                .isInstanceOf(NotFoundException.class);
        // The same tag is not an +incompatible version of the unsuffixed path either: v1.0.0 has a go.mod.
        assertThat(source(GitFixtures.module("major", "")).list()).extracting(Version::value).containsExactly("v1.0.0");
    }

    private static List<String> zipNames(Path zip) throws IOException {
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            return z.stream().map(java.util.zip.ZipEntry::getName).sorted().toList();
        }
    }

    private static List<JsonNode> jsonStream(String out) {
        List<JsonNode> nodes = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(out)) {
            it.forEachRemaining(nodes::add);
        }
        return nodes;
    }
}
