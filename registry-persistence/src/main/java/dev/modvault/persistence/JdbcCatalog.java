package dev.modvault.persistence;

import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.catalog.CatalogEntry;
import dev.modvault.core.module.Semver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The catalog of cached module versions in {@code catalog_entries}. {@link #recorded} queues the entry on a
 * {@link BatchWriter} (never blocks, never throws); batches are upserted on (module, version, artifact), so writing an
 * entry twice is harmless.
 */
public final class JdbcCatalog implements Catalog, AutoCloseable {

    private static final String UPSERT = """
            INSERT INTO catalog_entries (module, version, artifact, size, sha256, h1, cached_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (module, version, artifact) DO UPDATE
            SET size = excluded.size, sha256 = excluded.sha256, h1 = coalesce(excluded.h1, catalog_entries.h1),
                cached_at = excluded.cached_at""";
    private static final Duration FLUSH_BEFORE_REMOVE = Duration.ofSeconds(2);
    private static final Comparator<CatalogEntry> ORDER = Comparator
            .comparing(CatalogEntry::version, JdbcCatalog::compareVersions)
            .thenComparing(CatalogEntry::artifact);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final BatchWriter<CatalogEntry> writer;

    /** Queue capacity and batch size come from the audit settings: catalog writes are far fewer. */
    public JdbcCatalog(DataSource dataSource, PersistenceSettings settings) {
        this(dataSource, settings, BatchWriter.Retry.DEFAULT);
    }

    JdbcCatalog(DataSource dataSource, PersistenceSettings settings, BatchWriter.Retry retry) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.writer = BatchWriter.start("catalog", settings.queueCapacity(), settings.batchSize(), this::upsert,
                retry, AsyncAuditWriter.REPORT_INTERVAL, AsyncAuditWriter.CLOSE_TIMEOUT);
    }

    @Override
    public void recorded(CatalogEntry entry) {
        if (entry != null && entry.module() != null && entry.version() != null && entry.artifact() != null) {
            writer.offer(entry);
        }
    }

    @Override
    public List<String> searchModules(String query, String afterModule, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        StringBuilder sql = new StringBuilder("SELECT DISTINCT module FROM catalog_entries WHERE true");
        List<Object> params = new ArrayList<>();
        if (query != null && !query.isBlank()) {
            sql.append(" AND module ILIKE ? ESCAPE '\\'");
            params.add("%" + escapeLike(query.strip()) + "%");
        }
        if (afterModule != null) {
            sql.append(" AND module > ?");
            params.add(afterModule);
        }
        sql.append(" ORDER BY module LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(String.class).list();
    }

    @Override
    public List<CatalogEntry> entries(String module) {
        List<CatalogEntry> entries = new ArrayList<>(jdbc.sql("""
                        SELECT module, version, artifact, size, sha256, h1, cached_at
                        FROM catalog_entries WHERE module = ?""")
                .param(module).query(JdbcCatalog::entry).list());
        entries.sort(ORDER);
        return entries;
    }

    /** Waits briefly for queued entries first, so a queued entry of the version cannot come back after removal. */
    @Override
    public int remove(String module, String version) {
        writer.flush(FLUSH_BEFORE_REMOVE);
        return jdbc.sql("DELETE FROM catalog_entries WHERE module = ? AND version = ?").params(module, version)
                .update();
    }

    /** Entries queued or being written. */
    public int queueDepth() {
        return writer.queueDepth();
    }

    /** Entries dropped because the queue was full. */
    public long droppedCount() {
        return writer.droppedCount();
    }

    /** Waits until every entry recorded before this call is written; false on timeout. */
    public boolean flush(Duration timeout) {
        return writer.flush(timeout);
    }

    @Override
    public void close() {
        writer.close();
    }

    /** One transaction; the batch is de-duplicated (last wins) and sorted so that concurrent replicas lock alike. */
    private void upsert(List<CatalogEntry> batch, UUID batchId) throws SQLException {
        Map<List<String>, CatalogEntry> unique = new TreeMap<>(Comparator
                .comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        for (CatalogEntry e : batch) {
            unique.put(List.of(e.module(), e.version(), e.artifact()), e);
        }
        Transactions.run(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (CatalogEntry e : unique.values()) {
                    ps.setString(1, e.module());
                    ps.setString(2, e.version());
                    ps.setString(3, e.artifact());
                    ps.setLong(4, e.size());
                    ps.setString(5, e.sha256());
                    ps.setString(6, e.h1());
                    ps.setObject(7, e.cachedAt() == null ? OffsetDateTime.now(ZoneOffset.UTC)
                            : e.cachedAt().atOffset(ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static CatalogEntry entry(ResultSet rs, int row) throws SQLException {
        return new CatalogEntry(rs.getString("module"), rs.getString("version"), rs.getString("artifact"),
                rs.getLong("size"), rs.getString("sha256"), rs.getString("h1"),
                rs.getObject("cached_at", OffsetDateTime.class).toInstant());
    }

    /** Semver precedence for valid versions (v1.10.0 after v1.9.0), byte order otherwise and to break ties. */
    static int compareVersions(String a, String b) {
        if (Semver.isValid(a) && Semver.isValid(b)) {
            int c = Semver.compare(a, b);
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
