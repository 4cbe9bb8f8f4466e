package dev.modvault.persistence;

import dev.modvault.core.audit.AuditEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The alternative to {@link AuditCopySink} that was measured and not kept: a JDBC batch insert (multi-row VALUES with
 * reWriteBatchedInserts=true on the URL). Kept in the tests so that {@code AuditThroughputBenchmark} can compare
 * them again ({@code -Dbenchmark.sink=insert}); see docs/audit.md.
 */
final class AuditInsertSink implements BatchSink<AuditEvent> {

    private static final String SQL = "INSERT INTO audit_events (occurred_at, action, actor, client_address, user_agent,"
            + " module, version, artifact, status, bytes, cache_hit, duration_ms, details)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";

    private final DataSource dataSource;
    private final AuditPartitions partitions;

    AuditInsertSink(DataSource dataSource, AuditPartitions partitions) {
        this.dataSource = dataSource;
        this.partitions = partitions;
    }

    @Override
    public void write(List<AuditEvent> events, UUID batchId) throws SQLException {
        partitions.ensureFor(AuditCopySink.days(events));
        Transactions.run(dataSource, c -> {
            if (!AuditCopySink.claim(c, batchId)) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                for (AuditEvent e : events) {
                    ps.setObject(1, e.time().atOffset(ZoneOffset.UTC));
                    ps.setString(2, e.action() == null ? null : e.action().name());
                    ps.setString(3, e.actor());
                    ps.setString(4, e.clientAddress());
                    ps.setString(5, e.userAgent());
                    ps.setString(6, e.module());
                    ps.setString(7, e.version());
                    ps.setString(8, e.artifact());
                    ps.setObject(9, e.status(), Types.INTEGER);
                    ps.setObject(10, e.bytes(), Types.BIGINT);
                    ps.setObject(11, e.cacheHit(), Types.BOOLEAN);
                    ps.setObject(12, e.durationMillis(), Types.BIGINT);
                    ps.setString(13, e.details());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
