package dev.modvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modvault.core.sumdb.ChecksumDatabaseVerifier;
import dev.modvault.core.sumdb.HttpSumdbFetcher;
import dev.modvault.core.sumdb.InMemoryTileCache;
import dev.modvault.core.sumdb.InMemoryTreeHeadStore;
import dev.modvault.core.sumdb.RecordVerificationException;
import dev.modvault.core.sumdb.Records;
import dev.modvault.core.sumdb.SignedTreeHead;
import dev.modvault.core.sumdb.SumdbNotFoundException;
import dev.modvault.core.sumdb.TileCache;
import dev.modvault.core.sumdb.TlogProofs;
import dev.modvault.core.sumdb.TreeForkException;
import dev.modvault.core.sumdb.VerifiedSums;
import dev.modvault.core.sumdb.VerifierKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Modvault's verifier ({@link ChecksumDatabaseVerifier}) against {@link TestChecksumDatabase} over HTTP, the database
 * the go command accepts ({@link TestChecksumDatabaseGoTest}): a correct record verifies, directly and through the
 * {@code /sumdb/<name>} prefix of a proxy; an altered answer, a wrong logged hash and a fork are caught; only the
 * tiles needed are fetched, full tiles once.
 */
class ChecksumDatabaseVerifierAgainstTestDatabaseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Fixtures FIXTURES = Fixtures.standard();
    private static HttpClient http;

    @BeforeAll
    static void client() {
        http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    private static ChecksumDatabaseVerifier verifier(TestChecksumDatabase db, InMemoryTreeHeadStore store,
            TileCache cache) {
        return new ChecksumDatabaseVerifier(VerifierKey.parse(db.verifierKey()),
                HttpSumdbFetcher.direct(http, db.uri(), TIMEOUT), store, cache);
    }

    @Test
    void verifiesTheRecordsOfTheFixtures() throws Exception {
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES)) {
            InMemoryTreeHeadStore store = new InMemoryTreeHeadStore();
            ChecksumDatabaseVerifier v = verifier(db, store, TileCache.none());
            for (FixtureModule m : FIXTURES.all()) {
                VerifiedSums s = v.lookup(m.path(), m.version());
                assertThat(s.lines()).as("%s", m).containsExactlyElementsOf(m.goSumLines());
                assertThat(s.zipHash()).contains(m.zipHash());
                assertThat(s.goModHash()).contains(m.modHash());
            }
            assertThat(store.load(db.name())).contains(db.treeHead());
            assertThat(db.requests("/lookup/mod.example/!upper/!case@v1.0.0")).isEqualTo(1);
        }
    }

    @Test
    void verifiesThroughTheSumdbPrefixOfAProxy() throws Exception {
        FixtureModule m = FIXTURES.get(Fixtures.INCOMPAT, "v2.0.0+incompatible");
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES)) {
            HttpSumdbFetcher viaProxy = HttpSumdbFetcher.viaProxy(http, db.uri(), db.name(), TIMEOUT);
            assertThat(viaProxy.base()).isEqualTo(db.proxyPrefixUri());
            ChecksumDatabaseVerifier v = new ChecksumDatabaseVerifier(VerifierKey.parse(db.verifierKey()), viaProxy,
                    new InMemoryTreeHeadStore(), TileCache.none());
            assertThat(v.lookup(m.path(), m.version()).zipHash()).contains(m.zipHash());
            assertThat(db.requestLog()).allMatch(p -> p.startsWith("/sumdb/" + db.name() + "/"));
            assertThat(get(db.proxyPrefixUri() + "/supported").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesAnAlteredLookupAnswer() throws Exception {
        FixtureModule m = FIXTURES.get(Fixtures.PRE, "v1.0.0");
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES)) {
            db.tamperLookup(m.path(), m.version(), m.path() + " " + m.version() + " h1:" + "B".repeat(43) + "=\n");
            assertThatThrownBy(() -> verifier(db, new InMemoryTreeHeadStore(), TileCache.none())
                    .lookup(m.path(), m.version()))
                    .isInstanceOf(RecordVerificationException.class)
                    .hasMessageContaining("cannot authenticate record data");
        }
    }

    @Test
    void returnsTheHashTheDatabaseLogged() throws Exception {
        // A wrong logged hash is consistent and signed: the verifier returns it, and the caller's comparison with
        // the downloaded zip fails (as the go command's does).
        FixtureModule m = FIXTURES.get(Fixtures.PRE, "v1.0.0");
        String wrong = "h1:" + "A".repeat(43) + "=";
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES)) {
            db.setRecordOverride(m.path(), m.version(), wrong, m.modHash());
            VerifiedSums s = verifier(db, new InMemoryTreeHeadStore(), TileCache.none()).lookup(m.path(), m.version());
            assertThat(s.zipHash()).contains(wrong).isNotEqualTo(m.zipHash());
        }
    }

    @Test
    void detectsAForkOfTheSameSize() throws Exception {
        FixtureModule first = FIXTURES.get(Fixtures.MAJOR_V2, "v2.0.0");
        FixtureModule second = FIXTURES.get(Fixtures.MAJOR_V2, "v2.1.0");
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES)) {
            InMemoryTreeHeadStore store = new InMemoryTreeHeadStore();
            verifier(db, store, TileCache.none()).lookup(first.path(), first.version());
            SignedTreeHead real = store.load(db.name()).orElseThrow();

            db.serveFork(true);
            TreeForkException e = catchThrowableOfType(TreeForkException.class,
                    () -> verifier(db, store, TileCache.none()).lookup(second.path(), second.version()));
            assertThat(e.getMessage()).contains("SECURITY ERROR", "two different trees of size " + real.size(),
                    real.hash().toString(), e.newer().hash().toString());
            assertThat(store.load(db.name())).contains(real);

            // A verifier that never saw the real log cannot tell.
            assertThat(verifier(db, new InMemoryTreeHeadStore(), TileCache.none())
                    .lookup(second.path(), second.version()).zipHash()).contains(second.zipHash());
        }
    }

    @Test
    void detectsALargerForkThatDoesNotExtendTheVerifiedTree() throws Exception {
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES)) {
            InMemoryTreeHeadStore store = new InMemoryTreeHeadStore();
            FixtureModule first = FIXTURES.get(Fixtures.MAJOR_V2, "v2.0.0");
            verifier(db, store, TileCache.none()).lookup(first.path(), first.version());
            long verified = store.load(db.name()).orElseThrow().size();

            db.add("example.com/later", "v1.0.0", "h1:" + "C".repeat(43) + "=", "h1:" + "D".repeat(43) + "=");
            db.serveFork(true);
            TreeForkException e = catchThrowableOfType(TreeForkException.class,
                    () -> verifier(db, store, TileCache.none()).lookup("example.com/later", "v1.0.0"));
            assertThat(e.older().size()).isEqualTo(verified);
            assertThat(e.newer().size()).isEqualTo(verified + 1);
            assertThat(e.getMessage()).contains("does not extend tree#" + verified);
            TlogProofs.checkTree(e.proof(), e.newer().size(), e.newer().hash(), verified, e.olderHashInNewer());

            // The real log does extend it.
            db.serveFork(false);
            assertThat(verifier(db, store, TileCache.none()).lookup("example.com/later", "v1.0.0").tree().size())
                    .isEqualTo(verified + 1);
        }
    }

    @Test
    void fetchesOnlyTheTilesNeededAndFullTilesOnce() throws Exception {
        try (TestChecksumDatabase db = TestChecksumDatabase.start()) {
            for (int i = 0; i < 300; i++) {
                db.add("example.com/m" + i, "v1.0.0", "h1:" + hash(i, 'z'), "h1:" + hash(i, 'm'));
            }
            InMemoryTileCache cache = new InMemoryTileCache(16);
            ChecksumDatabaseVerifier v = verifier(db, new InMemoryTreeHeadStore(), cache);

            // Tree 300 = [0,256) + [256,300): record 5 is in the full tile 000 under the level-1 tile.
            assertThat(v.lookup("example.com/m5", "v1.0.0").recordId()).isEqualTo(5);
            assertThat(db.tileRequests()).containsExactlyInAnyOrder(
                    "/tile/8/1/000.p/1", "/tile/8/0/001.p/44", "/tile/8/0/000");
            assertThat(cache.size()).isEqualTo(1);

            db.clearRequestLog();
            v.lookup("example.com/m200", "v1.0.0");
            assertThat(db.tileRequests()).as("the full tile is cached")
                    .containsExactlyInAnyOrder("/tile/8/1/000.p/1", "/tile/8/0/001.p/44");

            db.clearRequestLog();
            v.lookup("example.com/m299", "v1.0.0");
            assertThat(db.tileRequests()).containsExactlyInAnyOrder("/tile/8/1/000.p/1", "/tile/8/0/001.p/44");
        }
    }

    @Test
    void servesTheProtocolOfXModServer() throws Exception {
        try (TestChecksumDatabase db = TestChecksumDatabase.start(FIXTURES)) {
            int n = FIXTURES.all().size();
            FixtureModule first = FIXTURES.all().get(0);
            HttpResponse<byte[]> latest = get(db.uri() + "/latest");
            assertThat(latest.statusCode()).isEqualTo(200);
            assertThat(new String(latest.body(), StandardCharsets.UTF_8)).isEqualTo(db.treeHead().note())
                    .startsWith("go.sum database tree\n" + n + "\n");

            HttpResponse<byte[]> data = get(db.uri() + "/tile/8/data/000.p/" + n);
            assertThat(data.statusCode()).isEqualTo(200);
            Records.Parsed r0 = Records.parse(data.body());
            assertThat(r0.id()).isZero();
            assertThat(r0.textString()).isEqualTo(first.zipSumLine() + "\n" + first.modSumLine() + "\n");

            assertThat(get(db.uri() + "/tile/8/0/000.p/" + n).body()).hasSize(32 * n);
            assertThat(get(db.uri() + "/tile/8/0/000.p/" + (n + 1)).statusCode()).isEqualTo(404);
            assertThat(get(db.uri() + "/tile/8/0/000").statusCode()).isEqualTo(404);
            assertThat(get(db.uri() + "/tile/8/0/0").statusCode()).isEqualTo(400);
            assertThat(get(db.uri() + "/lookup/example.com/nope@v1.0.0").statusCode()).isEqualTo(404);
            assertThat(get(db.uri() + "/lookup/example.com/nope@latest").statusCode()).isEqualTo(400);
            db.unknownRecordStatus(410);
            assertThat(get(db.uri() + "/lookup/example.com/nope@v1.0.0").statusCode()).isEqualTo(410);
            assertThatThrownBy(() -> verifier(db, new InMemoryTreeHeadStore(), TileCache.none())
                    .lookup("example.com/nope", "v1.0.0")).isInstanceOf(SumdbNotFoundException.class);
            assertThat(db.requests("/lookup/example.com/nope@v1.0.0")).isEqualTo(3);
        }
    }

    private static HttpResponse<byte[]> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A distinct, valid-looking base64 hash for record i. */
    private static String hash(int i, char c) {
        String s = Integer.toString(i);
        return String.valueOf(c).repeat(43 - s.length()) + s + "=";
    }
}
