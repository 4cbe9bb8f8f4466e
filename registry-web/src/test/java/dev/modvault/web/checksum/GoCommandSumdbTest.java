package dev.modvault.web.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.GoCommand;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.testkit.TestChecksumDatabase;
import dev.modvault.web.ModvaultServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real go command with GOPROXY=Modvault and GOSUMDB=&lt;test database key&gt; (no URL: the go command then asks
 * {@code <GOPROXY>/sumdb/<name>/supported} and verifies through Modvault's proxy; the database's name does not
 * resolve, so a download that verifies proves the proxy was used). Two replicas on one PostgreSQL: "strict" verifies
 * before caching ({@code modvault.sumdb.verify=true}), "lenient" does not, to show the go command's own check.
 */
class GoCommandSumdbTest {

    static final FixtureModule GOOD = SumdbArtifactVerifierTest.module("gogood.example/lib", "v1.0.0", "good");
    static final FixtureModule REAL = SumdbArtifactVerifierTest.module("gotampered.example/lib", "v1.0.0", "real");
    static final FixtureModule ALTERED = SumdbArtifactVerifierTest.module("gotampered.example/lib", "v1.0.0", "evil");
    static final FixtureModule SECRET = SumdbArtifactVerifierTest.module("corp.example.com/gosecret", "v1.0.0", "s");

    @TempDir
    static Path dir;
    static EmbeddedPostgres postgres;
    static TestChecksumDatabase db;
    static StaticGoProxy upstream;
    static StaticGoProxy privateUpstream;
    static ModvaultServer strict;
    static ModvaultServer lenient;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        db = TestChecksumDatabase.start(List.of(GOOD, REAL));
        upstream = StaticGoProxy.start(GOOD, ALTERED);
        privateUpstream = StaticGoProxy.start(SECRET);
        Map<String, String> common = new HashMap<>(Map.of(
                "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "",
                "modvault.sumdb.databases", db.verifierKey() + " " + db.uri(),
                "modvault.private.proxies", privateUpstream.uri().toString(),
                "modvault.policy.refresh-interval", "200ms"));
        common.put("modvault.sumdb.verify", "true");
        strict = ModvaultServer.start(Files.createDirectory(dir.resolve("strict")), upstream.uri(), common);
        common.put("modvault.sumdb.verify", "false");
        // on https: the go command sends credentials (needed for PRIVATE modules) only over TLS
        lenient = ModvaultServer.startTls(Files.createDirectory(dir.resolve("lenient")), upstream.uri(), common);
    }

    @AfterAll
    static void stop() throws Exception {
        lenient.close();
        strict.close();
        privateUpstream.close();
        upstream.close();
        db.close();
        postgres.close();
    }

    static GoCommand go(ModvaultServer modvault) {
        return builder(modvault, modvault.uri()).build();
    }

    /** A go command for {@code proxy} (one of modvault's addresses), trusting its certificate when it has one. */
    static GoCommand.Builder builder(ModvaultServer modvault, java.net.URI proxy) {
        GoCommand.Builder builder = GoCommand.builder().proxy(proxy).sumdb(db.verifierKey());
        if (modvault.uri().getScheme().equals("https")) {
            builder.env("SSL_CERT_FILE", modvault.certificatePem().toString());
        }
        return builder;
    }

    @Test
    void theGoCommandVerifiesDownloadsThroughModvaultsSumdbProxy() {
        try (GoCommand go = go(strict)) {
            GoCommand.Result result = go.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json",
                    GOOD.path() + "@" + GOOD.version());
            assertThat(result.stdout()).contains(GOOD.zipHash()).contains(GOOD.modHash());
        }
        assertThat(db.requests("/lookup/gogood.example/lib@v1.0.0"))
                .as("Modvault's own verification, then the go command's lookup forwarded by /sumdb/")
                .isEqualTo(2);
    }

    @Test
    void theGoCommandFailsLoudlyWhenTheDatabaseDisagrees() {
        String module = ALTERED.path() + "@" + ALTERED.version();
        try (GoCommand go = go(strict)) {
            GoCommand.Result refused = go.run(GoCommand.DEFAULT_TIMEOUT, "mod", "download", module);
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("502").contains("checksum mismatch").contains(REAL.zipHash());
        }
        // A Modvault that does not verify serves the altered zip; the go command's own lookup through
        // /sumdb/ catches it.
        try (GoCommand go = go(lenient)) {
            GoCommand.Result caught = go.run(GoCommand.DEFAULT_TIMEOUT, "mod", "download", module);
            assertThat(caught.exitCode()).isNotZero();
            assertThat(caught.stderr()).contains("checksum mismatch").contains("SECURITY ERROR")
                    .contains(ALTERED.zipHash()).contains(REAL.zipHash());
        }
    }

    @Test
    void aPrivateLookupIsRefusedWithAdviceToSetGonosumdbAndNeverForwarded() {
        lenient.createRule("PRIVATE", "corp.example.com", null, "our own code");
        String module = SECRET.path() + "@" + SECRET.version();
        // PRIVATE modules need a credential with access (docs/security.md): the admin token, in the GOPROXY URL
        try (GoCommand go = builder(lenient, lenient.uriWithAdminToken()).build()) {
            GoCommand.Result refused = go.run(GoCommand.DEFAULT_TIMEOUT, "mod", "download", module);
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("403").contains("GONOSUMDB=corp.example.com");
        }
        try (GoCommand go = builder(lenient, lenient.uriWithAdminToken())
                .noSumDb("corp.example.com").build()) {
            GoCommand.Result ok = go.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json", module);
            assertThat(ok.stdout()).contains(SECRET.zipHash());
        }
        assertThat(db.requestLog()).noneMatch(p -> p.contains("corp.example.com"));
    }
}
