package dev.modvault.persistence;

import static dev.modvault.persistence.AuditEvents.download;
import static dev.modvault.persistence.AuditEvents.hit;
import static dev.modvault.persistence.AuditEvents.miss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditLog;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit writer when PostgreSQL goes away and comes back, its exactly-once batches, and coalesced rows. */
class AsyncAuditWriterTest {

    private static final BatchWriter.Retry FAST_RETRY = new BatchWriter.Retry(Duration.ofMillis(20),
            Duration.ofMillis(300));
    private static final int EVENTS = 5_000;
    private static final Instant BASE_TIME = Instant.parse("2026-11-25T10:00:00Z");
    private static TestDatabase db;
    private static AuditPartitions partitions;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
        partitions = new AuditPartitions(db.dataSource, Clock.systemUTC());
        partitions.maintain(1, 30);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void empty() {
        db.jdbc.sql("TRUNCATE audit_events").update();
    }

    private static AsyncAuditWriter writer(PersistenceSettings settings, BatchSink<AuditEvent> sink) {
        return new AsyncAuditWriter(sink, settings, FAST_RETRY, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    private static AuditCopySink copySink() {
        return new AuditCopySink(db.dataSource, partitions, true);
    }

    /** Events written: a row of coalesced repeats counts for each of them. */
    private static long rows() {
        return db.count("SELECT coalesce(sum(occurrences), 0) FROM audit_events");
    }

    @Test
    void whileTheDatabaseIsDownRecordReturnsAtOnceAndEverythingIsWrittenAfterItComesBack() throws Exception {
        try (AsyncAuditWriter writer = writer(PersistenceSettings.defaults(), copySink())) {
            writer.record(download(Instant.now(), "warm-up", "example.com/m", "v0.0.1"));
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();

            db.stop();
            try {
                whileDown(writer);
            } finally {
                db.restart();
            }
            assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(rows()).isEqualTo(EVENTS + 1);
            assertThat(writer.queueDepth()).isZero();
            assertThat(writer.droppedCount()).isZero();
            assertThat(writer.writtenCount()).isEqualTo(EVENTS + 1);
            assertThat(db.count("SELECT count(DISTINCT version) FROM audit_events")).isEqualTo(EVENTS + 1);
        }
    }

    /** Records while PostgreSQL is stopped: every call returns at once, everything is held. */
    private static void whileDown(AsyncAuditWriter writer) {
        int events = EVENTS;
        long[] nanos = new long[events];
        for (int i = 0; i < events; i++) {
            AuditEvent e = download(Instant.now(), "user" + (i % 7), "example.com/m", "v1.0." + i);
            long t = System.nanoTime();
            writer.record(e);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        // A record() that touched the database would take at least the pool's 500 ms connection timeout. The
        // bounds leave room for a descheduled thread on a busy 2-core machine, and are far below that.
        assertThat(nanos[events / 2]).as("median record() ns").isLessThan(Duration.ofMillis(1).toNanos());
        assertThat(nanos[events * 99 / 100]).as("99th percentile record() ns")
                .isLessThan(Duration.ofMillis(2).toNanos());
        assertThat(nanos[events - 1]).as("slowest record() ns: never waits on the database")
                .isLessThan(Duration.ofMillis(100).toNanos());
        assertThat(writer.queueDepth()).isEqualTo(events);
        assertThat(writer.flush(Duration.ofMillis(300))).as("nothing can be written").isFalse();
        assertThat(writer.queueDepth()).isEqualTo(events);
        assertThat(writer.droppedCount()).isZero();
    }

    @Test
    void pastTheQueueCapacityEventsAreDroppedAndCountedExactly() throws Exception {
        PersistenceSettings small = PersistenceSettings.defaults().withQueueCapacity(100).withBatchSize(10);
        try (AsyncAuditWriter writer = writer(small, copySink())) {
            db.stop();
            try {
                for (int i = 0; i < 250; i++) {
                    writer.record(download(Instant.now(), "u", "example.com/m", "v1.0." + i));
                }
                assertThat(writer.droppedCount()).isEqualTo(150);
                assertThat(writer.queueDepth()).isEqualTo(100);
            } finally {
                db.restart();
            }
            assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(rows()).isEqualTo(100);
            assertThat(db.count("SELECT count(*) FROM audit_events"
                    + " WHERE version IN (SELECT 'v1.0.' || g FROM generate_series(0, 99) g)"))
                    .as("the first 100 were kept").isEqualTo(100);
            assertThat(writer.droppedCount()).isEqualTo(150);

            writer.record(download(Instant.now(), "u", "example.com/m", "v2.0.0"));
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(writer.droppedCount()).as("room again once written").isEqualTo(150);
            assertThat(rows()).isEqualTo(101);
        }
    }

    @Test
    void aBatchWhoseCommitWasNotAcknowledgedIsNotWrittenTwice() {
        AtomicInteger calls = new AtomicInteger();
        AuditCopySink real = copySink();
        BatchSink<AuditEvent> losesTheAnswer = (items, batchId) -> {
            real.write(items, batchId);
            if (calls.getAndIncrement() == 0) {
                throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
            }
        };
        try (AsyncAuditWriter writer = writer(PersistenceSettings.defaults(), losesTheAnswer)) {
            for (int i = 0; i < 50; i++) {
                writer.record(download(Instant.now(), "u", "example.com/m", "v1.0." + i));
            }
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(calls.get()).as("retried").isGreaterThanOrEqualTo(2);
            assertThat(rows()).isEqualTo(50);
            assertThat(db.count("SELECT count(DISTINCT version) FROM audit_events")).isEqualTo(50);
        }
    }

    @Test
    void aBatchThatFailsHalfwayLeavesNothingAndIsWrittenOnceOnRetry() {
        AtomicInteger calls = new AtomicInteger();
        AuditCopySink real = copySink();
        BatchSink<AuditEvent> failsHalfway = (items, batchId) -> {
            if (calls.getAndIncrement() == 0) {
                // the first half goes in, then the connection "breaks" before the rest: the transaction rolls back
                Transactions.run(db.dataSource, c -> {
                    var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                            .copyIn(AuditCopySink.COPY_SQL);
                    byte[] half = AuditCopySink.encode(
                            AuditCopySink.coalesce(items.subList(0, items.size() / 2)));
                    copy.writeToCopy(half, 0, half.length);
                    copy.endCopy();
                    throw new SQLException("connection reset", "08006");
                });
            }
            real.write(items, batchId);
        };
        try (AsyncAuditWriter writer = writer(PersistenceSettings.defaults(), failsHalfway)) {
            List<AuditEvent> events = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                events.add(download(Instant.now(), "u", "example.com/m", "v1.0." + i));
            }
            events.forEach(writer::record);
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(calls.get()).isGreaterThanOrEqualTo(2);
            assertThat(rows()).isEqualTo(40);
            assertThat(db.count("SELECT count(DISTINCT version) FROM audit_events")).isEqualTo(40);
        }
    }

    @Test
    void closeWritesWhatIsHeldAndRecordNeverThrows() {
        AsyncAuditWriter writer = writer(PersistenceSettings.defaults(), copySink());
        writer.record(null);
        writer.record(new AuditEvent(null, AuditAction.SECURITY, "system", null, null, null, null, null, null, null,
                null, null, "{\"tag\": \"moved\"}"));
        for (int i = 0; i < 300; i++) {
            writer.record(download(Instant.now(), "u", "example.com/m", "v1.0." + i));
        }
        writer.close();
        assertThat(rows()).isEqualTo(301);
        assertThat(db.count("SELECT count(*) FROM audit_events WHERE action = 'SECURITY'"
                + " AND occurred_at > now() - interval '1 minute'")).as("stamped with the time it was recorded")
                .isEqualTo(1);

        writer.record(download(Instant.now(), "u", "example.com/m", "v9.9.9"));
        assertThat(writer.droppedCount()).as("after close, counted as dropped").isEqualTo(1);
    }

    @Test
    void theLogShowsTheCountAndTheLastTimeAndOffTurnsCoalescingOff() {
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(hit(BASE_TIME.plusMillis(i), "10.0.0.1", "v1.0.0", 1000, i % 7));
        }
        batch.add(miss(BASE_TIME.plusMillis(600)));
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
        assertThat(hits.event().time()).isEqualTo(BASE_TIME);
        assertThat(hits.lastTime()).isEqualTo(BASE_TIME.plusMillis(499));
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
