package dev.modvault.web.metrics;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.FilterReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Writes the access log ({@code modvault.access}) from one background thread, through the same appenders (and so the
 * same format, plain or structured JSON) as every other line. Formatting a line and writing it to the console took
 * about a tenth of a cached {@code .info}'s CPU on the serving thread, with a lock and a system call per line; now a
 * request only queues its event (message and MDC captured), without a lock. The writer drains the queue and writes
 * the console lines of a drain in one write: every {@value #BUSY_DRAIN_MILLIS} ms while at least a line a millisecond
 * comes (short drains keep its bursts of work short under load), every {@value #QUIET_DRAIN_MILLIS} ms for a trickle,
 * and once a drain finds nothing it sleeps until the next line wakes it, so an idle server's writer does not wake at
 * all (it used to wake 200 times a second, about 1.4 % of a core on an idle replica). The queue holds
 * {@value #CAPACITY} lines and never discards one: when the console cannot keep up, requests wait for room as they
 * waited for the write before. {@link #close()} writes out what is queued.
 */
final class AsyncAccessLog implements AutoCloseable {

    static final String APPENDER = "modvault-access-queue";
    static final int CAPACITY = 8192;
    static final long BUSY_DRAIN_MILLIS = 5;
    static final long QUIET_DRAIN_MILLIS = 50;
    private static final int FLUSH_BYTES = 64 * 1024;

    private final Logger logger;
    private final Queue queue;
    private final Thread writer;
    /** The writer is asleep without a deadline: whoever queues the next line wakes it. */
    private final AtomicBoolean idle = new AtomicBoolean();
    private volatile boolean closed;

    private AsyncAccessLog(Logger logger, List<Appender<ILoggingEvent>> targets) {
        this.logger = logger;
        if (logger == null) {
            this.queue = null;
            this.writer = null;
            return;
        }
        this.queue = new Queue();
        this.queue.setContext(logger.getLoggerContext());
        this.queue.setName(APPENDER);
        this.queue.start();
        Drain drain = new Drain(targets);
        this.writer = Thread.ofPlatform().daemon().name("modvault-access-log").unstarted(() -> {
            long interval = QUIET_DRAIN_MILLIS;
            while (!closed) {
                int lines = drain.run();
                if (lines > 0) { // let the next lines gather
                    // at least as many lines as milliseconds waited: a line a millisecond, so short drains
                    interval = lines >= interval ? BUSY_DRAIN_MILLIS : QUIET_DRAIN_MILLIS;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(interval));
                    continue;
                }
                idle.set(true);
                if (queue.events.isEmpty() && !closed) { // a line queued after this check finds idle set, wakes us
                    LockSupport.park(this);
                }
                idle.set(false);
            }
            drain.run();
        });
        this.writer.start();
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
        AsyncAccessLog log = new AsyncAccessLog(logger, targets);
        logger.addAppender(log.queue);
        logger.setAdditive(false);
        return log;
    }

    static AsyncAccessLog none() {
        return new AsyncAccessLog(null, null);
    }

    boolean installed() {
        return queue != null;
    }

    /**
     * Puts the logger back on the root's appenders, after writing out what is queued (waits up to 2 s). Leaves the
     * logger alone if the logging system was set up again since (another application context in the same JVM, as in
     * tests).
     */
    @Override
    public void close() {
        if (queue == null) {
            return;
        }
        if (logger.detachAppender(queue)) {
            logger.setAdditive(true);
        }
        queue.stop();
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer thread, for tests. */
    Thread writer() {
        return writer;
    }

    /** The logger's appender: captures the event and queues it, waiting only while the queue is full. */
    private final class Queue extends UnsynchronizedAppenderBase<ILoggingEvent> {
        final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
        final AtomicInteger size = new AtomicInteger();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            while (size.get() >= CAPACITY && !closed) {
                LockSupport.unpark(writer); // do not wait out its drain interval
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            size.incrementAndGet();
            events.add(event);
            if (idle.get() && idle.compareAndSet(true, false)) {
                LockSupport.unpark(writer);
            }
        }
    }

    /**
     * Hands each queued event to every appender the root logger had; lines for a console appender on standard output
     * are encoded with its encoder and written together.
     */
    private final class Drain {
        private final List<Appender<ILoggingEvent>> targets;
        private final ByteArrayOutputStream console = new ByteArrayOutputStream(FLUSH_BYTES * 2);

        Drain(List<Appender<ILoggingEvent>> targets) {
            this.targets = List.copyOf(targets);
        }

        /** Writes out what is queued; returns how many lines that was. */
        int run() {
            int lines = 0;
            ILoggingEvent event;
            while ((event = queue.events.poll()) != null) {
                lines++;
                queue.size.decrementAndGet();
                for (Appender<ILoggingEvent> target : targets) {
                    try {
                        append(target, event);
                    } catch (RuntimeException e) {
                        queue.addError("access log line not written by " + target.getName(), e);
                    }
                }
                if (console.size() >= FLUSH_BYTES) {
                    flushConsole();
                }
            }
            flushConsole();
            return lines;
        }

        private void append(Appender<ILoggingEvent> target, ILoggingEvent event) {
            if (target instanceof ConsoleAppender<ILoggingEvent> appender && appender.isStarted()
                    && "System.out".equals(appender.getTarget()) && appender.getEncoder() != null) {
                if (appender.getFilterChainDecision(event) != FilterReply.DENY) {
                    console.writeBytes(appender.getEncoder().encode(event));
                }
            } else {
                target.doAppend(event);
            }
        }

        private void flushConsole() {
            if (console.size() > 0) {
                PrintStream out = System.out; // looked up each time: tests replace it to capture output
                try {
                    console.writeTo(out);
                } catch (IOException e) { // a PrintStream does not throw; it records its errors itself
                    queue.addError("access log lines not written", e);
                }
                out.flush();
                console.reset();
            }
        }
    }
}
