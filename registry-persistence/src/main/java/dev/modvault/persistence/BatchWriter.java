package dev.modvault.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded in-memory queue drained by one writer thread that hands batches to a {@link BatchSink}: the shared
 * machinery behind {@link AsyncAuditWriter} and {@link JdbcCatalog}.
 *
 * <ul>
 * <li>{@link #offer} never blocks and never throws: it is called on the serving path. At most {@code capacity} items
 * are held (queued plus the batch being written); past that new items are dropped and counted.</li>
 * <li>One platform daemon thread takes up to {@code batchSize} items at a time; with a linger it waits that long
 * after the first item of a batch for more to join, unless the batch fills or {@link #flush} is called first. A
 * batch that fails transiently (database unreachable) is kept whole and retried with exponential backoff capped at
 * {@link Retry#max}, while new items queue up to the bound. A batch the database refuses as data is written item by
 * item, and the items refused on their own are set aside ({@link #rejectedCount}), so one bad item cannot stall the
 * rest.</li>
 * <li>Drops and rejections are logged with their counts by a reporter thread, at most once per
 * {@code reportInterval}; an outage is logged by the writer thread when it starts, at most once per interval while
 * it lasts, and when it ends.</li>
 * <li>{@link #close} stops accepting, drains what is held for up to the close timeout, then stops the thread.</li>
 * </ul>
 *
 * @param <T> the item type
 */
public final class BatchWriter<T> implements AutoCloseable {

    /** Backoff between attempts of a batch that failed transiently: doubles from {@code initial} up to {@code max}. */
    public record Retry(Duration initial, Duration max) {
        public static final Retry DEFAULT = new Retry(Duration.ofMillis(100), Duration.ofSeconds(5));

        public Retry {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final long IDLE_POLL_MILLIS = 100;

    private final String name;
    private final int capacity;
    private final int batchSize;
    private final long lingerNanos;
    private final BatchSink<T> sink;
    private final Retry retry;
    private final long reportIntervalNanos;
    private final Duration closeTimeout;

    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    /** Items held: queued plus those in the batch being written. The bound of {@code capacity} applies to it. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    /** Items done with: written or rejected. {@code accepted - completed == pending} once the writer settles. */
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** Callers waiting in {@link #flush}: while there are any, batches are written without lingering. */
    private final AtomicInteger flushing = new AtomicInteger();
    private final Thread thread;
    private final ScheduledExecutorService reporter;

    private volatile boolean closing;
    private volatile boolean abandon;
    /** The writer is gathering a batch: an offer that gives it a full batch wakes it. */
    private volatile boolean lingering;

    // reporter state (guarded by `this`)
    private long reportedDrops;
    private long reportedRejects;
    // writer-thread state
    private long failingSinceNanos;
    private int failedAttempts;
    private long lastFailureLogNanos;

    private BatchWriter(String name, int capacity, int batchSize, Duration linger, BatchSink<T> sink, Retry retry,
                        Duration reportInterval, Duration closeTimeout) {
        if (capacity < 1 || batchSize < 1 || linger.isNegative()) {
            throw new IllegalArgumentException("capacity and batch size must be positive, linger not negative");
        }
        this.lingerNanos = linger.toNanos();
        this.name = Objects.requireNonNull(name, "name");
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.reportIntervalNanos = reportInterval.toNanos();
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        this.thread = Thread.ofPlatform().daemon().name("modvault-" + name + "-writer").unstarted(this::run);
        this.reporter = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("modvault-" + name + "-reporter").factory());
    }

    /**
     * Creates a writer and starts its thread.
     *
     * @param name           used in the thread's name and in log lines
     * @param capacity       most items held before new ones are dropped
     * @param batchSize      most items per {@link BatchSink#write}
     * @param reportInterval least time between two log lines about drops, rejections or an outage
     * @param closeTimeout   how long {@link #close} waits for held items to be written
     */
    public static <T> BatchWriter<T> start(String name, int capacity, int batchSize, BatchSink<T> sink, Retry retry,
                                           Duration reportInterval, Duration closeTimeout) {
        return start(name, capacity, batchSize, Duration.ZERO, sink, retry, reportInterval, closeTimeout);
    }

    /**
     * Like {@link #start(String, int, int, BatchSink, Retry, Duration, Duration)}, gathering each batch for up to
     * {@code linger} after its first item: fewer, fuller batches (fewer transactions, and more repeated items for a
     * sink that coalesces them) for at most that much more delay before an item is written.
     */
    public static <T> BatchWriter<T> start(String name, int capacity, int batchSize, Duration linger,
                                           BatchSink<T> sink, Retry retry, Duration reportInterval,
                                           Duration closeTimeout) {
        BatchWriter<T> writer = new BatchWriter<>(name, capacity, batchSize, linger, sink, retry, reportInterval,
                closeTimeout);
        writer.thread.start();
        long every = reportInterval.toNanos();
        writer.reporter.scheduleAtFixedRate(writer::report, every, every, TimeUnit.NANOSECONDS);
        return writer;
    }

    /**
     * Queues an item. Never blocks on I/O and never throws.
     *
     * @return false if it was dropped: the writer holds {@code capacity} items already, or is closed
     */
    public boolean offer(T item) {
        if (item == null) {
            return false;
        }
        if (closing) {
            dropped.incrementAndGet();
            return false;
        }
        int held;
        do {
            held = pending.get();
            if (held >= capacity) {
                dropped.incrementAndGet();
                return false;
            }
        } while (!pending.compareAndSet(held, held + 1));
        accepted.incrementAndGet();
        queue.offer(item); // unbounded linked queue: never fails, never waits (the bound is `pending`)
        if (held + 1 >= batchSize && lingering) { // `pending` counts the gathering batch too: it can fill now
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Items held in memory and not yet written: queued plus the batch being written or retried. */
    public int queueDepth() {
        return pending.get();
    }

    /** Items dropped because the writer was full (or closed) since it started. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Items the database refused on their own (set aside and logged) since the writer started. */
    public long rejectedCount() {
        return rejected.get();
    }

    /** Items written since the writer started. */
    public long writtenCount() {
        return written.get();
    }

    /**
     * Waits until every item accepted before this call has been written or rejected.
     *
     * @return true if so, false if the timeout passed first (e.g. the database is down)
     */
    public boolean flush(Duration timeout) {
        long target = accepted.get();
        flushing.incrementAndGet();
        LockSupport.unpark(thread);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (completed.get() < target) {
                if (System.nanoTime() - deadline >= 0 || !thread.isAlive()) {
                    return completed.get() >= target;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            return true;
        } finally {
            flushing.decrementAndGet();
        }
    }

    /**
     * Stops accepting items, waits up to the close timeout for held items to be written, then stops the thread;
     * items still held then (the database is down) are lost and logged.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(closeTimeout);
            if (thread.isAlive()) {
                abandon = true;
                thread.interrupt();
                thread.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            abandon = true;
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
        reporter.shutdownNow();
        report();
        int lost = pending.get();
        if (lost > 0) {
            log.error("{}: closed with {} items not written (database unreachable for {})", name, lost, closeTimeout);
        }
    }

    private void run() {
        List<T> batch = new ArrayList<>(batchSize);
        UUID batchId = null;
        long backoffNanos = retry.initial().toNanos();
        while (!abandon) {
            if (batch.isEmpty()) {
                if (closing && queue.isEmpty()) {
                    break;
                }
                T first;
                try {
                    first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    if (abandon) {
                        break;
                    }
                    continue;
                }
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                linger(batch);
                batchId = UUID.randomUUID();
            }
            int before = batch.size();
            boolean done;
            try {
                done = writeBatch(batch, batchId);
            } catch (Throwable t) { // an Error from the sink: keep the batch, do not let the thread die
                log.error("{}: unexpected failure writing a batch; retrying", name, t);
                done = false;
            }
            if (batch.size() != before) {
                batchId = UUID.randomUUID(); // part of it was written one by one: what remains is a new batch
            }
            if (done) {
                batch.clear();
                recovered();
                backoffNanos = retry.initial().toNanos();
            } else {
                LockSupport.parkNanos(backoffNanos);
                backoffNanos = Math.min(backoffNanos * 2, retry.max().toNanos());
                if (Thread.interrupted() && abandon) {
                    break;
                }
            }
        }
    }

    /**
     * Waits up to the linger for more items, until the batch is full, flushed or closing. It sleeps through the
     * linger in one wait instead of polling: {@link #offer} wakes it when the batch can fill, {@link #flush} and
     * {@link #close} when they start.
     */
    private void linger(List<T> batch) {
        if (lingerNanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + lingerNanos;
        lingering = true;
        try {
            while (batch.size() < batchSize && !closing && flushing.get() == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (queue.size() < batchSize - batch.size()) { // an offer after this check sees `lingering`
                    LockSupport.parkNanos(this, left);
                }
                queue.drainTo(batch, batchSize - batch.size());
            }
        } finally {
            lingering = false;
        }
    }

    /**
     * Writes the batch. Items done with (written or rejected) are removed from it.
     *
     * @return true if the whole batch is done; false if it failed transiently (what remains is to be retried)
     */
    private boolean writeBatch(List<T> batch, UUID batchId) {
        try {
            sink.write(batch, batchId);
            done(batch.size(), true);
            return true;
        } catch (Exception e) {
            if (!WriteFailures.isPermanent(e)) {
                failed(e);
                return false;
            }
            if (batch.size() == 1) {
                reject(batch.getFirst(), e);
                return true;
            }
            log.warn("{}: the database refused a batch of {} ({}); writing it item by item", name, batch.size(),
                    WriteFailures.describe(e));
        }
        int i = 0;
        try {
            for (; i < batch.size(); i++) {
                T item = batch.get(i);
                try {
                    sink.write(List.of(item), UUID.randomUUID());
                    done(1, true);
                } catch (Exception e) {
                    if (!WriteFailures.isPermanent(e)) {
                        failed(e);
                        return false;
                    }
                    reject(item, e);
                }
            }
            return true;
        } finally {
            batch.subList(0, i).clear();
        }
    }

    private void done(int count, boolean wasWritten) {
        if (wasWritten) {
            written.addAndGet(count);
        } else {
            rejected.addAndGet(count);
        }
        pending.addAndGet(-count);
        completed.addAndGet(count);
    }

    private void reject(T item, Exception e) {
        done(1, false);
        String text = String.valueOf(item);
        log.warn("{}: item refused by the database and set aside ({}): {}", name, WriteFailures.describe(e),
                text.length() > 500 ? text.substring(0, 500) + "..." : text);
    }

    private void failed(Exception e) {
        long now = System.nanoTime();
        if (failedAttempts++ == 0) {
            failingSinceNanos = now;
            lastFailureLogNanos = now;
            log.warn("{}: database write failed, keeping the batch and retrying with backoff (up to {}): {}", name,
                    retry.max(), WriteFailures.describe(e));
        } else if (now - lastFailureLogNanos >= reportIntervalNanos) {
            lastFailureLogNanos = now;
            log.warn("{}: database still unreachable after {} attempts over {} s; {} items held (capacity {}): {}",
                    name, failedAttempts, TimeUnit.NANOSECONDS.toSeconds(now - failingSinceNanos), pending.get(),
                    capacity, WriteFailures.describe(e));
        }
    }

    private void recovered() {
        if (failedAttempts > 0) {
            log.info("{}: database writes resumed after {} failed attempts over {} ms", name, failedAttempts,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failingSinceNanos));
            failedAttempts = 0;
        }
    }

    /**
     * Logs drops and rejections since the last report. Runs on a reporter thread of its own every report interval
     * (and once at close), so it is logged at most once per interval even while the writer thread waits on the
     * database, and {@link #offer} never logs.
     */
    private synchronized void report() {
        long drops = dropped.get();
        long rejects = rejected.get();
        if (drops == reportedDrops && rejects == reportedRejects) {
            return;
        }
        if (drops > reportedDrops) {
            log.warn("{}: dropped {} items since the last report ({} held, capacity {}); {} dropped in total", name,
                    drops - reportedDrops, pending.get(), capacity, drops);
        }
        if (rejects > reportedRejects) {
            log.warn("{}: the database refused {} items since the last report; {} refused in total", name,
                    rejects - reportedRejects, rejects);
        }
        reportedDrops = drops;
        reportedRejects = rejects;
    }
}
