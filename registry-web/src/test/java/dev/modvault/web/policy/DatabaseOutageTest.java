package dev.modvault.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.Fixtures;
import dev.modvault.testkit.GoCommand;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With PostgreSQL stopped, cached modules are still served and the go command still succeeds; the audit events of
 * that time are written once PostgreSQL is back.
 */
class DatabaseOutageTest {

    private static EmbeddedPostgres postgres(Path dir, int port) throws Exception {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dir)
                .setCleanDataDirectory(false).setPGStartupWait(Duration.ofSeconds(60));
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    private static long downloadsOf(EmbeddedPostgres postgres, String module) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.prepareStatement(
                     "select count(*) from audit_events where action = 'DOWNLOAD' and module = ?")) {
            statement.setString(1, module);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void cachedModulesAreServedWhilePostgresIsDownAndAuditCatchesUpAfterwards(@TempDir Path dir) throws Exception {
        Path pgData = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "modvault-outage-pg-");
        EmbeddedPostgres postgres = postgres(pgData, 0);
        int port = postgres.getPort();
        try (StaticGoProxy upstream = StaticGoProxy.start(Fixtures.standard());
             ModvaultServer modvault = ModvaultServer.start(dir.resolve("data"), upstream.uri(), Map.of(
                     "spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                     "spring.datasource.username", "postgres",
                     "spring.datasource.password", ""))) {
            Path warm = Files.createDirectory(dir.resolve("warm"));
            Path cold = Files.createDirectory(dir.resolve("cold"));
            try (GoCommand go = GoCommand.forProxy(modvault.uri())) {
                GoCommand.writeProgram(warm, Fixtures.DEMO_PROGRAM_PATH, Fixtures.demoProgram());
                go.inDir(warm).runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "tidy");
            }
            long before = awaitDownloads(postgres, Fixtures.APP_LIB, 1);

            postgres.close();
            try (GoCommand go = GoCommand.forProxy(modvault.uri())) {
                GoCommand.writeProgram(cold, Fixtures.DEMO_PROGRAM_PATH, Fixtures.demoProgram());
                go.inDir(cold).runOk(GoCommand.DEFAULT_TIMEOUT, "mod", "tidy");
                go.inDir(cold).runOk(GoCommand.DEFAULT_TIMEOUT, "build", "./...");
            }
            List<String> expected = Fixtures.standard().demoProgramModules().stream()
                    .flatMap(m -> m.goSumLines().stream()).toList();
            assertThat(GoCommand.readGoSum(cold)).containsExactlyInAnyOrderElementsOf(expected);

            postgres = postgres(pgData, port);
            long after = awaitDownloads(postgres, Fixtures.APP_LIB, before + 1);
            assertThat(after).as("downloads made while PostgreSQL was down are audited after it is back")
                    .isGreaterThan(before);
        } finally {
            postgres.close();
        }
    }

    private static long awaitDownloads(EmbeddedPostgres postgres, String module, long atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            count = downloadsOf(postgres, module);
            if (count >= atLeast) {
                return count;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + count + " download events of " + module + ", expected " + atLeast);
    }
}
