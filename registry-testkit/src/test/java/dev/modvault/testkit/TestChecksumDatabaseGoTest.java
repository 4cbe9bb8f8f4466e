package dev.modvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The oracle for {@link TestChecksumDatabase}: the real go command verifies modules from {@link StaticGoProxy}
 * against it, with GOSUMDB="{@code <verifier key> http://127.0.0.1:<port>}" (the go command fetches an explicit
 * GOSUMDB URL as given, plain HTTP included, bypassing the proxies), GONOSUMDB unset, GOFLAGS=-mod=mod. Verification
 * succeeds for the real log, and fails the way it must for a database logging a wrong hash, an altered lookup
 * answer, and a forked log.
 *
 * <p>Each test gets its own database (a fresh key) and its own go command (a fresh GOPATH: no remembered tree head).
 */
class TestChecksumDatabaseGoTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Fixtures FIXTURES = Fixtures.standard();

    private static StaticGoProxy proxy;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = StaticGoProxy.start(FIXTURES);
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.stop();
        }
    }

    private static GoCommand go(TestChecksumDatabase db) {
        return GoCommand.builder().proxy(proxy.uri()).sumdb(db.gosumdb()).build();
    }

    @Test
    void theGoCommandVerifiesModulesAgainstTheDatabase() throws Exception {
        FixtureModule upper = FIXTURES.get(Fixtures.UPPER_CASE, "v1.0.0");
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES); GoCommand go = go(db)) {
            GoCommand.Result r = go.runOk(TIMEOUT, "mod", "download", "-json", upper.toString());
            JsonNode json = JSON.readTree(r.stdout());
            assertThat(json.path("Error").isMissingNode()).as("Error in %s", r.stdout()).isTrue();
            assertThat(json.path("Sum").asString()).isEqualTo(upper.zipHash());
            assertThat(json.path("GoModSum").asString()).isEqualTo(upper.modHash());

            // It looked the module up (escaped), once, and read a tile of the tree.
            assertThat(db.requests("/lookup/mod.example/!upper/!case@v1.0.0")).isEqualTo(1);
            assertThat(db.tileRequests()).contains("/tile/8/0/000.p/" + FIXTURES.all().size());
            // It remembers the signed tree head it verified.
            Path latest = Path.of(go.environment().get("GOPATH"), "pkg", "sumdb", db.name(), "latest");
            assertThat(Files.readString(latest, StandardCharsets.UTF_8)).isEqualTo(db.treeHead().note());

            // A second module verifies against the same tree.
            FixtureModule lib = FIXTURES.get(Fixtures.APP_LIB, "v1.0.0");
            go.runOk(TIMEOUT, "mod", "download", "-json", lib.toString());
            assertThat(db.requests("/lookup/mod.example/app/lib@v1.0.0")).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseVouchingForAnotherHashIsAChecksumMismatch() throws Exception {
        FixtureModule pre = FIXTURES.get(Fixtures.PRE, "v1.0.0");
        String wrong = "h1:" + "A".repeat(43) + "=";
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES); GoCommand go = go(db)) {
            db.setRecordOverride(pre.path(), pre.version(), wrong, pre.modHash());
            GoCommand.Result r = go.run(TIMEOUT, "mod", "download", "-json", pre.toString());
            assertThat(r.exitCode()).isNotZero();
            String out = r.stdout() + r.stderr();
            assertThat(out).contains("SECURITY ERROR", "checksum mismatch", wrong, pre.zipHash());
        }
    }

    @Test
    void anAlteredLookupAnswerDoesNotAuthenticate() throws Exception {
        FixtureModule pre = FIXTURES.get(Fixtures.PRE, "v1.0.0");
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES); GoCommand go = go(db)) {
            db.tamperLookup(pre.path(), pre.version(),
                    pre.path() + " " + pre.version() + " h1:" + "B".repeat(43) + "=\n" + pre.modSumLine() + "\n");
            GoCommand.Result r = go.run(TIMEOUT, "mod", "download", "-json", pre.toString());
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.stdout() + r.stderr()).contains("cannot authenticate record data in server response");
        }
    }

    @Test
    void aForkedLogIsDetectedByAGoCommandThatSawTheRealOne() throws Exception {
        FixtureModule first = FIXTURES.get(Fixtures.MAJOR_V2, "v2.0.0");
        FixtureModule second = FIXTURES.get(Fixtures.MAJOR_V2, "v2.1.0");
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES); GoCommand go = go(db)) {
            go.runOk(TIMEOUT, "mod", "download", "-json", first.toString());

            db.serveFork(true);
            assertThat(db.treeHead().size()).isEqualTo(FIXTURES.all().size());
            GoCommand.Result r = go.run(TIMEOUT, "mod", "download", "-json", second.toString());
            assertThat(r.exitCode()).isNotZero();
            String out = r.stdout() + r.stderr();
            assertThat(out).contains("SECURITY ERROR", "go.sum database server misbehavior detected",
                    "old database:", "new database:", "proof of misbehavior:", db.treeHead().hash().toString());
        }
    }
}
