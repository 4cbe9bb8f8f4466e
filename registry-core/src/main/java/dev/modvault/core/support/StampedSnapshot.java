package dev.modvault.core.support;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory snapshot of database state kept in step by a change stamp: a daemon thread reads the stamp every
 * {@code interval} and reloads the snapshot when it moved, so a change made through any replica is in force on every
 * replica within about one interval. When the database cannot be reached, the last snapshot stays in force (one
 * warning when that starts, one line when it ends). Used by the policy engine and the token directory.
 *
 * @param <T> the immutable snapshot
 */
public final class StampedSnapshot<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StampedSnapshot.class);

    private final String what;
    private final LongSupplier changeStamp;
    private final Supplier<T> load;
    private final Duration interval;
    private final Thread poller;
    private volatile T snapshot;
    private long stamp = Long.MIN_VALUE;
    private boolean failing;
    private volatile boolean running = true;

    /**
     * Loads once (keeping {@code initial} if that fails), then starts polling.
     *
     * @param what        what is held, for log lines and the thread name (e.g. "policy")
     * @param changeStamp reads the database's change stamp
     * @param load        loads the snapshot; called after the stamp was read, so a change landing during the load is
     *                    loaded again next time
     */
    public StampedSnapshot(String what, T initial, LongSupplier changeStamp, Supplier<T> load, Duration interval) {
        this.what = what;
        this.changeStamp = changeStamp;
        this.load = load;
        this.interval = interval;
        this.snapshot = initial;
        refresh();
        this.poller = Thread.ofPlatform().daemon().name(what + "-refresh").start(this::poll);
    }

    public T get() {
        return snapshot;
    }

    /** Reloads if the change stamp moved since the last load. Safe to call from any thread. */
    public synchronized void refresh() {
        try {
            long current = changeStamp.getAsLong();
            if (current != stamp) {
                snapshot = load.get();
                stamp = current;
                log.debug("{} reloaded", what);
            }
            if (failing) {
                log.info("{} refresh works again", what);
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("{} refresh failed, keeping the last snapshot in force: {}", what, e.getMessage());
                failing = true;
            }
        }
    }

    private void poll() {
        while (running) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            refresh();
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
    }
}
