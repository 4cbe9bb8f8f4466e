package dev.modvault.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A real PostgreSQL 17 (zonky embedded) for one test class, migrated by Flyway, with a pool whose connection timeout
 * is short so that an outage is noticed quickly. {@link #stop} and {@link #restart} keep the port and data directory.
 */
final class TestDatabase implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;
    final HikariDataSource dataSource;
    final JdbcClient jdbc;

    private final Map<String, String> serverConfig;

    private TestDatabase(Path dataDirectory, EmbeddedPostgres postgres, Map<String, String> serverConfig) {
        this.serverConfig = serverConfig;
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        this.port = postgres.getPort();
        HikariConfig config = new HikariConfig();
        config.setPoolName("test-" + port);
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres?reWriteBatchedInserts=true");
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(500);
        config.setValidationTimeout(250);
        this.dataSource = new HikariDataSource(config);
        this.jdbc = JdbcClient.create(dataSource);
    }

    static TestDatabase start() throws IOException {
        return start(Map.of());
    }

    /** @param serverConfig PostgreSQL settings ({@code -c name=value}); zonky's default turns fsync off */
    static TestDatabase start(Map<String, String> serverConfig) throws IOException {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "modvault-pg-");
        copyTree(cluster(), dir);
        TestDatabase db = new TestDatabase(dir, launch(dir, 0, serverConfig), serverConfig);
        Flyway.configure().dataSource(db.dataSource).load().migrate();
        return db;
    }

    /** Stops PostgreSQL (fast shutdown: open connections are cut). */
    void stop() throws IOException {
        postgres.close();
    }

    /** Starts PostgreSQL again on the same port and data directory. */
    void restart() throws IOException {
        postgres = launch(dataDirectory, port, serverConfig);
    }

    private static Path cluster;

    /**
     * A freshly initialised, stopped cluster made once per test JVM: copying it (tens of MB) is much faster than
     * initdb, which is most of a start on a busy machine. Each test class still gets a database of its own.
     */
    private static synchronized Path cluster() throws IOException {
        if (cluster == null) {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "modvault-pg-initdb-");
            launch(dir, 0, Map.of()).close();
            Files.deleteIfExists(dir.resolve("epg-lock"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            cluster = dir;
        }
        return cluster;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static EmbeddedPostgres launch(Path dir, int port, Map<String, String> serverConfig) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60));
        serverConfig.forEach(builder::setServerConfig);
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        postgres.close();
        delete(dataDirectory);
    }
}
