package dev.modvault.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Sustained audit write throughput: pushes {@code benchmark.events} (default 1,000,000) events through
 * {@link AsyncAuditWriter} into an embedded PostgreSQL 17 with fsync on, and reports events per second from the
 * first record() to the last row committed. Runs only with {@code -Dbenchmark=true}:
 *
 * <pre>./mvnw -o -pl registry-persistence test -Dtest=AuditThroughputBenchmark -Dbenchmark=true</pre>
 *
 * The producer keeps the queue below its capacity (it measures the writer, not the dropping); the figure is printed
 * and written to {@code target/audit-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class AuditThroughputBenchmark {

    private static final String[] UA = {"Go-http-client/1.1", "Go-http-client/2.0", "curl/8.5.0"};

    @Test
    void sustainedEventsPerSecond() throws Exception {
        int events = Integer.getInteger("benchmark.events", 1_000_000);
        String sinkName = System.getProperty("benchmark.sink", "copy");
        PersistenceSettings settings = PersistenceSettings.defaults();
        try (TestDatabase db = TestDatabase.start(Map.of("fsync", "on", "synchronous_commit", "on"))) {
            AuditPartitions partitions = new AuditPartitions(db.dataSource, Clock.systemUTC());
            partitions.maintain(1, 30);
            BatchSink<AuditEvent> sink = switch (sinkName) {
                case "copy" -> new AuditCopySink(db.dataSource, partitions, false); // one row per event
                case "insert" -> new AuditInsertSink(db.dataSource, partitions);
                default -> throw new IllegalArgumentException("benchmark.sink: copy or insert");
            };
            long start;
            long end;
            long[] recordNanos = new long[events];
            try (AsyncAuditWriter writer = new AsyncAuditWriter(sink, settings, BatchWriter.Retry.DEFAULT,
                    Duration.ofSeconds(10), Duration.ofSeconds(60))) {
                int highWater = settings.queueCapacity() * 9 / 10;
                start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    while (writer.queueDepth() >= highWater) {
                        LockSupport.parkNanos(100_000);
                    }
                    AuditEvent e = event(i);
                    long t = System.nanoTime();
                    writer.record(e);
                    recordNanos[i] = System.nanoTime() - t;
                }
                assertThat(writer.flush(Duration.ofMinutes(10))).isTrue();
                end = System.nanoTime();
                assertThat(writer.droppedCount()).isZero();
                assertThat(writer.rejectedCount()).isZero();
            }
            assertThat(db.count("SELECT count(*) FROM audit_events")).isEqualTo(events);
            java.util.Arrays.sort(recordNanos);
            double seconds = (end - start) / 1e9;
            double rate = events / seconds;
            String size = db.jdbc.sql("""
                            SELECT pg_size_pretty(sum(pg_table_size(i.inhrelid))) || ' table + '
                                   || pg_size_pretty(sum(pg_indexes_size(i.inhrelid))) || ' indexes'
                            FROM pg_inherits i WHERE i.inhparent = 'audit_events'::regclass""")
                    .query(String.class).single();
            String report = String.format(Locale.ROOT,
                    "audit throughput (%s): %,d events in %.1f s = %,.0f events/s sustained; batch %d;"
                            + " %d cores; record() p50 %.2f us, p99.9 %.2f us, max %.2f ms; on disk %s%n",
                    sinkName, events, seconds, rate, settings.batchSize(),
                    Runtime.getRuntime().availableProcessors(), recordNanos[events / 2] / 1e3,
                    recordNanos[(int) (events * 0.999)] / 1e3, recordNanos[events - 1] / 1e6, size);
            System.out.print(report);
            write(report);
        }
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(Instant.now(), i % 50 == 0 ? AuditAction.UPSTREAM_FETCH : AuditAction.DOWNLOAD,
                "user" + (i % 200), "10.1." + (i % 250) + "." + (i % 7), UA[i % UA.length],
                "github.com/org" + (i % 100) + "/module" + (i % 5000), "v1." + (i % 40) + "." + (i % 9),
                i % 3 == 0 ? "zip" : i % 3 == 1 ? "mod" : "info", 200, 1_000L + i % 100_000, i % 10 != 0,
                (long) (i % 250), i % 20 == 0 ? "{\"upstream\": \"https://proxy.golang.org\", \"attempt\": 1}" : null);
    }

    private static void write(String report) throws IOException {
        Path out = Path.of("target", "audit-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }
}
