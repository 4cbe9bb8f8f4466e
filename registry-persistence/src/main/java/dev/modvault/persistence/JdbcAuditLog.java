package dev.modvault.persistence;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Searches {@code audit_events} newest first. Pages are keyset pages on (occurred_at, id), never OFFSET: each page is
 * an index range scan whatever its depth, and a cursor stays valid while new events arrive (they sort before it).
 * The cursor's time also bounds the partitions scanned.
 */
public final class JdbcAuditLog implements AuditLog {

    public static final int MAX_LIMIT = 1000;

    private final JdbcClient jdbc;

    public JdbcAuditLog(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** A search as SQL with its parameters. */
    record Statement(String sql, List<Object> params) {
    }

    @Override
    public Page search(Query query) {
        Statement statement = statement(query);
        List<Entry> rows = jdbc.sql(statement.sql()).params(statement.params()).query(JdbcAuditLog::entry).list();
        if (rows.size() <= query.limit()) {
            return new Page(rows, null);
        }
        List<Entry> page = List.copyOf(rows.subList(0, query.limit()));
        Entry last = page.getLast();
        return new Page(page, new AuditCursor(last.event().time(), last.id()).encode());
    }

    /** The statement of a search: one row more than the limit, to know whether there is a next page. */
    static Statement statement(Query query) {
        if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + query.limit());
        }
        AuditCursor after = query.cursor() == null ? null : AuditCursor.decode(query.cursor());
        StringBuilder sql = new StringBuilder("""
                SELECT id, occurred_at, action, actor, client_address, user_agent, module, version, artifact, status,
                       bytes, cache_hit, duration_ms, details, occurrences, last_occurred_at
                FROM audit_events WHERE true""");
        List<Object> params = new ArrayList<>();
        if (query.module() != null) {
            sql.append(" AND module = ?");
            params.add(query.module());
        }
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            params.add(query.actor());
        }
        if (query.action() != null) {
            // a literal (an enum constant's name, never user text): the partial action index's predicate
            // (action <> 'DOWNLOAD') can then be proven for every plan, generic or not
            sql.append(" AND action = '").append(query.action().name()).append('\'');
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(utc(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < ?");
            params.add(utc(query.to()));
        }
        if (after != null) {
            // the plain bound lets the planner prune partitions; the row comparison is the exact keyset
            sql.append(" AND occurred_at <= ? AND (occurred_at, id) < (?, ?)");
            params.add(utc(after.time()));
            params.add(utc(after.time()));
            params.add(after.id());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
        params.add(query.limit() + 1);
        return new Statement(sql.toString(), List.copyOf(params));
    }

    private static OffsetDateTime utc(Instant time) {
        return time.atOffset(ZoneOffset.UTC);
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        Instant time = rs.getObject("occurred_at", OffsetDateTime.class).toInstant();
        OffsetDateTime last = rs.getObject("last_occurred_at", OffsetDateTime.class);
        return new Entry(rs.getLong("id"), new AuditEvent(
                time,
                AuditAction.valueOf(rs.getString("action")),
                rs.getString("actor"),
                rs.getString("client_address"),
                rs.getString("user_agent"),
                rs.getString("module"),
                rs.getString("version"),
                rs.getString("artifact"),
                rs.getObject("status", Integer.class),
                rs.getObject("bytes", Long.class),
                rs.getObject("cache_hit", Boolean.class),
                rs.getObject("duration_ms", Long.class),
                rs.getString("details")), rs.getInt("occurrences"), last == null ? time : last.toInstant());
    }
}
