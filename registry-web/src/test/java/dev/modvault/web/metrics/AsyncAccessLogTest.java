package dev.modvault.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Access-log lines reach the root's appenders from the queue, in order, with their request id, all of them. */
class AsyncAccessLogTest {

    @Test
    void everyLineReachesTheRootAppendersInOrderWithItsMdc() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> sink = new ListAppender<>();
        sink.setContext(context);
        sink.start();
        root.addAppender(sink);
        String name = "modvault.access.test-" + System.nanoTime();
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
            assertThat(context.getLogger(name).isAdditive()).as("back on the root after close").isTrue();
        } finally {
            root.detachAppender(sink);
        }
    }
}
