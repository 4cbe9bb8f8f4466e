package dev.modvault.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.Fixtures;
import dev.modvault.testkit.GoCommand;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy rules made through the admin API, enforced on the real go command, with Modvault on its embedded
 * PostgreSQL. Each test uses its own modules, so rules of one test do not meet another's.
 */
class PolicyEndToEndTest {

    private static final Fixtures FIXTURES = Fixtures.standard();
    private static final FixtureModule SECRET = FixtureModule.builder("corp.example.com/team/secret", "v1.0.0")
            .file("secret.go", "package secret\n\nfunc Hello() string { return \"secret\" }\n")
            .build();
    private static final FixtureModule DENIED = FixtureModule.builder("deny.example/lib", "v1.0.0")
            .file("lib.go", "package lib\n").build();
    private static final FixtureModule REPEATED = FixtureModule.builder("repeat.example/lib", "v1.0.0")
            .file("lib.go", "package lib\n").build();
    private static final FixtureModule UNSOURCED = FixtureModule.builder("nosource.example.com/lib", "v1.0.0")
            .file("lib.go", "package lib\n").build();

    @TempDir
    static Path dataDir;

    static StaticGoProxy publicUpstream;
    static StaticGoProxy privateUpstream;
    static ModvaultServer modvault;
    static GoCommand go;

    @BeforeAll
    static void start() throws Exception {
        publicUpstream = StaticGoProxy.start(FIXTURES);
        publicUpstream.addModule(SECRET); // a public proxy that would answer: it must never be asked
        publicUpstream.addModule(DENIED);
        publicUpstream.addModule(UNSOURCED);
        publicUpstream.addModule(REPEATED);
        privateUpstream = StaticGoProxy.start(SECRET);
        // on https: the go command sends credentials (needed for PRIVATE modules) only over TLS
        modvault = ModvaultServer.startTls(dataDir, publicUpstream.uri(),
                Map.of("modvault.private.proxies", privateUpstream.uri().toString()));
        go = GoCommand.builder().proxy(modvault.uri()).env("SSL_CERT_FILE", modvault.certificatePem().toString())
                .build();
    }

    @AfterAll
    static void stop() {
        go.close();
        modvault.close();
        privateUpstream.close();
        publicUpstream.close();
    }

    @Test
    void aDenyRuleMakesGoGetFailWithTheRulesReason(@TempDir Path project) throws Exception {
        long id = modvault.createRule("DENY", "deny.example/lib", null, "banned by security review SEC-42");
        Files.writeString(project.resolve("go.mod"), "module example.com/denied\n\ngo 1.19\n");

        var result = go.inDir(project).run(GoCommand.DEFAULT_TIMEOUT, "get", "deny.example/lib@v1.0.0");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("403").contains("banned by security review SEC-42")
                .contains("rule " + id);
        assertThat(publicUpstream.requests(DENIED.proxyPath("zip"))).isZero();
    }

    @Test
    void goGetLatestSkipsADeniedNewestVersion(@TempDir Path project) throws Exception {
        modvault.createRule("DENY", Fixtures.UPPER_CASE, ">=v1.1.0", "v1.1.0 breaks the build");
        Files.writeString(project.resolve("go.mod"), "module example.com/skips\n\ngo 1.19\n");

        go.inDir(project).runOk(GoCommand.DEFAULT_TIMEOUT, "get", Fixtures.UPPER_CASE + "@latest");

        assertThat(Files.readString(project.resolve("go.mod"))).contains(Fixtures.UPPER_CASE + " v1.0.0");
        var versions = go.runOk(GoCommand.DEFAULT_TIMEOUT, "list", "-m", "-versions", Fixtures.UPPER_CASE);
        assertThat(versions.stdout().strip()).isEqualTo(Fixtures.UPPER_CASE + " v1.0.0");
    }

    @Test
    void aPrivateModuleComesFromThePrivateUpstreamAndItsPathNeverReachesThePublicOne() {
        modvault.createRule("PRIVATE", "corp.example.com", null, "our own code");

        // PRIVATE modules need a credential with access (docs/security.md): the admin token, in the GOPROXY URL
        try (GoCommand go = GoCommand.builder().proxy(modvault.uriWithAdminToken())
                .env("SSL_CERT_FILE", modvault.certificatePem().toString()).build()) {
            var result = go.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json", SECRET.path() + "@v1.0.0");

            assertThat(result.stdout()).contains(SECRET.zipHash());
            assertThat(privateUpstream.requests(SECRET.proxyPath("zip"))).isEqualTo(1);
            assertThat(publicUpstream.requestLog()).noneMatch(p -> p.contains("corp.example.com"));
            go.runOk(GoCommand.DEFAULT_TIMEOUT, "list", "-m", "-versions", SECRET.path());
            assertThat(publicUpstream.requestLog()).noneMatch(p -> p.contains("corp.example.com"));
        }
    }

