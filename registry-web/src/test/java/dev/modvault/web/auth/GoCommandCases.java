package dev.modvault.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.GoCommand;
import dev.modvault.web.auth.AuthClient.Token;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real go command (1.19+) against replica A over HTTPS, with anonymous reading off: it sends .netrc
 * credentials (only over https) and credentials in the GOPROXY URL as HTTP Basic, and prints a refusal as
 * "reading URL: 401" followed by "server response: " and Modvault's one-line reason.
 */
abstract class GoCommandCases {

    private static final String TEAM_A = AuthServers.TEAM_A.path() + "@" + AuthServers.TEAM_A.version();

    static AuthServers servers() {
        return AuthEndToEndTest.servers;
    }

    /** A go command trusting the test certificate, with a .netrc line for {@code token} unless it is null. */
    static GoCommand go(URI proxy, Token token) throws Exception {
        GoCommand go = GoCommand.builder().proxy(proxy)
                .env("SSL_CERT_FILE", servers().certificate.pem().toString())
                .noSumDb("corp.example.com")
                .build();
        if (token != null) {
            Path netrc = Path.of(go.environment().get("HOME"), ".netrc");
            Files.writeString(netrc, "machine 127.0.0.1 login " + token.owner() + " password " + token.secret() + "\n");
        }
        return go;
    }

    static GoCommand go(Token token) throws Exception {
        return go(servers().goproxyA(), token);
    }

    @Test
    void aTeamTokenInNetrcDownloadsTheTeamsPrivateModuleOverTls() throws Exception {
        try (GoCommand go = go(servers().alice)) {
            GoCommand.Result result = go.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json", TEAM_A);
            assertThat(result.stdout()).contains(AuthServers.TEAM_A.zipHash());
        }
        assertThat(servers().privateUpstream.requests(AuthServers.TEAM_A.proxyPath("zip"))).isPositive();
    }

    @Test
    void withoutACredentialTheGoCommandIsToldToAuthenticate() throws Exception {
        try (GoCommand go = go(null)) {
            GoCommand.Result result = go.run(GoCommand.DEFAULT_TIMEOUT, "mod", "download", TEAM_A);
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains(": 401").contains("authentication required")
                    .contains(".netrc");
        }
    }

    @Test
    void aRevokedTokenFailsWithAClearMessage() throws Exception {
        try (GoCommand go = go(servers().carol)) {
            GoCommand.Result result = go.run(GoCommand.DEFAULT_TIMEOUT, "mod", "download", TEAM_A);
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains(": 401")
                    .contains("token " + servers().carol.id() + " was revoked");
        }
    }

    @Test
    void anExpiredTokenFailsWithAClearMessage() throws Exception {
        servers().awaitDaveExpired();
        try (GoCommand go = go(servers().dave)) {
            GoCommand.Result result = go.run(GoCommand.DEFAULT_TIMEOUT, "mod", "download", TEAM_A);
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains(": 401")
                    .contains("token " + servers().dave.id() + " expired at");
        }
    }

    @Test
    void anotherTeamsTokenSeesNeitherTheModuleNorItsName() throws Exception {
        AuthServers s = servers();
        // alice's team caches its module, so it is in the catalog
        AuthClient.expect(200, s.a.get(AuthServers.TEAM_A.proxyPath("zip"), s.alice.basic()));
        try (GoCommand go = go(s.bob)) {
            GoCommand.Result download = go.run(GoCommand.DEFAULT_TIMEOUT, "mod", "download", TEAM_A);
            assertThat(download.exitCode()).isNotZero();
            assertThat(download.stderr()).contains(": 404").contains("bob may not read")
                    .doesNotContain("403");
            GoCommand.Result list = go.run(GoCommand.DEFAULT_TIMEOUT, "list", "-m", "-versions",
                    AuthServers.TEAM_A.path());
            assertThat(list.exitCode()).isNotZero();
            assertThat(list.stdout()).doesNotContain("v1.0.0");
            assertThat(list.stderr()).contains(": 404");
            // bob's own team module is there
            GoCommand.Result own = go.runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "download", "-json",
                    AuthServers.TEAM_B.path() + "@v1.0.0");
            assertThat(own.stdout()).contains(AuthServers.TEAM_B.zipHash());
        }
        String forAlice = awaitCatalog(s.alice.bearer(), "corp.example.com/team-a/lib");
        assertThat(forAlice).doesNotContain("team-b");
        String forBob = awaitCatalog(s.bob.bearer(), "corp.example.com/team-b/lib");
        assertThat(forBob).doesNotContain("team-a");
        assertThat(s.a.get("/api/v1/catalog/versions?module=" + AuthServers.TEAM_A.path(), s.bob.bearer()).body())
                .isEqualTo("[]");
    }

    @Test
    void credentialsInTheGoproxyUrlWorkToo() throws Exception {
        Token alice = servers().alice;
        URI withCredentials = URI.create("https://" + alice.owner() + ":" + alice.secret() + "@127.0.0.1:"
                + servers().goproxyA().getPort());
        try (GoCommand go = go(withCredentials, null)) {
            GoCommand.Result result = go.runOk(GoCommand.DEFAULT_TIMEOUT, "list", "-m", "-versions",
                    AuthServers.TEAM_A.path());
            assertThat(result.stdout().strip()).isEqualTo(AuthServers.TEAM_A.path() + " v1.0.0");
        }
    }

    /** The catalog's module search for "corp" as {@code authorization} sees it, once it holds {@code expected}. */
    static String awaitCatalog(String authorization, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = AuthClient.expect(200, servers().a.get("/api/v1/catalog/modules?q=corp", authorization)).body();
            if (body.contains(expected)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the catalog never showed " + expected + ": " + body);
    }
}
