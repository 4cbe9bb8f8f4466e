package dev.modvault.persistence;

import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditSink;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The audit sink of the serving path: {@link #record} puts the event on a bounded in-memory queue and returns; one
 * writer thread COPYs batches into {@code audit_events}, gathered for up to the settings' linger, with repeated
 * cache-hit downloads coalesced (see {@link BatchWriter} for the queue, the retries while the database is down and the
 * dropping, {@link AuditCopySink} for the coalescing, and docs/audit.md for the design and its figures).
 */
public final class AsyncAuditWriter implements AuditSink, AutoCloseable {

    static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final BatchWriter<AuditEvent> writer;

    /** Writes into {@code dataSource}, creating missing daily partitions through {@code partitions}. */
    public AsyncAuditWriter(DataSource dataSource, AuditPartitions partitions, PersistenceSettings settings) {
        this(new AuditCopySink(dataSource, partitions, settings.coalesceDownloads()), settings,
                BatchWriter.Retry.DEFAULT, REPORT_INTERVAL, CLOSE_TIMEOUT);
    }

    AsyncAuditWriter(BatchSink<AuditEvent> sink, PersistenceSettings settings, BatchWriter.Retry retry,
                     Duration reportInterval, Duration closeTimeout) {
        this.writer = BatchWriter.start("audit", settings.queueCapacity(), settings.batchSize(), settings.linger(),
                sink, retry, reportInterval, closeTimeout);
    }

    /** Queues the event; never blocks on I/O, never throws. An event without a time is stamped now. */
    @Override
    public void record(AuditEvent event) {
        if (event == null) {
            return;
        }
        if (event.time() == null) {
            event = new AuditEvent(Instant.now(), event.action(), event.actor(), event.clientAddress(),
                    event.userAgent(), event.module(), event.version(), event.artifact(), event.status(),
                    event.bytes(), event.cacheHit(), event.durationMillis(), event.details());
        }
        writer.offer(event);
    }

    /** Events recorded but not yet written: queued plus the batch being written or retried. */
    public int queueDepth() {
        return writer.queueDepth();
    }

    /** Events dropped because the queue was full (database down too long) or the writer closed. */
    public long droppedCount() {
        return writer.droppedCount();
    }

    /** Events the database refused on their own (e.g. details that are not JSON); logged, not retried. */
    public long rejectedCount() {
        return writer.rejectedCount();
    }

    /** Events written since start. */
    public long writtenCount() {
        return writer.writtenCount();
    }

    /**
     * Waits until every event recorded before this call is written (or refused).
     *
     * @return false if the timeout passed first
     */
    public boolean flush(Duration timeout) {
        return writer.flush(timeout);
    }

    /** Stops accepting events and writes those held (waiting up to 10 s for the database). */
    @Override
    public void close() {
        writer.close();
    }
}
