package dev.modvault.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import dev.modvault.web.auth.AuthClient.Token;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What authentication costs on the hottest path: cached {@code .info} requests per second with a read token (HTTP
 * Basic, as .netrc sends it) against anonymous ones, on the same server in the same run, the figures in
 * docs/security.md. Off by default; run it with
 * <pre>
 * ./mvnw -o -pl registry-web surefire:test -Dtest=AuthBenchmark -Dbenchmark=true
 * </pre>
 * 8 clients on loopback HTTP (the client runs in the same JVM, so both modes pay the same client cost), rounds of
 * {@link #ROUND} alternating anonymous and authenticated (ABBA) so that background load hits both modes alike.
 * The table is printed and appended to {@code target/auth-benchmark.md}. Target: authenticated within 10 %.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AuthBenchmark {

    private static final Duration ROUND = Duration.ofSeconds(Long.getLong("auth.benchmark.round-seconds", 5));
    private static final int ROUNDS = Integer.getInteger("auth.benchmark.rounds", 4);
    private static final int CLIENTS = 8;
    private static final FixtureModule MODULE = FixtureModule.builder("bench.example/auth", "v1.0.0")
            .file("auth.go", "package auth\n").build();

    @Test
    void authenticatedCachedInfoRequestsCostLittleMoreThanAnonymousOnes(@TempDir Path dir) throws Exception {
        try (StaticGoProxy upstream = StaticGoProxy.start(MODULE);
             ModvaultServer modvault = ModvaultServer.start(dir, upstream.uri(),
                     Map.of("modvault.access-log", "false"))) {
            AuthClient admin = new AuthClient(modvault.uri(), null);
            Token token = admin.createToken("bench", "service", List.of("read"), List.of(), null);
            URI info = modvault.uri().resolve(MODULE.proxyPath("info"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(send(http, info, null)).isEqualTo(200); // cached from here on
            assertThat(send(http, info, token.basic())).isEqualTo(200);
            for (int i = 0; i < 2; i++) { // warm-up (JIT), both paths
                run(http, info, null, Duration.ofSeconds(3));
                run(http, info, token.basic(), Duration.ofSeconds(3));
            }

            long anonymous = 0;
            long authenticated = 0;
            List<String> rounds = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                // ABBA order: a machine getting faster or slower during the run favours neither mode
                boolean anonymousFirst = r % 2 == 0;
                long a = anonymousFirst ? run(http, info, null, ROUND) : 0;
                long t = run(http, info, token.basic(), ROUND);
                if (!anonymousFirst) {
                    a = run(http, info, null, ROUND);
                }
                anonymous += a;
                authenticated += t;
                rounds.add(String.format("| %d | %.0f | %.0f | %.1f %% |", r + 1, perSecond(a), perSecond(t),
                        100.0 * t / a));
            }
            double ratio = (double) authenticated / anonymous;
            List<String> table = new ArrayList<>(List.of(
                    "| round | anonymous req/s | authenticated req/s | authenticated / anonymous |",
                    "|---|---|---|---|"));
            table.addAll(rounds);
            table.add(String.format("| all | %.0f | %.0f | %.1f %% |", anonymous / (ROUNDS * secs()),
                    authenticated / (ROUNDS * secs()), 100 * ratio));
            String text = String.join("\n", table) + "\n";
            System.out.println(text);
            Files.writeString(Path.of("target/auth-benchmark.md"), text, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);

            assertThat(anonymous).isPositive();
            assertThat(ratio).as("authenticated within 10 %% of anonymous:\n%s", text).isGreaterThanOrEqualTo(0.9);
        }
    }

    private static double secs() {
        return ROUND.toMillis() / 1000.0;
    }

    private static double perSecond(long requests) {
        return requests / secs();
    }

    /** Requests answered 200 by {@link #CLIENTS} clients in {@code duration}; any other answer fails the run. */
    private static long run(HttpClient http, URI uri, String authorization, Duration duration) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    if (send(http, uri, authorization) == 200) {
                        ok.incrementAndGet();
                    } else {
                        bad.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        assertThat(bad.get()).as("non-200 answers").isZero();
        return ok.get();
    }

    private static int send(HttpClient http, URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
