package dev.modvault.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily partitions of {@code audit_events}: one per UTC day, named {@code audit_events_pYYYYMMDD}, covering
 * {@code [day 00:00Z, day+1 00:00Z)}.
 *
 * <p>There is no DEFAULT partition. {@link #maintain} creates today's and the next days' partitions ahead of time and
 * drops those past the retention; the audit writer calls {@link #ensureFor} before each batch so that an event whose
 * day has no partition yet (a clock far off, maintenance not run since the database came back) gets one on demand.
 * Known partitions are remembered, so the check costs a set lookup per distinct day of a batch.
 *
 * <p>DDL runs under a transaction-scoped advisory lock (replicas do not race) and a lock timeout (a long audit search
 * cannot make writers queue behind the DDL for long). A new partition is created as a plain table and then attached,
 * which locks the parent only in SHARE UPDATE EXCLUSIVE mode: writes and searches go on meanwhile.
 */
public final class AuditPartitions {

    /** What one {@link #maintain} run did. */
    public record Maintenance(List<LocalDate> created, List<LocalDate> dropped) {
    }

    static final String PREFIX = "audit_events_p";
    private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d{4})(\\d{2})(\\d{2})");
    private static final long ADVISORY_LOCK_KEY = 0x6d76_6175_6469_7470L; // "mvauditp"
    private static final String LOCK_TIMEOUT = "10s";
    private static final Logger log = LoggerFactory.getLogger(AuditPartitions.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public AuditPartitions(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The UTC day an instant falls in: its partition's day. */
    public static LocalDate dayOf(Instant time) {
        return LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), 86_400L));
    }

    /** Today by the clock, in UTC. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Makes sure every given day has a partition; days already known cost nothing. */
    public void ensureFor(Set<LocalDate> days) throws SQLException {
        for (LocalDate day : days) {
            if (!known.contains(day)) {
                create(day);
            }
        }
    }

    /** Forgets which partitions exist (after another replica may have dropped some); the next checks ask again. */
    public void forgetKnown() {
        known.clear();
    }

    /** The days that have a partition, oldest first. */
    public List<LocalDate> list() throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                     WHERE i.inhparent = 'audit_events'::regclass""")) {
            while (rs.next()) {
                LocalDate day = parse(rs.getString(1));
                if (day != null) {
                    days.add(day);
                }
            }
        }
        days.sort(null);
        return days;
    }

    /**
     * Creates the partitions of today and the {@code ahead} following days, and drops those of days before
     * {@code today - retentionDays}: at least {@code retentionDays} whole days are kept. Also trims the
     * {@code audit_batches} bookkeeping to one day.
     */
    public Maintenance maintain(int ahead, int retentionDays) throws SQLException {
        LocalDate today = today();
        List<LocalDate> created = new ArrayList<>();
        forgetKnown(); // partitions may have been dropped by another replica since
        Set<LocalDate> existing = new TreeSet<>(list());
        for (int i = 0; i <= ahead; i++) {
            LocalDate day = today.plusDays(i);
            if (existing.contains(day)) {
                known.add(day);
            } else if (create(day)) {
                created.add(day);
            }
        }
        LocalDate oldestKept = today.minusDays(retentionDays);
        List<LocalDate> dropped = new ArrayList<>();
        for (LocalDate day : existing) {
            if (day.isBefore(oldestKept)) {
                drop(day);
                dropped.add(day);
            } else {
                known.add(day);
            }
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_batches WHERE written_at < now() - interval '1 day'");
        }
        if (!created.isEmpty() || !dropped.isEmpty()) {
            log.info("audit partitions: created {}, dropped {} (retention {} days)", created, dropped, retentionDays);
        }
        return new Maintenance(List.copyOf(created), List.copyOf(dropped));
    }

    static String name(LocalDate day) {
        if (day.getYear() < 1 || day.getYear() > 9999) {
            throw new IllegalArgumentException("audit event day out of range: " + day);
        }
        return PREFIX + String.format("%04d%02d%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    static LocalDate parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** @return true if this call created it (false: it existed, or another partition covers the day) */
    private boolean create(LocalDate day) throws SQLException {
        String table = name(day);
        boolean createdNow;
        try {
            createdNow = Transactions.run(dataSource, c -> {
                lock(c);
                if (isPartition(c, table)) {
                    return false;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + table + " (LIKE audit_events)");
                    s.execute("ALTER TABLE audit_events ATTACH PARTITION " + table + " FOR VALUES FROM ('"
                            + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
                }
                return true;
            });
        } catch (SQLException e) {
            if (!"42P17".equals(e.getSQLState())) { // 42P17: an operator's partition already covers the day
                throw e;
            }
            log.warn("audit partition {} not created: {}", table, e.getMessage());
            createdNow = false;
        }
        known.add(day);
        return createdNow;
    }

    private void drop(LocalDate day) throws SQLException {
        known.remove(day);
        Transactions.run(dataSource, c -> {
            lock(c);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + name(day));
            }
            return null;
        });
    }

    private static void lock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
        }
    }

    private static boolean isPartition(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'audit_events'::regclass AND c.relname = ?""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
