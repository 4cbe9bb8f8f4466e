package dev.modvault.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.sumdb.Hash;
import dev.modvault.core.sumdb.SignedTreeHead;
import dev.modvault.core.sumdb.SignerKey;
import dev.modvault.core.sumdb.TreeHead;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JdbcTreeHeadStore (compare-and-set across "replicas") and JdbcChecksumRecords (first use wins) on PostgreSQL. */
class ChecksumPersistenceTest {

    private static final SignerKey SIGNER = SignerKey.generate("sum.test.example");
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void empty() {
        db.jdbc.sql("DELETE FROM checksum_tree_heads").update();
        db.jdbc.sql("DELETE FROM checksum_records").update();
    }

    private static SignedTreeHead head(long size, String seed) throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        return SignedTreeHead.sign(new TreeHead(size, Hash.of(hash)), SIGNER);
    }

    @Test
    void treeHeadsAreStoredByCompareAndSetAndReadBackWithTheirNote() throws Exception {
        JdbcTreeHeadStore store = new JdbcTreeHeadStore(db.dataSource);
        SignedTreeHead first = head(5, "a");
        SignedTreeHead second = head(9, "b");

        assertThat(store.load("sum.test.example")).isEmpty();
        assertThat(store.compareAndSet("sum.test.example", null, first)).isTrue();
        assertThat(store.compareAndSet("sum.test.example", null, second)).as("already set").isFalse();
        assertThat(store.load("sum.test.example")).contains(first);

        assertThat(store.compareAndSet("sum.test.example", head(5, "other"), second)).as("stale expectation").isFalse();
        assertThat(store.compareAndSet("sum.test.example", first, second)).isTrue();
        assertThat(store.load("sum.test.example")).contains(second);
        assertThat(store.compareAndSet("sum.test.example", second, first)).as("never shrinks").isFalse();
        assertThat(store.load("sum.test.example").orElseThrow().note()).isEqualTo(second.note());
        assertThat(store.load("other.example")).isEmpty();
    }

    @Test
    void ofManyConcurrentReplicasMovingTheHeadExactlyOneWinsEachStep() throws Exception {
        JdbcTreeHeadStore a = new JdbcTreeHeadStore(db.dataSource);
        JdbcTreeHeadStore b = new JdbcTreeHeadStore(db.dataSource);
        SignedTreeHead base = head(1, "base");
        assertThat(a.compareAndSet("db", null, base)).isTrue();
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SignedTreeHead next = head(2 + i, "n" + i);
            JdbcTreeHeadStore store = i % 2 == 0 ? a : b;
            racers.add(() -> store.compareAndSet("db", base, next));
        }
        int wins = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Boolean> f : pool.invokeAll(racers)) {
                wins += f.get() ? 1 : 0;
            }
        }
        assertThat(wins).isEqualTo(1);
        assertThat(a.load("db").orElseThrow().size()).isGreaterThan(1);
    }

    @Test
    void theFirstRecordedChecksumWinsAndIsReturnedToLaterCallers() {
        JdbcChecksumRecords records = new JdbcChecksumRecords(db.dataSource);

        assertThat(records.recordIfAbsent("corp.example.com/x", "v1.0.0", "zip", "h1:first=")).isEqualTo("h1:first=");
        assertThat(records.recordIfAbsent("corp.example.com/x", "v1.0.0", "zip", "h1:second=")).isEqualTo("h1:first=");
        assertThat(records.recordIfAbsent("corp.example.com/x", "v1.0.0", "mod", "h1:mod=")).isEqualTo("h1:mod=");
        assertThat(records.recordIfAbsent("corp.example.com/x", "v1.0.1", "zip", "h1:other=")).isEqualTo("h1:other=");
        assertThat(db.count("SELECT count(*) FROM checksum_records")).isEqualTo(3);
    }
}
