package dev.modvault.web.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.cache.ModuleLayout;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.core.verify.SumdbArtifactVerifier;
import dev.modvault.persistence.AsyncAuditWriter;
import dev.modvault.persistence.JdbcCatalog;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.StorageKey;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.testkit.TestChecksumDatabase;
import dev.modvault.web.ModvaultServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing unverified is cached, end to end: Modvault (embedded PostgreSQL, disk store) verifying against a real signed
 * {@link TestChecksumDatabase}, fed by {@link StaticGoProxy} upstreams. Each test uses modules of its own.
 */
class ChecksumEndToEndTest {

    static final FixtureModule GOOD = SumdbArtifactVerifierTest.module("good.example/lib", "v1.0.0", "good");
    static final FixtureModule REAL = SumdbArtifactVerifierTest.module("tampered.example/lib", "v1.0.0", "real");
    static final FixtureModule ALTERED = SumdbArtifactVerifierTest.module("tampered.example/lib", "v1.0.0", "evil");
    static final FixtureModule VICTIM = SumdbArtifactVerifierTest.module("victim.example/lib", "v1.0.0", "victim");
    static final FixtureModule FLIP = SumdbArtifactVerifierTest.module("flip.example/lib", "v1.0.0", "flip");
    static final FixtureModule SECRET = SumdbArtifactVerifierTest.module("corp.example.com/secret", "v1.0.0", "s");
    static final FixtureModule SECRET_ALTERED =
            SumdbArtifactVerifierTest.module("corp.example.com/secret", "v1.0.0", "changed");

    @TempDir
    static Path dataDir;
    static TestChecksumDatabase db;
    static StaticGoProxy upstream;
    static StaticGoProxy privateUpstream;
    static ModvaultServer modvault;

    @BeforeAll
    static void start() throws Exception {
        db = TestChecksumDatabase.start(List.of(GOOD, REAL, VICTIM, FLIP));
        upstream = StaticGoProxy.start(GOOD, ALTERED, VICTIM, FLIP);
        privateUpstream = StaticGoProxy.start(SECRET);
        modvault = ModvaultServer.start(dataDir, upstream.uri(), Map.of(
                "modvault.sumdb.verify", "true",
                "modvault.sumdb.databases", db.verifierKey() + " " + db.uri(),
                "modvault.private.proxies", privateUpstream.uri().toString()));
    }

    @AfterAll
    static void stop() {
        modvault.close();
        privateUpstream.close();
        upstream.close();
        db.close();
    }

    static StorageKey key(FixtureModule m, ModuleLayout.Kind kind) {
        return ModuleLayout.artifact(ModulePath.of(m.path()), Version.of(m.version()), kind);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static boolean stored(FixtureModule m, ModuleLayout.Kind kind) {
        return Files.exists(modvault.storageRoot().resolve(key(m, kind).value() + "%o"));
    }

    /** The SECURITY audit events of a module, once the asynchronous writer has written them. */
    static String securityEvents(String module) {
        modvault.bean(AsyncAuditWriter.class).flush(Duration.ofSeconds(10));
        return modvault.admin("GET", "/api/v1/audit?action=SECURITY&module=" + module, null).body();
    }

    static List<String> catalogArtifacts(FixtureModule m) {
        modvault.bean(JdbcCatalog.class).flush(Duration.ofSeconds(10));
        return modvault.bean(JdbcCatalog.class).entries(m.path()).stream().map(e -> e.artifact()).toList();
    }

    @Test
    void aModuleTheDatabaseVouchesForIsCachedWithItsH1() {
        HttpResponse<byte[]> zip = modvault.get(GOOD.proxyPath("zip"));
        HttpResponse<byte[]> mod = modvault.get(GOOD.proxyPath("mod"));

        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.body()).isEqualTo(GOOD.zipBytes());
        assertThat(mod.body()).isEqualTo(GOOD.modBytes());
        ArtifactStore store = modvault.bean(ArtifactStore.class);
        assertThat(store.get(key(GOOD, ModuleLayout.Kind.ZIP)).orElseThrow().metadata().attribute("h1"))
                .isEqualTo(GOOD.zipHash());
        assertThat(modvault.get(GOOD.proxyPath("zip")).headers().firstValue("X-Modvault-Cache")).contains("hit");
        assertThat(db.requests("/lookup/good.example/lib@v1.0.0")).as("one lookup for .mod and .zip").isEqualTo(1);
        assertThat(catalogArtifacts(GOOD)).contains("zip", "mod");
    }

