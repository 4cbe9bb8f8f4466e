package dev.modvault.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.web.auth.AuthClient.Token;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replica B shares replica A's database but nothing else: revocations made on A reach it by polling; it reads
 * anonymously (the embedded default) yet still hides PRIVATE modules; its failure budget is 3 a minute. The rate
 * limit case runs last: it leaves 127.0.0.1 blocked on B for a while.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ReplicaCases {

    static AuthServers servers() {
        return AuthEndToEndTest.servers;
    }

    @Test
    @Order(1)
    void aRevocationOnOneReplicaIsInForceOnTheOtherWithinFiveSeconds() throws Exception {
        AuthServers s = servers();
        Token grace = s.a.createToken("grace", "user", List.of("read"), List.of("team-a"), null);
        String path = AuthServers.TEAM_A.proxyPath("info");
        // a new token reaches B with its next refresh (1 s); asking before would spend B's failure budget
        Thread.sleep(2000);
        assertThat(s.b.get(path, grace.basic()).statusCode()).as("B knows the new token").isEqualTo(200);

        s.a.revoke(grace);
        long revoked = System.nanoTime();
        int status = awaitStatus(path, grace, 401, Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - revoked);

        assertThat(status).as("refused on B within 5 s of the revocation on A (took %s)", took).isEqualTo(401);
        assertThat(s.b.get(path, grace.basic()).body()).contains("was revoked");
    }

    @Test
    @Order(2)
    void anonymousCallersReadPublicModulesButNeverSeePrivateOnes() throws Exception {
        AuthServers s = servers();
        AuthClient.expect(200, s.b.get(AuthServers.TEAM_A.proxyPath("zip"), s.alice.basic()));

        HttpResponse<String> publicModule = s.b.get(AuthServers.PUBLIC.proxyPath("info"), null);
        HttpResponse<String> privateModule = s.b.get(AuthServers.TEAM_A.proxyPath("info"), null);

        assertThat(publicModule.statusCode()).isEqualTo(200);
        assertThat(privateModule.statusCode()).isEqualTo(404);
        assertThat(privateModule.body()).contains("no credential was sent");
        // the catalog (shared through the database) holds team-a's module, but not for anonymous callers
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!s.b.get("/api/v1/catalog/modules?q=corp", AuthClient.ADMIN).body().contains("team-a")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(s.b.get("/api/v1/catalog/modules?q=corp", AuthClient.ADMIN).body()).contains("team-a");
        HttpResponse<String> anonymousCatalog = s.b.get("/api/v1/catalog/modules?q=", null);
        assertThat(anonymousCatalog.statusCode()).isEqualTo(200);
        assertThat(anonymousCatalog.body()).doesNotContain("corp.example.com");
        assertThat(s.b.get("/api/v1/policy/rules", null).statusCode()).as("admin API still closed").isEqualTo(401);
    }

    @Test
    @Order(3)
    void failedAuthenticationIsRateLimitedPerAddress() {
        AuthServers s = servers();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            HttpResponse<String> response = s.b.get(AuthServers.PUBLIC.proxyPath("info"),
                    AuthClient.basic("mallory", "guess-" + i));
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(limited).as("statuses %s", statuses).isNotNull();
        assertThat(statuses.subList(0, statuses.size() - 1)).as("401 until the budget of 3 is spent: %s", statuses)
                .hasSizeLessThanOrEqualTo(3).allMatch(status -> status == 401);
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 20L); // one failure's worth refills in 20 s at 3 a minute
        assertThat(limited.body()).contains("too many failed authentications");
        // while blocked, even a good credential from that address waits; anonymous reading does not
        assertThat(s.b.get(AuthServers.PUBLIC.proxyPath("info"), s.alice.basic()).statusCode()).isEqualTo(429);
        assertThat(s.b.get(AuthServers.PUBLIC.proxyPath("info"), null).statusCode()).isEqualTo(200);
        // each replica keeps its own budget
        assertThat(s.a.get(AuthServers.PUBLIC.proxyPath("info"), s.alice.basic()).statusCode()).isEqualTo(200);
    }

    /** Polls B until it answers {@code expected} for the token, or the time is up; the last status. */
    private static int awaitStatus(String path, Token token, int expected, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int status;
        do {
            status = servers().b.get(path, token.basic()).statusCode();
            if (status == expected) {
                return status;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return status;
    }
}
