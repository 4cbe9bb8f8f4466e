package dev.modvault.persistence;

import static dev.modvault.persistence.AuditEvents.download;
import static dev.modvault.persistence.AuditEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditLog;
import dev.modvault.core.audit.AuditLog.Entry;
import dev.modvault.core.audit.AuditLog.Page;
import dev.modvault.core.audit.AuditLog.Query;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit writer and the audit log together against PostgreSQL. */
class JdbcAuditLogTest {

    private static TestDatabase db;
    private static AsyncAuditWriter writer;
    private static JdbcAuditLog log;
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
        AuditPartitions partitions = new AuditPartitions(db.dataSource, Clock.systemUTC());
        partitions.maintain(2, 30);
        writer = new AsyncAuditWriter(db.dataSource, partitions, PersistenceSettings.defaults());
        log = new JdbcAuditLog(db.dataSource);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        writer.close();
        db.close();
    }

    @BeforeEach
    void empty() {
        db.jdbc.sql("TRUNCATE audit_events").update();
    }

    private static void write(AuditEvent... events) {
        for (AuditEvent e : events) {
            writer.record(e);
        }
        assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
    }

    private static Query query(String module, String actor, AuditAction action, Instant from, Instant to) {
        return new Query(module, actor, action, from, to, null, 100);
    }

    private static List<AuditEvent> events(Page page) {
        return page.entries().stream().map(Entry::event).toList();
    }

    @Test
    void everyFieldRoundTripsIncludingNullsAndAwkwardText() {
        AuditEvent full = new AuditEvent(BASE.plusNanos(123_456_000), AuditAction.POLICY_DENIAL, "alice\tadmin",
                "2001:db8::1", "Go-http-client/1.1 \\ \"quoted\"\nsecond line\r", "example.com/m", "v1.2.3",
                "zip", 403, 0L, false, 17L, "{\"rule\": 7, \"reason\": \"tab\\there, backslash \\\\\"}");
        AuditEvent sparse = new AuditEvent(BASE.plusSeconds(1), AuditAction.SECURITY, "system", null, null, null,
                null, null, null, null, null, null, null);
        AuditEvent nul = new AuditEvent(BASE.plusSeconds(2), AuditAction.ADMIN_CHANGE, "bob\0", null, null, null,
                null, null, null, null, null, null, null);
        write(full, sparse, nul);

        List<Entry> entries = log.search(query(null, null, null, null, null)).entries();
        assertThat(entries).hasSize(3);
        assertThat(entries.get(2).event()).usingRecursiveComparison().ignoringFields("details").isEqualTo(full);
        assertThat(entries.get(2).event().details()).contains("\"rule\": 7").contains("tab\\there");
        assertThat(entries.get(1).event()).isEqualTo(sparse);
        assertThat(entries.get(0).event().actor()).as("NUL, which PostgreSQL text cannot hold, is replaced")
                .isEqualTo("bob\uFFFD");
        assertThat(entries).extracting(Entry::id).doesNotHaveDuplicates().allMatch(id -> id > 0);
    }

    @Test
    void filtersByEachFieldAndTimeRangeNewestFirst() {
        write(event(BASE.plusSeconds(1), AuditAction.DOWNLOAD, "alice", "example.com/a"),
                event(BASE.plusSeconds(2), AuditAction.DOWNLOAD, "bob", "example.com/a"),
                event(BASE.plusSeconds(3), AuditAction.POLICY_DENIAL, "alice", "example.com/b"),
                event(BASE.plusSeconds(4), AuditAction.ADMIN_CHANGE, "carol", null),
                event(BASE.plusSeconds(5), AuditAction.DOWNLOAD, "alice", "example.com/b"));

        assertThat(events(log.search(query(null, null, null, null, null)))).extracting(AuditEvent::time)
                .containsExactly(BASE.plusSeconds(5), BASE.plusSeconds(4), BASE.plusSeconds(3), BASE.plusSeconds(2),
                        BASE.plusSeconds(1));
        assertThat(events(log.search(query("example.com/a", null, null, null, null)))).extracting(AuditEvent::actor)
                .containsExactly("bob", "alice");
        assertThat(events(log.search(query(null, "alice", null, null, null)))).extracting(AuditEvent::time)
                .containsExactly(BASE.plusSeconds(5), BASE.plusSeconds(3), BASE.plusSeconds(1));
        assertThat(events(log.search(query(null, null, AuditAction.DOWNLOAD, null, null))))
                .extracting(AuditEvent::time)
                .containsExactly(BASE.plusSeconds(5), BASE.plusSeconds(2), BASE.plusSeconds(1));
        assertThat(events(log.search(query(null, null, null, BASE.plusSeconds(2), BASE.plusSeconds(4)))))
                .as("from inclusive, to exclusive").extracting(AuditEvent::time)
                .containsExactly(BASE.plusSeconds(3), BASE.plusSeconds(2));
        assertThat(events(log.search(query("example.com/b", "alice", AuditAction.DOWNLOAD, BASE, null))))
                .extracting(AuditEvent::time).containsExactly(BASE.plusSeconds(5));
        assertThat(log.search(query("example.com/none", null, null, null, null)).entries()).isEmpty();
        assertThat(log.search(query(null, null, AuditAction.SECURITY, null, null)).nextCursor()).isNull();
    }

    @Test
    void pagesWalkEverythingOnceAndTheCursorIsStableWhileEventsArrive() {
        List<AuditEvent> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // pairs of events share a time, so pages also break ties by id
            all.add(download(BASE.plusSeconds(i / 2), "alice", "example.com/m", "v1.0." + i));
        }
        write(all.toArray(AuditEvent[]::new));

        List<Entry> seen = new ArrayList<>();
        Page page = log.search(new Query(null, "alice", null, null, null, null, 10));
        seen.addAll(page.entries());
        assertThat(page.entries()).hasSize(10);
        assertThat(page.nextCursor()).isNotNull();

        // newer events arrive between pages: they belong before the cursor and must not shift later pages
        write(download(BASE.plusSeconds(100), "alice", "example.com/m", "v9.0.0"),
                download(BASE.plusSeconds(101), "alice", "example.com/m", "v9.0.1"));

        page = log.search(new Query(null, "alice", null, null, null, page.nextCursor(), 10));
        seen.addAll(page.entries());
        assertThat(page.entries()).hasSize(10);
        page = log.search(new Query(null, "alice", null, null, null, page.nextCursor(), 10));
        seen.addAll(page.entries());
        assertThat(page.entries()).hasSize(5);
        assertThat(page.nextCursor()).isNull();

        assertThat(seen).extracting(Entry::id).doesNotHaveDuplicates();
        assertThat(seen.stream().map(e -> e.event().version()).collect(Collectors.toSet()))
                .isEqualTo(all.stream().map(AuditEvent::version).collect(Collectors.toSet()));
        for (int i = 1; i < seen.size(); i++) {
            Entry newer = seen.get(i - 1);
            Entry older = seen.get(i);
            int byTime = newer.event().time().compareTo(older.event().time());
            assertThat(byTime > 0 || (byTime == 0 && newer.id() > older.id())).as("newest first at %d", i).isTrue();
        }
        assertThat(seen).extracting(e -> e.event().version()).doesNotContain("v9.0.0", "v9.0.1");
    }

    @Test
    void exactlyFullLastPageHasNoCursor() {
        write(download(BASE, "a", "example.com/m", "v1.0.0"), download(BASE.plusSeconds(1), "a", "example.com/m",
                "v1.0.1"));
        Page page = log.search(new Query(null, null, null, null, null, null, 2));
        assertThat(page.entries()).hasSize(2);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void refusesMalformedCursorsAndLimits() {
        assertThatThrownBy(() -> log.search(new Query(null, null, null, null, null, "not a cursor!", 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.search(new Query(null, null, null, null, null, "MTIz", 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.search(new Query(null, null, null, null, null, null, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.search(new Query(null, null, null, null, null, null, 1001)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(log.search(new Query(null, null, null, null, null, null, 1000)).entries()).isEmpty();
    }

    @Test
    void anEventTheDatabaseRefusesIsSetAsideAndTheRestOfItsBatchIsWritten() {
        long rejectedBefore = writer.rejectedCount();
        AuditEvent bad = new AuditEvent(BASE, AuditAction.ADMIN_CHANGE, "eve", null, null, null, null, null, null,
                null, null, null, "{not json");
        write(download(BASE, "a", "example.com/m", "v1.0.0"), bad, download(BASE, "b", "example.com/m", "v1.0.1"));

        assertThat(writer.rejectedCount() - rejectedBefore).isEqualTo(1);
        assertThat(events(log.search(query(null, null, null, null, null)))).extracting(AuditEvent::actor)
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void everySearchIsAnIndexScanNotASequentialOne() {
        for (int i = 0; i < 20_000; i++) {
            AuditAction action = i % 100 == 0 ? AuditAction.SECURITY : i % 7 == 0 ? AuditAction.UPSTREAM_FETCH
                    : AuditAction.DOWNLOAD;
            writer.record(event(BASE.plusMillis(i), action, "user" + (i % 50), "example.com/m" + (i % 500)));
        }
        assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
        db.jdbc.sql("ANALYZE audit_events").update();
        String cursor = new AuditCursor(BASE.plusSeconds(10), 1000).encode();

        // partitions' indexes are named after the parent's columns: pYYYYMMDD_[module_|actor_|action_]occurred_at_id_idx
        String byTime = "p\\d{8}_occurred_at_id_idx";
        assertThat(plan(new Query(null, null, null, null, null, null, 50))).containsPattern(byTime);
        assertThat(plan(new Query(null, null, null, null, null, cursor, 50))).containsPattern(byTime);
        assertThat(plan(new Query("example.com/m7", null, null, null, null, cursor, 50)))
                .contains("_module_occurred_at_id_idx");
        assertThat(plan(new Query(null, "user7", null, null, null, null, 50))).contains("_actor_occurred_at_id_idx");
        assertThat(plan(new Query(null, null, AuditAction.SECURITY, null, null, cursor, 50)))
                .as("the partial action index serves the rarer actions").contains("_action_occurred_at_id_idx");
        assertThat(plan(new Query(null, null, AuditAction.DOWNLOAD, null, null, null, 50))).containsPattern(byTime);
    }

    private static String plan(Query query) {
        JdbcAuditLog.Statement statement = JdbcAuditLog.statement(query);
        String plan = String.join("\n", db.jdbc.sql("EXPLAIN " + statement.sql()).params(statement.params())
                .query(String.class).list());
        assertThat(plan).as(plan).doesNotContain("Seq Scan");
        return plan;
    }
}
