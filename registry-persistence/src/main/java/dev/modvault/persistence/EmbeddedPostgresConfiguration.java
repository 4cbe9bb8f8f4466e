package dev.modvault.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A PostgreSQL of Modvault's own for a single instance or a trial run: active only when no
 * {@code spring.datasource.url} is set. Starts an embedded PostgreSQL 17 (zonky binaries) on 127.0.0.1 with its data
 * under {@code {modvault.data-dir}/postgres}, kept across restarts, and exposes it as the application's
 * {@link DataSource} (which Flyway migrates). PostgreSQL is stopped when the context closes, after the beans using
 * it. Replicas must share one external database instead: set {@code spring.datasource.url}.
 *
 * <p>Properties: {@code modvault.data-dir} (default {@code data}); {@code modvault.postgres.port} (default 0: any
 * free port).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    public EmbeddedPostgres embeddedPostgres(@Value("${modvault.data-dir:data}") Path dataDir,
                                             @Value("${modvault.postgres.port:0}") int port) throws IOException {
        return start(dataDir.toAbsolutePath().resolve("postgres"), port);
    }

    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(EmbeddedPostgres embeddedPostgres) {
        return dataSource(embeddedPostgres.getPort(), "modvault-embedded");
    }

    /**
     * Starts PostgreSQL on a data directory, creating the cluster the first time and reusing it after (never
     * cleaned). Durable: zonky turns fsync off by default, it is turned back on here. Listens on 127.0.0.1 only.
     * The binaries are unpacked under {@code java.io.tmpdir} (or the {@code ot.epg.working-dir} system property),
     * which must be writable; run as root, zonky starts PostgreSQL in a user namespace (unshare). zonky's own JVM
     * shutdown hook is not registered: it stopped PostgreSQL the moment the process was told to stop, while Spring's
     * graceful shutdown was still letting downloads finish and the audit writer had their events to write. The bean's
     * {@code close}, after everything that uses the database, stops it instead.
     *
     * @param port 0 for any free port
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "") // TCP only: no socket file in /tmp
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false);
        if (port != 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("embedded PostgreSQL on 127.0.0.1:{}, data in {}", postgres.getPort(), dataDirectory);
        return postgres;
    }

    /** A pool on the embedded server's {@code postgres} database, as user {@code postgres}. */
    public static HikariDataSource dataSource(int port, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres?reWriteBatchedInserts=true");
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        return new HikariDataSource(config);
    }
}
