package dev.modvault.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.web.auth.AuthClient.Token;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The token and access-rule admin API on replica A, what it stores, and what the audit log says about who. */
abstract class AdminApiCases {

    static AuthServers servers() {
        return AuthEndToEndTest.servers;
    }

    @Test
    void aTokenIsShownOnceAndStoredOnlyAsAKeyedHash() throws Exception {
        AuthClient a = servers().a;
        HttpResponse<String> created = AuthClient.expect(201, a.call("POST", "/api/v1/tokens", AuthClient.ADMIN,
                "{\"owner\":\"build-bot\",\"kind\":\"service\",\"scopes\":[\"read\"],\"groups\":[\"team-a\"]}"));
        String id = AuthClient.field(created.body(), "id");
        String secret = AuthClient.field(created.body(), "secret");

        assertThat(secret).startsWith("mvt_" + id + "_").hasSize(64);
        assertThat(created.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/tokens/" + id);
        assertThat(created.body()).contains("\"kind\":\"service\"").contains("\"scopes\":[\"read\"]")
                .contains("\"groups\":[\"team-a\"]").contains("\"createdBy\":\"bootstrap-admin\"");
        String listed = AuthClient.expect(200, a.get("/api/v1/tokens", AuthClient.ADMIN)).body();
        assertThat(listed).contains(id).doesNotContain(secret).doesNotContain(secret.substring(21))
                .doesNotContain("secret");

        byte[] stored = AdminApiCases.<byte[]>query("SELECT secret_hash FROM api_tokens WHERE id = ?", id);
        byte[] key = AdminApiCases.<byte[]>query("SELECT key FROM auth_keys WHERE name = ?", "token-hash");
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        assertThat(stored).as("HMAC-SHA-256 of the token with the shared key").hasSize(32)
                .isEqualTo(hmac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(21));
    }

    @Test
    void lastUseIsWrittenInBatchesNotPerRequest() throws Exception {
        Token token = servers().a.createToken("erin", "user", List.of("read"), List.of(), null);
        for (int i = 0; i < 3; i++) {
            AuthClient.expect(200, servers().a.get(AuthServers.PUBLIC.proxyPath("info"), token.basic()));
        }
        String before = query("SELECT last_used_at::text FROM api_tokens WHERE id = ?", token.id());
        assertThat(before).as("not written by the requests themselves").isNull();

        String listed = AuthClient.expect(200, servers().a.get("/api/v1/tokens", AuthClient.ADMIN)).body();

        String after = query("SELECT last_used_at::text FROM api_tokens WHERE id = ?", token.id());
        assertThat(after).as("written when the list flushed the batch").isNotNull();
        assertThat(listed).containsPattern("\"id\":\"" + token.id() + "\"[^}]*\"lastUsedAt\":\"20");
    }

    @Test
    void invalidTokenRequestsNameTheFieldAndUnknownTokensAre404() {
        AuthClient a = servers().a;
        HttpResponse<String> noScope = a.call("POST", "/api/v1/tokens", AuthClient.ADMIN,
                "{\"owner\":\"x\",\"kind\":\"user\",\"scopes\":[]}");
        HttpResponse<String> badScope = a.call("POST", "/api/v1/tokens", AuthClient.ADMIN,
                "{\"owner\":\"x\",\"kind\":\"user\",\"scopes\":[\"write\"]}");
        HttpResponse<String> past = a.call("POST", "/api/v1/tokens", AuthClient.ADMIN,
                "{\"owner\":\"x\",\"kind\":\"user\",\"scopes\":[\"read\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}");
        HttpResponse<String> badGroup = a.call("POST", "/api/v1/tokens", AuthClient.ADMIN,
                "{\"owner\":\"x\",\"kind\":\"user\",\"scopes\":[\"read\"],\"groups\":[\"a b\"]}");

        assertThat(noScope.statusCode()).isEqualTo(400);
        assertThat(noScope.body()).contains("scopes");
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("expiresAt");
        assertThat(badGroup.statusCode()).isEqualTo(400);
        assertThat(badGroup.body()).contains("groups");
        assertThat(a.call("DELETE", "/api/v1/tokens/0123456789abcdef", AuthClient.ADMIN, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anAccessRuleGrantsAGroupAPrivateModuleAtOnceAndItsDeletionTakesItBack() {
        AuthClient a = servers().a;
        Token frank = a.createToken("frank", "user", List.of("read"), List.of("team-c"), null);
        String path = AuthServers.TEAM_A.proxyPath("info");
        assertThat(a.get(path, frank.basic()).statusCode()).isEqualTo(404);

        HttpResponse<String> invalid = a.call("POST", "/api/v1/access-rules", AuthClient.ADMIN,
                "{\"group\":\"team-c\",\"pattern\":\"corp.example.com/[\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("pattern");
        HttpResponse<String> created = AuthClient.expect(201, a.call("POST", "/api/v1/access-rules",
                AuthClient.ADMIN, "{\"group\":\"team-c\",\"pattern\":\"corp.example.com/*/lib\"}"));
        String rule = created.headers().firstValue("Location").orElseThrow();
        assertThat(a.get(path, frank.basic()).statusCode()).isEqualTo(200);

        AuthClient.expect(200, a.call("PUT", rule, AuthClient.ADMIN,
                "{\"group\":\"team-c\",\"pattern\":\"corp.example.com/team-b\"}"));
        assertThat(a.get(path, frank.basic()).statusCode()).isEqualTo(404);
        assertThat(a.get(AuthServers.TEAM_B.proxyPath("info"), frank.basic()).statusCode()).isEqualTo(200);
        assertThat(AuthClient.expect(200, a.get("/api/v1/access-rules", AuthClient.ADMIN)).body())
                .contains("\"group\":\"team-c\",\"pattern\":\"corp.example.com/team-b\"");

        AuthClient.expect(204, a.call("DELETE", rule, AuthClient.ADMIN, null));
        assertThat(a.get(AuthServers.TEAM_B.proxyPath("info"), frank.basic()).statusCode()).isEqualTo(404);
        assertThat(a.get(rule, AuthClient.ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void theAuditLogNamesTheTokenOwnerAndTheOidcSubject() throws Exception {
        AuthServers s = servers();
        AuthClient.expect(200, s.a.get(AuthServers.TEAM_A.proxyPath("mod"), s.alice.bearer()));
        AuthClient.expect(401, s.a.get(AuthServers.PUBLIC.proxyPath("info"), s.carol.bearer()));
        String oidc = "Bearer " + s.idp.token("jane@corp.example.com", List.of(TestIdentityProvider.ADMIN_GROUP));
        AuthClient.expect(201, s.a.call("POST", "/api/v1/access-rules", oidc,
                "{\"group\":\"audited\",\"pattern\":\"corp.example.com/audited\"}"));
        AuthClient.expect(200, s.a.get("/api/v1/audit?action=ADMIN_CHANGE", oidc)); // an OIDC admin reads it too

        assertThat(awaitAudit("/api/v1/audit?actor=alice&module=" + AuthServers.TEAM_A.path(), "\"artifact\":\"mod\""))
                .contains("\"actor\":\"alice\"").contains("\"status\":200");
        assertThat(awaitAudit("/api/v1/audit?actor=jane@corp.example.com&action=ADMIN_CHANGE", "access-rule"))
                .contains("corp.example.com/audited");
        assertThat(awaitAudit("/api/v1/audit?action=SECURITY", "authentication-failed"))
                .contains("was revoked");
    }

    private static String awaitAudit(String query, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = AuthClient.expect(200, servers().a.get(query, AuthClient.ADMIN)).body();
            if (body.contains(expected)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no audit event with " + expected + " for " + query + ": " + body);
    }

    /** The first column of the first row, from replica A's database. */
    private static <T> T query(String sql, String parameter) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + servers().postgresPort
                + "/postgres", "postgres", "");
             PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as(sql).isTrue();
                @SuppressWarnings("unchecked")
                T value = (T) rows.getObject(1);
                return value;
            }
        }
    }
}
