package dev.modvault.persistence;

/**
 * Tuning of the audit log (and of the catalog's write queue, which shares the queue and batch sizes). The
 * application binds it from the {@code modvault.audit.*} properties; see docs/audit.md for sizing.
 *
 * @param queueCapacity   events held in memory, not yet written (queued or in the batch being written), before new
 *                        ones are dropped and counted; default 100,000 (about 50 MB at ~500 bytes an event)
 * @param batchSize       events written per database transaction; default 2,000
 * @param retentionDays   whole days of audit events kept; older daily partitions are dropped; default 90
 * @param partitionsAhead daily partitions created ahead of today; default 7
 */
public record PersistenceSettings(int queueCapacity, int batchSize, int retentionDays, int partitionsAhead) {

    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
    public static final int DEFAULT_BATCH_SIZE = 2_000;
    public static final int DEFAULT_RETENTION_DAYS = 90;
    public static final int DEFAULT_PARTITIONS_AHEAD = 7;

    public PersistenceSettings {
        require(queueCapacity >= 1, "queue capacity must be at least 1, was " + queueCapacity);
        require(batchSize >= 1 && batchSize <= 50_000, "batch size must be 1 to 50000, was " + batchSize);
        require(retentionDays >= 1, "retention must be at least 1 day, was " + retentionDays);
        require(partitionsAhead >= 1 && partitionsAhead <= 366,
                "partitions ahead must be 1 to 366, was " + partitionsAhead);
    }

    /** The defaults: 100,000 events queued, batches of 2,000, 90 days kept, 7 days of partitions ahead. */
    public static PersistenceSettings defaults() {
        return new PersistenceSettings(DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE, DEFAULT_RETENTION_DAYS,
                DEFAULT_PARTITIONS_AHEAD);
    }

    public PersistenceSettings withQueueCapacity(int capacity) {
        return new PersistenceSettings(capacity, batchSize, retentionDays, partitionsAhead);
    }

    public PersistenceSettings withBatchSize(int size) {
        return new PersistenceSettings(queueCapacity, size, retentionDays, partitionsAhead);
    }

    public PersistenceSettings withRetentionDays(int days) {
        return new PersistenceSettings(queueCapacity, batchSize, days, partitionsAhead);
    }

    public PersistenceSettings withPartitionsAhead(int days) {
        return new PersistenceSettings(queueCapacity, batchSize, retentionDays, days);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
