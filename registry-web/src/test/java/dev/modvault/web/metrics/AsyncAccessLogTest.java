package dev.modvault.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Access-log lines reach the root's appenders from the queue, in order, with their request id, all of them; an idle
 * writer sleeps without a deadline and the next line wakes it.
 */
class AsyncAccessLogTest {

    @Test
    void everyLineReachesTheRootAppendersInOrderWithItsMdc() {
        Logger root = root();
        ListAppender<ILoggingEvent> sink = sinkOn(root);
        String name = accessLogger("test");
        try {
            AsyncAccessLog log = AsyncAccessLog.install(name);
            assertThat(log.installed()).isTrue();
            assertThat(AsyncAccessLog.install(name).installed()).as("installed once").isFalse();
            org.slf4j.Logger access = LoggerFactory.getLogger(name);
            for (int i = 0; i < 20_000; i++) {
                MDC.put("requestId", "r" + i);
                access.info("GET /m/@v/v1.0.{}.info 200", i);
            }
            MDC.remove("requestId");
            log.close();

            assertThat(sink.list).hasSize(20_000);
            assertThat(IntStream.range(0, 20_000)).allSatisfy(i -> {
                ILoggingEvent event = sink.list.get(i);
                assertThat(event.getFormattedMessage()).isEqualTo("GET /m/@v/v1.0." + i + ".info 200");
                assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "r" + i);
            });
            assertThat(root.getLoggerContext().getLogger(name).isAdditive()).as("back on the root after close")
                    .isTrue();
        } finally {
            root.detachAppender(sink);
        }
    }

    @Test
    void anIdleWriterSleepsWithoutADeadlineAndTheNextLineWakesIt() throws Exception {
        Logger root = root();
        ListAppender<ILoggingEvent> sink = sinkOn(root);
        String name = accessLogger("idle");
        AsyncAccessLog log = AsyncAccessLog.install(name);
        try {
            org.slf4j.Logger access = LoggerFactory.getLogger(name);
            for (int round = 1; round <= 3; round++) {
                access.info("GET /m/@v/v1.0.{}.info 200", round);
                awaitLines(sink, round);
                // after the line, one drain interval, then a drain that finds nothing: asleep with no deadline
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (log.writer().getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(log.writer().getState()).as("idle writer, round %d", round)
                        .isEqualTo(Thread.State.WAITING);
            }
            long start = System.nanoTime();
            access.info("GET /m/@v/v1.0.4.info 200");
            awaitLines(sink, 4);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("woken by the line, not by a timer")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(sink.list.getLast().getFormattedMessage()).isEqualTo("GET /m/@v/v1.0.4.info 200");
        } finally {
            log.close();
            root.detachAppender(sink);
        }
        assertThat(log.writer().isAlive()).as("close ends an idle writer").isFalse();
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** A list appender on the root logger, as the application's console appender would be. */
    private static ListAppender<ILoggingEvent> sinkOn(Logger root) {
        ListAppender<ILoggingEvent> sink = new ListAppender<>();
        sink.setContext(root.getLoggerContext());
        sink.start();
        root.addAppender(sink);
        return sink;
    }

    /** A fresh access logger name at INFO, whatever level an earlier test left the root at. */
    private static String accessLogger(String label) {
        String name = "modvault.access." + label + "-" + System.nanoTime();
        root().getLoggerContext().getLogger(name).setLevel(Level.INFO);
        return name;
    }

    private static void awaitLines(ListAppender<ILoggingEvent> sink, int lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sink.list.size() < lines && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(sink.list).hasSize(lines);
    }
}
