package dev.modvault.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the audit log (and of the catalog's write queue, which shares the queue and batch sizes). The
 * application binds it from the {@code modvault.audit.*} properties; see docs/audit.md for sizing.
 *
 * @param queueCapacity   events held in memory, not yet written (queued or in the batch being written), before new
 *                        ones are dropped and counted; default 100,000 (about 50 MB at ~500 bytes an event)
 * @param batchSize       events written per database transaction; default 20,000
 * @param retentionDays   whole days of audit events kept; older daily partitions are dropped; default 90
 * @param partitionsAhead daily partitions created ahead of today; default 7
 * @param linger          how long the audit writer waits after an event for more to join its batch, unless the
 *                        batch is full first; default 200 ms (0: write what is there at once)
 * @param coalesceDownloads whether identical cache-hit downloads within one batch are written as one row with a
 *                        count (docs/audit.md); default true
 */
public record PersistenceSettings(int queueCapacity, int batchSize, int retentionDays, int partitionsAhead,
                                  Duration linger, boolean coalesceDownloads) {

    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
    public static final int DEFAULT_BATCH_SIZE = 20_000;
    public static final int DEFAULT_RETENTION_DAYS = 90;
    public static final int DEFAULT_PARTITIONS_AHEAD = 7;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);

    public PersistenceSettings {
        require(queueCapacity >= 1, "queue capacity must be at least 1, was " + queueCapacity);
        require(batchSize >= 1 && batchSize <= 50_000, "batch size must be 1 to 50000, was " + batchSize);
        require(retentionDays >= 1, "retention must be at least 1 day, was " + retentionDays);
        require(partitionsAhead >= 1 && partitionsAhead <= 366,
                "partitions ahead must be 1 to 366, was " + partitionsAhead);
        Objects.requireNonNull(linger, "linger");
        require(!linger.isNegative() && linger.compareTo(Duration.ofSeconds(10)) <= 0,
                "linger must be 0 to 10s, was " + linger);
    }

    /**
     * The defaults: 100,000 events queued, batches of up to 20,000 gathered for up to 200 ms with repeated downloads
     * coalesced, 90 days kept, 7 days of partitions ahead.
     */
    public static PersistenceSettings defaults() {
        return new PersistenceSettings(DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE, DEFAULT_RETENTION_DAYS,
                DEFAULT_PARTITIONS_AHEAD, DEFAULT_LINGER, true);
    }

    public PersistenceSettings withQueueCapacity(int capacity) {
        return new PersistenceSettings(capacity, batchSize, retentionDays, partitionsAhead, linger, coalesceDownloads);
    }

    public PersistenceSettings withBatchSize(int size) {
        return new PersistenceSettings(queueCapacity, size, retentionDays, partitionsAhead, linger, coalesceDownloads);
    }

    public PersistenceSettings withRetentionDays(int days) {
        return new PersistenceSettings(queueCapacity, batchSize, days, partitionsAhead, linger, coalesceDownloads);
    }

    public PersistenceSettings withPartitionsAhead(int days) {
        return new PersistenceSettings(queueCapacity, batchSize, retentionDays, days, linger, coalesceDownloads);
    }

    public PersistenceSettings withLinger(Duration wait) {
        return new PersistenceSettings(queueCapacity, batchSize, retentionDays, partitionsAhead, wait,
                coalesceDownloads);
    }

    public PersistenceSettings withCoalesceDownloads(boolean coalesce) {
        return new PersistenceSettings(queueCapacity, batchSize, retentionDays, partitionsAhead, linger, coalesce);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
