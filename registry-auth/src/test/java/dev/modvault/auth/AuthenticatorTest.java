package dev.modvault.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.auth.access.AuthSnapshot;
import dev.modvault.auth.access.Caller;
import dev.modvault.auth.token.ApiToken;
import dev.modvault.auth.token.Scope;
import dev.modvault.auth.token.StoredToken;
import dev.modvault.auth.token.TokenFormat;
import dev.modvault.auth.token.TokenHasher;
import dev.modvault.auth.token.TokenKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;

class AuthenticatorTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final TokenHasher HASHER = new TokenHasher(key());
    private static final String ALICE = TokenFormat.generate();
    private static final String ROOT = TokenFormat.generate();
    private static final String REVOKED = TokenFormat.generate();
    private static final String EXPIRED = TokenFormat.generate();
    private static final AuthSnapshot SNAPSHOT = new AuthSnapshot(List.of(
            stored(ALICE, "alice", Set.of(Scope.READ), null, null),
            stored(ROOT, "ci", Set.of(Scope.ADMIN), null, null),
            stored(REVOKED, "carol", Set.of(Scope.READ), null, NOW.minusSeconds(60)),
            stored(EXPIRED, "dave", Set.of(Scope.READ), NOW, null)), List.of());

    private final Authenticator authenticator = new Authenticator(
            new TokenAuthenticator(() -> SNAPSHOT, HASHER, Clock.fixed(NOW, ZoneOffset.UTC)), null,
            "the-bootstrap-token");

    private static byte[] key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 9);
        return key;
    }

    private static StoredToken stored(String secret, String owner, Set<Scope> scopes, Instant expiresAt,
                                      Instant revokedAt) {
        String id = TokenFormat.id(secret).orElseThrow();
        ApiToken token = new ApiToken(id, owner, TokenKind.USER, scopes, List.of("team-a"), "admin",
                NOW.minusSeconds(3600),
                expiresAt, revokedAt == null ? null : "admin", revokedAt, null);
        return new StoredToken(token, HASHER.hash(secret));
    }

    private static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenAsBasicPasswordOrBearerBecomesItsOwner() {
        Caller viaBasic = authenticator.authenticate(basic("whoever", ALICE));
        Caller viaBearer = authenticator.authenticate("bearer  " + ALICE + " ");

        assertThat(viaBasic.getName()).isEqualTo("alice");
        assertThat(viaBasic.method()).isEqualTo(Caller.Method.TOKEN);
        assertThat(viaBasic.tokenId()).isEqualTo(ALICE.substring(4, 20));
        assertThat(viaBasic.groups()).containsExactly("team-a");
        assertThat(viaBasic.admin()).isFalse();
        assertThat(viaBearer.getName()).isEqualTo("alice");
        assertThat(authenticator.authenticate("Bearer " + ROOT).admin()).isTrue();
    }

    @Test
    void theBootstrapTokenIsAnAdmin() {
        Caller bootstrap = authenticator.authenticate("Bearer the-bootstrap-token");

        assertThat(bootstrap.getName()).isEqualTo("bootstrap-admin");
        assertThat(bootstrap.admin()).isTrue();
        assertThat(authenticator.authenticate(basic("admin", "the-bootstrap-token")).admin()).isTrue();
    }

    @Test
    void refusalsSayWhatIsWrong() {
        String wrongSecret = ALICE.substring(0, 63) + (ALICE.endsWith("A") ? "B" : "A");
        assertRefused(basic("alice", wrongSecret), "invalid token");
        assertRefused("Bearer mvt_0123456789abcdef_" + "x".repeat(43), "invalid token");
        assertRefused("Bearer " + REVOKED, "was revoked");
        assertRefused("Bearer " + EXPIRED, "expired at 2030-06-01T12:00:00Z");
        assertRefused("Bearer mvt_short", "malformed token");
        assertRefused("Bearer hunter2", "invalid credentials");
        assertRefused("Bearer ", "no token");
        assertRefused("Basic !!!", "not base64");
        assertRefused(basic("alice", ""), "login:token");
        assertRefused("Negotiate abc", "unsupported authorization scheme \"Negotiate\"");
        assertRefused("Bearer a.b.c", "OIDC tokens are not accepted");
    }

    private void assertRefused(String header, String message) {
        assertThatThrownBy(() -> authenticator.authenticate(header)).as(header)
                .isInstanceOf(BadCredentialsException.class).hasMessageContaining(message);
    }
}