    @Test
    void aPrivateModuleWithoutASourceIsAClearNotFound() throws Exception {
        try (ModvaultServer noPrivate = ModvaultServer.start(Files.createTempDirectory(dataDir, "nopriv"),
                publicUpstream.uri(), Map.of("modvault.policy.refresh-interval", "200ms"))) {
            noPrivate.createRule("PRIVATE", "nosource.example.com", null, "ours");

            HttpResponse<byte[]> response = noPrivate.get(UNSOURCED.proxyPath("info"),
                    "Bearer " + ModvaultServer.ADMIN_TOKEN);

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .contains("is private").contains("no private source is configured");
            assertThat(publicUpstream.requestLog()).noneMatch(p -> p.contains("nosource.example.com"));
        }
    }

    @Test
    void allowListModeServesOnlyAllowedModules() throws Exception {
        try (ModvaultServer allowList = ModvaultServer.start(Files.createTempDirectory(dataDir, "allow"),
                publicUpstream.uri(), Map.of("modvault.policy.allow-list-mode", "true"))) {
            allowList.createRule("ALLOW", Fixtures.PRE, null, "vetted");

            assertThat(allowList.get("/mod.example/pre/@v/list").statusCode()).isEqualTo(200);
            HttpResponse<byte[]> refused = allowList.get("/mod.example/major/v2/@v/list");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("allow list");
        }
    }

    @Test
    void theDryRunSaysWhetherAndWhy() {
        long id = modvault.createRule("DENY", "dry.example/*", "<v2.0.0", "too old");

        HttpResponse<String> denied = modvault.admin("GET", "/api/v1/policy/evaluate?module=dry.example/x&version=v1.5.0", null);
        HttpResponse<String> served = modvault.admin("GET", "/api/v1/policy/evaluate?module=dry.example/x&version=v2.1.0", null);

        assertThat(denied.statusCode()).isEqualTo(200);
        assertThat(denied.body()).contains("\"served\":false").contains("too old").contains("\"id\":" + id);
        assertThat(served.body()).contains("\"served\":true");
    }

    @Test
    void deniedDownloadsAndAdminChangesAreAudited() throws Exception {
        long id = modvault.createRule("DENY", "audited.example/lib", null, "audit me");
        modvault.get("/audited.example/lib/@v/v1.0.0.zip");

        String body = awaitAudit("/api/v1/audit?module=audited.example/lib&action=POLICY_DENIAL", "audited.example/lib");
        assertThat(body).contains("\"status\":403").containsPattern("rule[\\\\\"]*:\\s*" + id + "\\b");
        String changes = awaitAudit("/api/v1/audit?action=ADMIN_CHANGE&actor=bootstrap-admin", "audit me");
        assertThat(changes).contains("create");
    }

    @Test
    void repeatedCacheHitsAreOneAuditEntryWithTheirCountAndTheMissItsOwn() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(modvault.get(REPEATED.proxyPath("zip")).statusCode()).isEqualTo(200);
        }

        java.util.regex.Pattern entry = java.util.regex.Pattern.compile(
                "\"cacheHit\":(true|false)[^}]*}\\s*,\\s*\"count\":(\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int misses = 0;
        int hits = 0;
        int hitEntries = 0;
        String body = "";
        while (System.nanoTime() < deadline && misses + hits < 5) {
            Thread.sleep(100);
            body = modvault.admin("GET", "/api/v1/audit?module=repeat.example/lib&action=DOWNLOAD", null).body();
            misses = 0;
            hits = 0;
            hitEntries = 0;
            for (var m = entry.matcher(body); m.find(); ) {
                int count = Integer.parseInt(m.group(2));
                if (m.group(1).equals("true")) {
                    hits += count;
                    hitEntries++;
                } else {
                    misses += count;
                }
            }
        }
        assertThat(misses).as(body).isEqualTo(1);
        assertThat(hits).as(body).isEqualTo(4);
        assertThat(hitEntries).as("four hits within one audit batch are coalesced: " + body).isLessThan(4);
        assertThat(body).contains("\"lastTime\"");
    }

    private static String awaitAudit(String query, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = modvault.admin("GET", query, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            body = response.body();
            if (body.contains(expected)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no audit event with " + expected + " for " + query + ": " + body);
    }
}
