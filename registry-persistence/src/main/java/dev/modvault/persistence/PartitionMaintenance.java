package dev.modvault.persistence;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link AuditPartitions#maintain} at start and then every hour on one daemon thread: partitions for today and
 * the next {@code partitionsAhead} days exist well before they are needed, and days past the retention are dropped
 * within the hour they expire. Hourly rather than daily so that a run missed (database down, replica restarting) is
 * made up soon; a run that finds nothing to do costs one catalog query. Every replica runs it: the DDL is idempotent
 * and serialised by an advisory lock.
 */
public final class PartitionMaintenance implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

    private final AuditPartitions partitions;
    private final PersistenceSettings settings;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public PartitionMaintenance(AuditPartitions partitions, PersistenceSettings settings) {
        this(partitions, settings, INTERVAL);
    }

    PartitionMaintenance(AuditPartitions partitions, PersistenceSettings settings, Duration interval) {
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** Runs once now (failures are logged, not thrown: the writer creates partitions on demand) and schedules. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        runOnce();
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("modvault-audit-partitions").factory());
        scheduler.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One maintenance run; never throws. */
    public void runOnce() {
        try {
            partitions.maintain(settings.partitionsAhead(), settings.retentionDays());
        } catch (Exception e) {
            log.warn("audit partition maintenance failed (retried in {}): {}", interval, WriteFailures.describe(e));
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
