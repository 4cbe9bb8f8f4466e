package dev.modvault.web.metrics;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Writes the access log ({@code modvault.access}) from one background thread, through the same appenders (and so the
 * same format, plain or structured JSON) as every other line. Formatting a line and writing it to the console took
 * about a tenth of a cached {@code .info}'s CPU on the serving thread, and the console write held a lock and a
 * carrier thread; now a request only queues the event (its MDC and message captured). The queue holds 8192 lines
 * and never discards one: when the console cannot keep up, requests wait for room as they waited for the write
 * before. {@link #close()} drains what is queued.
 */
final class AsyncAccessLog implements AutoCloseable {

    static final String APPENDER = "modvault-access-async";

    private final Logger logger;
    private final AsyncAppender async;

    private AsyncAccessLog(Logger logger, AsyncAppender async) {
        this.logger = logger;
        this.async = async;
    }

    /**
     * Moves the access logger onto a queue in front of the root logger's appenders, unless the logging backend is
     * not Logback or the logger has appenders of its own (a custom logging configuration decides then).
     *
     * @return the installed queue; {@link #installed()} is false if the logger was left as it was
     */
    static AsyncAccessLog install(String loggerName) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return none();
        }
        Logger logger = context.getLogger(loggerName);
        if (logger.iteratorForAppenders().hasNext() || !logger.isAdditive()) {
            return none();
        }
        List<Appender<ILoggingEvent>> targets = new ArrayList<>();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(targets::add);
        if (targets.isEmpty()) {
            return none();
        }
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName(APPENDER);
        async.setQueueSize(8192);
        async.setDiscardingThreshold(0);
        async.setMaxFlushTime(2000);
        Fanout fanout = new Fanout(targets); // an AsyncAppender takes one appender; the root may have several
        fanout.setContext(context);
        fanout.start();
        async.addAppender(fanout);
        async.start();
        logger.addAppender(async);
        logger.setAdditive(false);
        return new AsyncAccessLog(logger, async);
    }

    /** Hands each event to every appender the root logger had (console, file, ...). */
    private static final class Fanout extends AppenderBase<ILoggingEvent> {
        private final List<Appender<ILoggingEvent>> targets;

        Fanout(List<Appender<ILoggingEvent>> targets) {
            this.targets = List.copyOf(targets);
            setName(APPENDER + "-fanout");
        }

        @Override
        protected void append(ILoggingEvent event) {
            for (Appender<ILoggingEvent> target : targets) {
                target.doAppend(event);
            }
        }
    }

    static AsyncAccessLog none() {
        return new AsyncAccessLog(null, null);
    }

    boolean installed() {
        return async != null;
    }

    /**
     * Puts the logger back on the root's appenders, after writing out what is queued (up to 2 s). Does nothing if the
     * logging system was set up again since (another application context in the same JVM, as in tests).
     */
    @Override
    public void close() {
        if (async != null && logger.detachAppender(async)) {
            logger.setAdditive(true);
            async.stop();
        }
    }
}
