package dev.modvault.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.modvault.web.ModvaultServer;
import dev.modvault.web.auth.AuthClient.Token;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authentication and authorization as a table: one request to replica A (anonymous reading off) per row, with the
 * status and a piece of the body it must answer. Every 401 must carry {@code WWW-Authenticate: Basic}.
 */
abstract class AuthenticationTableCases {

    private static final String PUBLIC = AuthServers.PUBLIC.proxyPath("info");
    private static final String A_INFO = AuthServers.TEAM_A.proxyPath("info");
    private static final String A_ZIP = AuthServers.TEAM_A.proxyPath("zip");
    private static final String A_LIST = "/corp.example.com/team-a/lib/@v/list";
    private static final String A_LATEST = "/corp.example.com/team-a/lib/@latest";
    private static final String ADMIN_API = "/api/v1/policy/rules";
    private static final String TOKENS = "/api/v1/tokens";
    private static final String CATALOG = "/api/v1/catalog/modules?q=corp";

    static Stream<Arguments> cases() {
        AuthServers s = AuthEndToEndTest.servers;
        TestIdentityProvider idp = s.idp;
        Token alice = s.alice;
        String admins = TestIdentityProvider.ADMIN_GROUP;
        return Stream.of(
                // no credential (anonymous reading is off on replica A)
                row("no credential, public module", "GET", PUBLIC, null, 401, "authentication required"),
                row("no credential, private module", "GET", A_INFO, null, 401, "authentication required"),
                row("no credential, admin API", "GET", ADMIN_API, null, 401, "admin credentials required"),
                row("no credential, catalog", "GET", CATALOG, null, 401, "credentials required"),
                // malformed and unsupported
                row("Basic not base64", "GET", A_INFO, "Basic %%%", 401, "malformed Basic credentials"),
                row("Basic without a colon", "GET", A_INFO, "Basic " + b64("alice"), 401, "login:token"),
                row("Basic with an empty password", "GET", A_INFO, "Basic " + b64("alice:"), 401, "login:token"),
                row("Bearer without a token", "GET", A_INFO, "Bearer ", 401, "malformed Bearer credentials"),
                row("unsupported scheme Token", "GET", A_INFO, "Token " + alice.secret(), 401,
                        "unsupported authorization scheme"),
                row("unsupported scheme Digest", "GET", ADMIN_API, "Digest username=\"x\"", 401,
                        "unsupported authorization scheme"),
                row("truncated token", "GET", A_INFO, "Bearer " + alice.secret().substring(0, 30), 401,
                        "malformed token"),
                row("plain wrong password", "GET", A_INFO, AuthClient.basic("alice", "hunter2"), 401,
                        "invalid credentials"),
                // wrong, unknown, revoked, expired tokens
                row("right id, wrong secret", "GET", A_INFO, AuthClient.basic("alice", tampered(alice.secret())), 401,
                        "invalid token"),
                row("unknown token id", "GET", A_INFO, "Bearer mvt_0000000000000000_" + "A".repeat(43), 401,
                        "invalid token"),
                row("revoked token", "GET", PUBLIC, s.carol.basic(), 401, "was revoked"),
                row("expired token", "GET", PUBLIC, s.dave.basic(), 401, "expired at"),
                // what a valid read token may do
                row("read token, public module", "GET", PUBLIC, alice.basic(), 200, "v1.0.0"),
                row("read token, own team's module (Basic)", "GET", A_INFO, alice.basic(), 200, "v1.0.0"),
                row("read token, own team's module (Bearer)", "GET", A_INFO, alice.bearer(), 200, "v1.0.0"),
                row("read token, any login name", "GET", A_INFO, AuthClient.basic("anyone", alice.secret()), 200,
                        "v1.0.0"),
                row("read token, catalog", "GET", CATALOG, alice.bearer(), 200, "modules"),
                // another group: 404 on every endpoint, never 403
                row("other group, info", "GET", A_INFO, s.bob.basic(), 404, "bob may not read"),
                row("other group, zip", "GET", A_ZIP, s.bob.basic(), 404, "bob may not read"),
                row("other group, list", "GET", A_LIST, s.bob.bearer(), 404, "bob may not read"),
                row("other group, @latest", "GET", A_LATEST, s.bob.bearer(), 404, "bob may not read"),
                row("other group, HEAD", "HEAD", A_ZIP, s.bob.bearer(), 404, null),
                // scopes
                row("read token, admin API", "GET", ADMIN_API, alice.bearer(), 403, "admin scope"),
                row("read token, creating a token", "POST", TOKENS, alice.bearer(), 403, "admin scope"),
                row("admin token, admin API", "GET", ADMIN_API, s.ci.bearer(), 200, "["),
                row("admin token reads every private module", "GET", A_INFO, s.ci.basic(), 200, "v1.0.0"),
                row("bootstrap token, admin API", "GET", TOKENS, AuthClient.ADMIN, 200, "alice"),
                row("bootstrap token as Basic password", "GET", A_INFO, AuthClient.basic("x", ModvaultServer.ADMIN_TOKEN),
                        200, "v1.0.0"),
                // OIDC
                row("OIDC admin group, admin API", "GET", ADMIN_API, bearer(idp.token("oidc-admin", List.of(admins))),
                        200, "["),
                row("OIDC without the admin group, admin API", "GET", ADMIN_API,
                        bearer(idp.token("oidc-user", List.of("team-a"))), 403, "admin scope"),
                row("OIDC user of team-a, private module", "GET", A_INFO,
                        bearer(idp.token("oidc-user", List.of("team-a"))), 200, "v1.0.0"),
                row("OIDC user of team-b, private module of team-a", "GET", A_INFO,
                        bearer(idp.token("oidc-user", List.of("team-b"))), 404, "oidc-user may not read"),
                row("OIDC wrong issuer", "GET", ADMIN_API, bearer(idp.token("oidc-admin", List.of(admins),
                        "https://evil.example.com", TestIdentityProvider.AUDIENCE, Duration.ofMinutes(5))), 401, "iss"),
                row("OIDC wrong audience", "GET", ADMIN_API, bearer(idp.token("oidc-admin", List.of(admins),
                        TestIdentityProvider.ISSUER, "another-app", Duration.ofMinutes(5))), 401, "aud"),
                row("OIDC expired", "GET", ADMIN_API, bearer(idp.token("oidc-admin", List.of(admins),
                        TestIdentityProvider.ISSUER, TestIdentityProvider.AUDIENCE, Duration.ofMinutes(-5))), 401,
                        "expired"),
                row("OIDC bad signature", "GET", ADMIN_API, bearer(idp.forged("oidc-admin", List.of(admins))), 401,
                        "invalid OIDC token"),
                row("OIDC unsigned (alg none)", "GET", ADMIN_API, bearer(idp.unsigned("oidc-admin", List.of(admins))),
                        401, "invalid OIDC token"),
                row("OIDC without a subject", "GET", ADMIN_API, bearer(idp.token(null, List.of(admins))), 401,
                        "no subject"),
                row("OIDC token sent as Basic password", "GET", ADMIN_API,
                        AuthClient.basic("x", idp.token("oidc-admin", List.of(admins))), 401, "invalid credentials"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answers(String name, String method, String path, String authorization, int status, String fragment)
            throws InterruptedException {
        AuthEndToEndTest.servers.awaitDaveExpired();

        HttpResponse<String> response = AuthEndToEndTest.servers.a.call(method, path, authorization, null);

        assertThat(response.statusCode()).as("%s: %s", name, response.body()).isEqualTo(status);
        if (fragment != null) {
            assertThat(response.body()).as(name).contains(fragment);
        }
        if (status == 401) {
            assertThat(response.headers().allValues("WWW-Authenticate")).as(name)
                    .containsExactly("Basic realm=\"modvault\"");
        }
        if (status >= 400) {
            assertThat(response.headers().firstValue("Cache-Control")).as(name).hasValue("no-store");
        }
    }

    private static Arguments row(String name, String method, String path, String authorization, int status,
                                 String fragment) {
        return arguments(name, method, path, authorization, status, fragment);
    }

    private static String bearer(String jwt) {
        return "Bearer " + jwt;
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The same token with its last secret character changed: well-formed, right id, wrong secret. */
    private static String tampered(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}
