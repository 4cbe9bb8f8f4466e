package dev.modvault.auth;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The CPU cost of authenticating one request with a token, without HTTP around it (the figure in docs/security.md
 * next to the end-to-end one, which is much noisier on a shared machine): Basic header parsing, base64, the lookup
 * in a snapshot of 10,000 tokens, HMAC-SHA-256 and the constant-time compare. Off by default:
 * <pre>
 * ./mvnw -o -pl registry-auth surefire:test -Dtest=AuthenticatorBenchmark -Dbenchmark=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AuthenticatorBenchmark {

    @Test
    void authenticatingATokenTakesMicroseconds() {
        TokenHasher hasher = new TokenHasher(new byte[32]);
        List<StoredToken> tokens = new ArrayList<>();
        String secret = null;
        for (int i = 0; i < 10_000; i++) {
            secret = TokenFormat.generate();
            tokens.add(new StoredToken(new ApiToken(TokenFormat.id(secret).orElseThrow(), "user" + i, TokenKind.USER,
                    Set.of(Scope.READ), List.of("team-a"), "admin", Instant.EPOCH, null, null, null, null),
                    hasher.hash(secret)));
        }
        AuthSnapshot snapshot = new AuthSnapshot(tokens, List.of());
        Authenticator authenticator = new Authenticator(
                new TokenAuthenticator(() -> snapshot, hasher, Clock.systemUTC()), null, null);
        String header = "Basic " + Base64.getEncoder().encodeToString(("ci:" + secret).getBytes(StandardCharsets.UTF_8));

        long best = Long.MAX_VALUE;
        Caller caller = null;
        for (int round = 0; round < 10; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 100_000; i++) {
                caller = authenticator.authenticate(header);
            }
            best = Math.min(best, (System.nanoTime() - start) / 100_000);
        }
        System.out.printf("authentication of a Basic token header: %d ns (best of 10 rounds of 100,000)%n", best);
        assertThat(caller.getName()).isEqualTo("user9999");
        assertThat(best).as("ns per authentication").isLessThan(50_000);
    }
}