    @Test
    void anUpstreamZipTheDatabaseDoesNotVouchForIsRefusedNotCachedAndAudited() {
        HttpResponse<byte[]> response = modvault.get(ALTERED.proxyPath("zip"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(text(response)).contains("checksum mismatch").contains("tampered.example/lib@v1.0.0")
                .contains(ALTERED.zipHash()).contains(REAL.zipHash());
        assertThat(stored(ALTERED, ModuleLayout.Kind.ZIP)).isFalse();
        assertThat(modvault.bean(ArtifactStore.class).get(key(ALTERED, ModuleLayout.Kind.ZIP))).isEmpty();
        assertThat(catalogArtifacts(ALTERED)).doesNotContain("zip");
        assertThat(securityEvents(ALTERED.path())).contains("checksum-mismatch").contains(REAL.zipHash());
        assertThat(modvault.bean(SumdbArtifactVerifier.class).mismatches()).isPositive();
        assertThat(modvault.get(ALTERED.proxyPath("zip")).statusCode()).as("refused every time").isEqualTo(502);
    }

    @Test
    void aTreeHeadInconsistentWithTheStoredOneRaisesTheAlertAndCachesNothing() {
        assertThat(modvault.get(GOOD.proxyPath("mod")).statusCode()).isEqualTo(200); // the real tree is stored
        db.serveFork(true);
        try {
            HttpResponse<byte[]> response = modvault.get(VICTIM.proxyPath("mod"));
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(text(response)).contains("SECURITY ERROR").contains("forked").contains(db.name());
            assertThat(stored(VICTIM, ModuleLayout.Kind.MOD)).isFalse();

            HttpResponse<byte[]> latest = modvault.get("/sumdb/" + db.name() + "/latest");
            assertThat(latest.statusCode()).as("the proxy refuses the forked head too").isEqualTo(502);
            assertThat(text(latest)).contains("SECURITY ERROR");
        } finally {
            db.serveFork(false);
        }
        assertThat(modvault.bean(SumdbArtifactVerifier.class).forks()).isPositive();
        assertThat(securityEvents(VICTIM.path())).contains("sumdb-fork");
        assertThat(catalogArtifacts(VICTIM)).isEmpty();
    }

    @Test
    void aPrivatePathIsNeverSentToTheDatabaseAndItsFirstFetchIsTrusted() {
        modvault.createRule("PRIVATE", "corp.example.com", null, "our own code");

        String admin = "Bearer " + ModvaultServer.ADMIN_TOKEN; // PRIVATE modules need a credential with access
        assertThat(modvault.get(SECRET.proxyPath("mod"), admin).statusCode()).isEqualTo(200);
        assertThat(modvault.get(SECRET.proxyPath("zip"), admin).body()).isEqualTo(SECRET.zipBytes());
        HttpResponse<byte[]> lookup = modvault.get("/sumdb/" + db.name() + "/lookup/corp.example.com/secret@v1.0.0");
        assertThat(lookup.statusCode()).isEqualTo(403);
        assertThat(text(lookup)).contains("GONOSUMDB=corp.example.com");
        assertThat(db.requestLog()).noneMatch(p -> p.contains("corp.example.com"));

        // The private source now serves other bytes for the same version: once the cached copy is purged, the
        // refetch is refused against the hash recorded on first use.
        privateUpstream.addModule(SECRET_ALTERED);
        assertThat(modvault.admin("DELETE", "/api/v1/catalog/versions?module=" + SECRET.path() + "&version="
                + SECRET.version(), null).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> refetch = modvault.get(SECRET.proxyPath("zip"), admin);
        assertThat(refetch.statusCode()).isEqualTo(502);
        assertThat(text(refetch)).contains("checksum mismatch").contains("first fetch")
                .contains(SECRET.zipHash()).contains(SECRET_ALTERED.zipHash());
        assertThat(db.requestLog()).noneMatch(p -> p.contains("corp.example.com"));
        assertThat(securityEvents(SECRET.path())).contains("checksum-mismatch");
    }

    @Test
    void aByteFlippedInStorageFailsTheNextRequestAndTheScrubReportsTheKey() throws Exception {
        assertThat(modvault.get(FLIP.proxyPath("zip")).statusCode()).isEqualTo(200);
        modvault.bean(JdbcCatalog.class).flush(Duration.ofSeconds(10));
        StorageKey key = key(FLIP, ModuleLayout.Kind.ZIP);
        VerifyingArtifactStoreTest.flipOneByte(modvault.storageRoot().resolve(key.value() + "%o"),
                FLIP.zipBytes().length / 2, true);

        HttpResponse<byte[]> response = modvault.get(FLIP.proxyPath("zip"));
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(text(response)).contains("checksum mismatch").contains(key.value());
        assertThat(securityEvents(FLIP.path())).contains("stored-artifact-damaged");

        HttpResponse<String> started = modvault.admin("POST", "/api/v1/scrub", null);
        assertThat(started.statusCode()).isEqualTo(202);
        String report = awaitScrub();
        assertThat(report).contains("\"state\":\"FINISHED\"").contains(key.value())
                .doesNotContain(key(GOOD, ModuleLayout.Kind.ZIP).value());
        assertThat(report).containsPattern("\"damaged\":[1-9]");
    }

    @Test
    void theSumdbProxyAnswersSupportedForwardsLookupsAndKeepsFullTiles() throws Exception {
        String base = "/sumdb/" + db.name();
        assertThat(modvault.get(base + "/supported").statusCode()).isEqualTo(200);
        assertThat(modvault.get("/sumdb/not.configured.example/supported").statusCode()).isEqualTo(404);
        assertThat(modvault.get(base + "/lookup/mod.example/x@not-a-version").statusCode()).isEqualTo(400);

        // 256 more records: the log now has a full tile at level 0
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 256; i++) {
            String h1 = "h1:" + java.util.Base64.getEncoder().encodeToString(sha.digest(("filler " + i).getBytes()));
            db.add("filler.example/m" + i, "v1.0.0", h1, h1);
        }
        HttpResponse<byte[]> lookup = modvault.get(base + "/lookup/filler.example/m3@v1.0.0");
        assertThat(lookup.statusCode()).isEqualTo(200);
        assertThat(text(lookup)).contains("filler.example/m3 v1.0.0 h1:").contains(db.name());

        db.clearRequestLog();
        HttpResponse<byte[]> first = modvault.get(base + "/tile/8/0/000");
        HttpResponse<byte[]> second = modvault.get(base + "/tile/8/0/000");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).hasSize(256 * 32).isEqualTo(second.body());
        assertThat(second.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("immutable"));
        assertThat(db.requests("/tile/8/0/000")).as("a full tile is fetched at most once").isLessThanOrEqualTo(1);
    }

    static String awaitScrub() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = modvault.admin("GET", "/api/v1/scrub", null).body();
            if (!body.contains("\"state\":\"RUNNING\"")) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("scrub still running: " + body);
    }
}
