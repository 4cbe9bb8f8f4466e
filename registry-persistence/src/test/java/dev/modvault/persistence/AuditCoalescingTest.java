package dev.modvault.persistence;

import static dev.modvault.persistence.AuditEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Repeated cache-hit downloads of a batch written as one row with a count; everything else one row per event. */
class AuditCoalescingTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static TestDatabase db;
    private static AuditPartitions partitions;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
        partitions = new AuditPartitions(db.dataSource, Clock.systemUTC());
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void empty() {
        db.jdbc.sql("TRUNCATE audit_events").update();
    }

    private static AuditEvent hit(Instant time, String client, String version, long bytes, long millis) {
        return new AuditEvent(time, AuditAction.DOWNLOAD, "ci-bot", client, "Go-http-client/1.1", "example.com/m",
                version, "zip", 200, bytes, true, millis, null);
    }

    private static AuditEvent miss(Instant time) {
        return new AuditEvent(time, AuditAction.DOWNLOAD, "ci-bot", "10.0.0.1", "Go-http-client/1.1",
                "example.com/m", "v1.0.0", "zip", 200, 10L, false, 40L, null);
    }

    @Test
    void repeatedCacheHitsBecomeOneRowWithCountSumOfBytesLongestDurationAndFirstAndLastTime() {
        List<AuditEvent> events = List.of(
                hit(T0.plusMillis(5), "10.0.0.1", "v1.0.0", 100, 3),
                miss(T0.plusMillis(6)),
                hit(T0.plusMillis(1), "10.0.0.1", "v1.0.0", 100, 9),   // earlier than the first seen
                hit(T0.plusMillis(7), "10.0.0.2", "v1.0.0", 100, 1),   // another client
                hit(T0.plusMillis(8), "10.0.0.1", "v1.0.1", 100, 1),   // another version
                hit(T0.plusMillis(30), "10.0.0.1", "v1.0.0", 50, 2),
                event(T0.plusMillis(9), AuditAction.POLICY_DENIAL, "ci-bot", "example.com/m"),
                event(T0.plusMillis(10), AuditAction.POLICY_DENIAL, "ci-bot", "example.com/m"));

        List<AuditCopySink.Row> rows = AuditCopySink.coalesce(events);

        assertThat(rows).hasSize(6);
        AuditCopySink.Row repeated = rows.getFirst();
        assertThat(repeated.occurrences()).isEqualTo(3);
        assertThat(repeated.event().time()).isEqualTo(T0.plusMillis(1));
        assertThat(repeated.last()).isEqualTo(T0.plusMillis(30));
        assertThat(repeated.event().bytes()).isEqualTo(250);
        assertThat(repeated.event().durationMillis()).isEqualTo(9);
        assertThat(rows.subList(1, 6)).allSatisfy(row -> {
            assertThat(row.occurrences()).isEqualTo(1);
            assertThat(row.last()).isNull();
        });
        // misses, denials and the other client's or version's hits keep their own rows, in order
        assertThat(rows.subList(1, 6)).extracting(AuditCopySink.Row::event)
                .containsExactly(events.get(1), events.get(3), events.get(4), events.get(6), events.get(7));
    }

    @Test
    void hitsOnEitherSideOfMidnightUtcStayInTheirOwnDaysPartition() {
        Instant midnight = Instant.parse("2026-11-26T00:00:00Z");
        List<AuditCopySink.Row> rows = AuditCopySink.coalesce(List.of(
                hit(midnight.minusMillis(2), "10.0.0.1", "v1.0.0", 1, 1),
                hit(midnight.minusMillis(1), "10.0.0.1", "v1.0.0", 1, 1),
                hit(midnight, "10.0.0.1", "v1.0.0", 1, 1)));

        assertThat(rows).extracting(AuditCopySink.Row::occurrences).containsExactly(2, 1);
    }

    @Test
    void theLogShowsTheCountAndTheLastTimeAndOffTurnsCoalescingOff() {
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(hit(T0.plusMillis(i), "10.0.0.1", "v1.0.0", 1000, i % 7));
        }
        batch.add(miss(T0.plusMillis(600)));
        PersistenceSettings settings = PersistenceSettings.defaults().withLinger(Duration.ofMillis(50));

        try (AsyncAuditWriter writer = new AsyncAuditWriter(new AuditCopySink(db.dataSource, partitions, true),
                settings, BatchWriter.Retry.DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            batch.forEach(writer::record);
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(writer.writtenCount()).isEqualTo(501);
        }
        assertThat(db.count("SELECT count(*) FROM audit_events")).isEqualTo(2);
        List<AuditLog.Entry> entries = new JdbcAuditLog(db.dataSource)
                .search(new AuditLog.Query("example.com/m", null, null, null, null, null, 10)).entries();
        AuditLog.Entry hits = entries.stream().filter(e -> e.event().cacheHit()).findFirst().orElseThrow();
        assertThat(hits.count()).isEqualTo(500);
        assertThat(hits.event().time()).isEqualTo(T0);
        assertThat(hits.lastTime()).isEqualTo(T0.plusMillis(499));
        assertThat(hits.event().bytes()).isEqualTo(500_000);
        assertThat(hits.event().durationMillis()).isEqualTo(6);
        AuditLog.Entry single = entries.stream().filter(e -> !e.event().cacheHit()).findFirst().orElseThrow();
        assertThat(single.count()).isEqualTo(1);
        assertThat(single.lastTime()).isEqualTo(single.event().time());

        db.jdbc.sql("TRUNCATE audit_events").update();
        try (AsyncAuditWriter writer = new AsyncAuditWriter(new AuditCopySink(db.dataSource, partitions, false),
                settings, BatchWriter.Retry.DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            batch.forEach(writer::record);
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(db.count("SELECT count(*) FROM audit_events")).isEqualTo(501);
        assertThat(db.count("SELECT count(*) FROM audit_events WHERE occurrences <> 1 OR last_occurred_at IS NOT NULL"))
                .isZero();
    }
}
