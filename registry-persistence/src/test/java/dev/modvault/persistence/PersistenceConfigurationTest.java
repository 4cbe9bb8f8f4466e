package dev.modvault.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.audit.AuditLog;
import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.policy.PolicyRepository;
import dev.modvault.core.policy.RuleDefinition;
import dev.modvault.core.policy.RuleKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Spring wiring: embedded PostgreSQL when no URL is set, Flyway, the beans, shutdown order, kept data. */
class PersistenceConfigurationTest {

    private Path dataDir;

    @BeforeEach
    void dataDir() throws IOException {
        dataDir = Files.createTempDirectory("modvault-data-");
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
                .withUserConfiguration(EmbeddedPostgresConfiguration.class, PersistenceConfiguration.class)
                .withPropertyValues("modvault.data-dir=" + dataDir);
    }

    @Test
    void startsEmbeddedPostgresMigratesItWiresTheBeansAndKeepsDataAcrossRestarts() {
        int[] port = new int[1];
        runner().withBean(PersistenceSettings.class, () -> PersistenceSettings.defaults().withPartitionsAhead(2))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(EmbeddedPostgres.class);
                    assertThat(context.getBean("policyRepository")).isInstanceOf(PolicyRepository.class);
                    assertThat(context.getBean("auditSink")).isInstanceOf(AuditSink.class);
                    assertThat(context.getBean("auditLog")).isInstanceOf(AuditLog.class);
                    assertThat(context.getBean("catalog")).isInstanceOf(Catalog.class);
                    port[0] = context.getBean(EmbeddedPostgres.class).getPort();

                    JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
                    assertThat(jdbc.sql("SELECT version FROM flyway_schema_history WHERE success ORDER BY"
                            + " installed_rank").query(String.class).list()).startsWith("1");
                    assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).as("durable").isEqualTo("on");
                    assertThat(jdbc.sql("SHOW listen_addresses").query(String.class).single()).isEqualTo("127.0.0.1");
                    assertThat(jdbc.sql("SHOW unix_socket_directories").query(String.class).single()).isEmpty();
                    assertThat(context.getBean(AuditPartitions.class).list()).as("today and 2 days ahead")
                            .hasSize(3);

                    context.getBean(PolicyRepository.class).create(
                            new RuleDefinition(RuleKind.PRIVATE, "corp.example.com", null, "internal"), "test");
                    AsyncAuditWriter audit = context.getBean(AsyncAuditWriter.class);
                    audit.record(AuditEvents.download(Instant.now(), "u", "corp.example.com/m", "v1.0.0"));
                    // not flushed: closing the context must drain it before PostgreSQL stops
                });
        assertThat(Files.isRegularFile(dataDir.resolve("postgres/PG_VERSION"))).isTrue();
        assertThat(listening(port[0])).as("PostgreSQL stopped with the context").isFalse();

        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PolicyRepository.class).findAll()).extracting(r -> r.pattern())
                    .containsExactly("corp.example.com");
            assertThat(context.getBean(AuditLog.class)
                    .search(new AuditLog.Query(null, "u", null, null, null, null, 10)).entries()).hasSize(1);
            assertThat(context.getBean(AuditPartitions.class).list()).as("default: today and 7 days ahead")
                    .hasSizeGreaterThanOrEqualTo(8);
        });
    }

    @Test
    void withADatasourceUrlNoEmbeddedPostgresIsStarted() {
        new ApplicationContextRunner()
                .withUserConfiguration(EmbeddedPostgresConfiguration.class)
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example.com/modvault",
                        "modvault.data-dir=" + dataDir)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(EmbeddedPostgres.class);
                    assertThat(context).doesNotHaveBean(DataSource.class);
                });
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
