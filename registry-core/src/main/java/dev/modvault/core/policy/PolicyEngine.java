package dev.modvault.core.policy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link PolicySnapshot} and keeps it in step with the database: a daemon thread polls the
 * repository's change stamp every {@code refreshInterval} and reloads the rules when it moved, so a change made
 * through any replica takes effect on every replica within about one interval. When the database cannot be reached
 * the last snapshot stays in force.
 */
public final class PolicyEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyEngine.class);

    private final PolicyRepository repository;
    private final boolean allowListMode;
    private final Duration refreshInterval;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;
    private volatile PolicySnapshot snapshot;
    private volatile long stamp = Long.MIN_VALUE;
    private volatile boolean failing;

    public PolicyEngine(PolicyRepository repository, boolean allowListMode, Duration refreshInterval) {
        this.repository = repository;
        this.allowListMode = allowListMode;
        this.refreshInterval = refreshInterval;
        this.snapshot = new PolicySnapshot(java.util.List.of(), allowListMode);
        refresh();
        this.poller = Thread.ofPlatform().daemon().name("policy-refresh").start(this::poll);
    }

    public PolicySnapshot snapshot() {
        return snapshot;
    }

    /** Reloads the rules if they changed since the last load. Safe to call from any thread. */
    public synchronized void refresh() {
        try {
            long current = repository.changeStamp();
            if (current != stamp) {
                snapshot = new PolicySnapshot(repository.findAll(), allowListMode);
                stamp = current;
                log.debug("policy reloaded: {} rules", snapshot.rules().size());
            }
            if (failing) {
                log.info("policy refresh works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("policy refresh failed, keeping the last {} rules in force: {}", snapshot.rules().size(),
                        e.getMessage());
                failing = true;
            }
        }
    }

    private void poll() {
        while (running.get()) {
            try {
                Thread.sleep(refreshInterval);
            } catch (InterruptedException e) {
                return;
            }
            refresh();
        }
    }

    @Override
    public void close() {
        running.set(false);
        poller.interrupt();
    }
}
