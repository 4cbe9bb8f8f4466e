package dev.modvault.persistence;

import static dev.modvault.persistence.AuditEvents.download;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditPartitionsTest {

    private static final LocalDate TODAY = LocalDate.of(2031, 3, 15);
    private static TestDatabase db;
    private final MutableClock clock = new MutableClock(TODAY.atTime(10, 0).toInstant(ZoneOffset.UTC));
    private AuditPartitions partitions;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void dropAllPartitions() throws Exception {
        partitions = new AuditPartitions(db.dataSource, clock);
        for (LocalDate day : partitions.list()) {
            db.jdbc.sql("DROP TABLE " + AuditPartitions.name(day)).update();
        }
    }

    private static List<LocalDate> days(LocalDate first, LocalDate last) {
        return first.datesUntil(last.plusDays(1)).toList();
    }

    private static Instant noon(LocalDate day) {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    private AsyncAuditWriter writer() {
        return new AsyncAuditWriter(db.dataSource, partitions, PersistenceSettings.defaults());
    }

    @Test
    void createsTodayAndTheDaysAheadOnceAndNoDefaultPartition() throws Exception {
        AuditPartitions.Maintenance first = partitions.maintain(3, 10);
        assertThat(first.created()).isEqualTo(days(TODAY, TODAY.plusDays(3)));
        assertThat(first.dropped()).isEmpty();
        assertThat(partitions.list()).isEqualTo(days(TODAY, TODAY.plusDays(3)));

        AuditPartitions.Maintenance again = partitions.maintain(3, 10);
        assertThat(again.created()).isEmpty();
        assertThat(again.dropped()).isEmpty();
        assertThat(db.count("SELECT count(*) FROM pg_partitioned_table WHERE partdefid <> 0")).isZero();
        assertThat(db.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'audit_events_p20310315'"))
                .as("each partition carries the parent's four indexes").isEqualTo(4);
    }

    @Test
    void dropsWholeDaysOlderThanTheRetentionAndKeepsTheRest() throws Exception {
        LocalDate oldestKept = TODAY.minusDays(10);
        partitions.ensureFor(Set.copyOf(days(TODAY.minusDays(14), TODAY.minusDays(1))));
        try (AsyncAuditWriter writer = writer()) {
            writer.record(download(oldestKept.atStartOfDay().toInstant(ZoneOffset.UTC), "kept", "example.com/m",
                    "v1.0.0"));
            writer.record(download(oldestKept.atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1000), "expired",
                    "example.com/m", "v1.0.0"));
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
        }

        AuditPartitions.Maintenance m = partitions.maintain(3, 10);
        assertThat(m.dropped()).isEqualTo(days(TODAY.minusDays(14), oldestKept.minusDays(1)));
        assertThat(partitions.list()).isEqualTo(days(oldestKept, TODAY.plusDays(3)));
        assertThat(db.jdbc.sql("SELECT actor FROM audit_events").query(String.class).list()).containsExactly("kept");

        clock.advance(Duration.ofDays(1));
        m = partitions.maintain(3, 10);
        assertThat(m.created()).containsExactly(TODAY.plusDays(4));
        assertThat(m.dropped()).containsExactly(oldestKept);
        assertThat(db.count("SELECT count(*) FROM audit_events")).isZero();
    }

    @Test
    void anEventForADayWithoutPartitionGetsOneOnDemand() throws Exception {
        partitions.maintain(1, 10);
        LocalDate farAhead = TODAY.plusDays(80);
        try (AsyncAuditWriter writer = writer()) {
            writer.record(download(noon(farAhead), "u", "example.com/m", "v1.0.0"));
            writer.record(download(noon(TODAY), "u", "example.com/m", "v1.0.1"));
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(writer.rejectedCount()).isZero();
        }
        assertThat(partitions.list()).contains(farAhead);
        assertThat(db.count("SELECT count(*) FROM " + AuditPartitions.name(farAhead))).isEqualTo(1);
    }

    @Test
    void aPartitionDroppedBehindTheWritersBackIsCreatedAgain() throws Exception {
        LocalDate day = TODAY.plusDays(40);
        try (AsyncAuditWriter writer = writer()) {
            writer.record(download(noon(day), "u", "example.com/m", "v1.0.0"));
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            db.jdbc.sql("DROP TABLE " + AuditPartitions.name(day)).update(); // e.g. another replica, by hand

            writer.record(download(noon(day), "u", "example.com/m", "v1.0.1"));
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(writer.rejectedCount()).isZero();
        }
        assertThat(db.jdbc.sql("SELECT version FROM audit_events").query(String.class).list())
                .containsExactly("v1.0.1");
    }

    @Test
    void replicasMaintainingAtOnceDoNotCollide() throws Exception {
        List<Callable<AuditPartitions.Maintenance>> replicas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            AuditPartitions replica = new AuditPartitions(db.dataSource, clock);
            replicas.add(() -> replica.maintain(20, 10));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<LocalDate> created = new ArrayList<>();
        try {
            for (Future<AuditPartitions.Maintenance> f : pool.invokeAll(replicas)) {
                created.addAll(f.get().created());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(created).as("each day created by exactly one replica")
                .containsExactlyInAnyOrderElementsOf(days(TODAY, TODAY.plusDays(20)));
        assertThat(partitions.list()).isEqualTo(days(TODAY, TODAY.plusDays(20)));
    }

    @Test
    void namesAreTheUtcDay() {
        assertThat(AuditPartitions.name(LocalDate.of(2031, 3, 5))).isEqualTo("audit_events_p20310305");
        assertThat(AuditPartitions.parse("audit_events_p20310305")).isEqualTo(LocalDate.of(2031, 3, 5));
        assertThat(AuditPartitions.parse("audit_events_p20311305")).isNull();
        assertThat(AuditPartitions.parse("audit_events_archive")).isNull();
        assertThat(AuditPartitions.dayOf(Instant.parse("2031-03-05T23:59:59.999999Z")))
                .isEqualTo(LocalDate.of(2031, 3, 5));
        assertThat(AuditPartitions.dayOf(Instant.parse("1969-12-31T23:00:00Z"))).isEqualTo(LocalDate.of(1969, 12, 31));
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
