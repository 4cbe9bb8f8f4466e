package dev.modvault.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two Modvault replicas on one PostgreSQL: a rule made through one is enforced by the other within 5 seconds. */
class MultiReplicaPolicyTest {

    private static final FixtureModule LIB = FixtureModule.builder("replica.example/lib", "v1.0.0")
            .file("lib.go", "package lib\n").build();

    @Test
    void aRuleCreatedOnOneReplicaDeniesOnTheOtherWithinFiveSeconds(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             StaticGoProxy upstream = StaticGoProxy.start(LIB)) {
            Map<String, String> database = Map.of(
                    "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "");
            try (ModvaultServer a = ModvaultServer.start(Files.createDirectory(dir.resolve("a")), upstream.uri(), database);
                 ModvaultServer b = ModvaultServer.start(Files.createDirectory(dir.resolve("b")), upstream.uri(), database)) {
                assertThat(b.get(LIB.proxyPath("info")).statusCode()).isEqualTo(200);

                a.createRule("DENY", "replica.example/lib", null, "denied through replica a");
                long created = System.nanoTime();
                int status = 0;
                while (System.nanoTime() - created < Duration.ofSeconds(5).toNanos()) {
                    status = b.get(LIB.proxyPath("info")).statusCode();
                    if (status == 403) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertThat(status).as("replica b enforces the rule made on replica a within 5 s").isEqualTo(403);
            }
        }
    }
}
