package dev.modvault.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The queue, retry and drop logic on its own, with sinks that fail on purpose. */
class BatchWriterTest {

    private static final BatchWriter.Retry FAST = new BatchWriter.Retry(Duration.ofMillis(5), Duration.ofMillis(20));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(BatchWriter.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private static <T> BatchWriter<T> writer(int capacity, int batchSize, BatchSink<T> sink, Duration report) {
        return BatchWriter.start("test", capacity, batchSize, sink, FAST, report, Duration.ofSeconds(2));
    }

    private static SQLException down() {
        return new SQLException("Connection refused", "08001");
    }

    @Test
    void aTransientFailureKeepsTheBatchAndRetriesItUnderTheSameId() throws Exception {
        List<UUID> ids = Collections.synchronizedList(new ArrayList<>());
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger(3);
        CountDownLatch hold = new CountDownLatch(1);
        try (BatchWriter<Integer> writer = writer(1000, 100, (items, id) -> {
            hold.await();
            ids.add(id);
            if (failures.getAndDecrement() > 0) {
                throw down();
            }
            written.addAll(items);
        }, Duration.ofSeconds(10))) {
            for (int i = 0; i < 50; i++) {
                writer.offer(i);
            }
            hold.countDown();
            assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(written).containsExactlyElementsOf(range(0, 50));
            assertThat(ids).hasSizeGreaterThanOrEqualTo(4);
            assertThat(ids.subList(0, 4)).as("the same batch, retried").containsOnly(ids.getFirst());
            assertThat(writer.writtenCount()).isEqualTo(50);
            assertThat(writer.queueDepth()).isZero();
        }
        assertThat(messages()).anyMatch(m -> m.contains("database write failed, keeping the batch"))
                .anyMatch(m -> m.contains("database writes resumed after 3 failed attempts"));
    }

    @Test
    void aRefusedBatchIsWrittenItemByItemAndOnlyTheBadItemIsSetAside() throws Exception {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger transientOnce = new AtomicInteger(1);
        CountDownLatch hold = new CountDownLatch(1);
        try (BatchWriter<Integer> writer = writer(1000, 100, (items, id) -> {
            hold.await();
            if (items.contains(13)) {
                throw new SQLException("invalid input syntax for type json", "22P02");
            }
            if (items.size() == 1 && items.getFirst() == 15 && transientOnce.getAndDecrement() > 0) {
                throw down(); // the database goes away in the middle of the item-by-item pass
            }
            written.addAll(items);
        }, Duration.ofSeconds(10))) {
            for (int i = 10; i < 20; i++) {
                writer.offer(i);
            }
            hold.countDown();
            assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(written).as("each good item exactly once, in order")
                    .containsExactly(10, 11, 12, 14, 15, 16, 17, 18, 19);
            assertThat(writer.rejectedCount()).isEqualTo(1);
            assertThat(writer.writtenCount()).isEqualTo(9);
        }
        assertThat(messages()).anyMatch(m -> m.contains("item refused by the database and set aside"));
    }

    @Test
    void aBugInTheSinkIsTreatedLikeARefusalNotRetriedForever() throws Exception {
        try (BatchWriter<String> writer = writer(10, 10, (items, id) -> {
            if (items.contains("poison")) {
                throw new IllegalStateException("cannot encode");
            }
        }, Duration.ofSeconds(10))) {
            writer.offer("a");
            writer.offer("poison");
            writer.offer("b");
            assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(writer.rejectedCount()).isEqualTo(1);
            assertThat(writer.writtenCount()).isEqualTo(2);
        }
    }

    @Test
    void dropsAreCountedExactlyAndLoggedAtMostOncePerInterval() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BatchWriter<Integer> writer = writer(10, 5, (items, id) -> release.await(), Duration.ofMillis(400));
        try {
            for (int i = 0; i < 25; i++) {
                assertThat(writer.offer(i)).isEqualTo(i < 10);
            }
            assertThat(writer.droppedCount()).isEqualTo(15);
            assertThat(writer.queueDepth()).isEqualTo(10);
            TimeUnit.MILLISECONDS.sleep(200); // inside the first interval since start: no report yet
            assertThat(dropReports()).isEmpty();
            awaitReports(1);
            assertThat(dropReports().getFirst()).contains("dropped 15 items").contains("15 dropped in total");

            for (int i = 0; i < 5; i++) {
                writer.offer(100 + i);
            }
            TimeUnit.MILLISECONDS.sleep(100);
            assertThat(dropReports()).as("not before the interval has passed").hasSize(1);
            awaitReports(2);
            assertThat(dropReports().get(1)).contains("dropped 5 items").contains("20 dropped in total");
        } finally {
            release.countDown();
            writer.close();
        }
        assertThat(writer.droppedCount()).isEqualTo(20);
        assertThat(writer.writtenCount()).isEqualTo(10);
    }

    @Test
    void closeGivesUpAfterItsTimeoutWhenTheDatabaseStaysDown() {
        BatchWriter<Integer> writer = BatchWriter.start("test", 100, 10, (items, id) -> {
            throw down();
        }, FAST, Duration.ofSeconds(10), Duration.ofMillis(300));
        writer.offer(1);
        writer.offer(2);
        long start = System.nanoTime();
        writer.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                Duration.ofSeconds(5));
        assertThat(writer.queueDepth()).isEqualTo(2);
        assertThat(writer.offer(3)).isFalse();
        assertThat(messages()).anyMatch(m -> m.contains("closed with 2 items not written"));
    }

    private void awaitReports(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (dropReports().size() < count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(dropReports()).hasSize(count);
    }

    private List<String> dropReports() {
        return messages().stream().filter(m -> m.contains(" dropped ")).toList();
    }

    private List<String> messages() {
        synchronized (logs.list) {
            return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    @Test
    void aLingerGathersItemsArrivingOneByOneIntoOneBatchAndAFlushEndsItAtOnce() throws Exception {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        try (BatchWriter<Integer> writer = BatchWriter.start("test", 1000, 100, Duration.ofMillis(600),
                (items, id) -> batches.add(List.copyOf(items)), FAST, Duration.ofSeconds(10), Duration.ofSeconds(2))) {
            for (int i = 0; i < 10; i++) {
                writer.offer(i);
                Thread.sleep(20);
            }
            Thread.sleep(800);
            assertThat(batches).containsExactly(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));

            writer.offer(10);
            long start = System.nanoTime();
            assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
            assertThat(batches).hasSize(2).last().isEqualTo(List.of(10));
        }
    }

    @Test
    void aFullBatchDoesNotWaitForTheLinger() throws Exception {
        List<Long> writtenAfterMillis = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (BatchWriter<Integer> writer = BatchWriter.start("test", 1000, 5, Duration.ofSeconds(5),
                (items, id) -> writtenAfterMillis.add((System.nanoTime() - start) / 1_000_000), FAST,
                Duration.ofSeconds(10), Duration.ofSeconds(2))) {
            writer.offer(0);
            Thread.sleep(100); // the writer took the first item and sleeps through its linger
            for (int i = 1; i < 5; i++) {
                writer.offer(i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (writtenAfterMillis.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(writtenAfterMillis).hasSize(1);
            assertThat(writtenAfterMillis.getFirst()).isLessThan(1000);
        }
    }
}
