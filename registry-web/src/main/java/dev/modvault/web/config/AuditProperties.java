package dev.modvault.web.config;

import dev.modvault.persistence.PersistenceSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log's queue and retention (docs/audit.md).
 *
 * @param queueCapacity   events held in memory while not yet written; beyond it new events are dropped and counted
 * @param batchSize       events written per database transaction
 * @param retentionDays   days of audit events kept; older daily partitions are dropped
 * @param partitionsAhead daily partitions created ahead of today
 * @param linger          how long a batch waits for more events after its first (fewer, fuller transactions)
 * @param coalesceRepeatedDownloads write identical cache-hit downloads of one batch as one row with a count
 */
@ConfigurationProperties("modvault.audit")
public record AuditProperties(@DefaultValue("100000") int queueCapacity, @DefaultValue("20000") int batchSize,
                              @DefaultValue("90") int retentionDays, @DefaultValue("7") int partitionsAhead,
                              @DefaultValue("200ms") Duration linger,
                              @DefaultValue("true") boolean coalesceRepeatedDownloads) {

    public PersistenceSettings settings() {
        return new PersistenceSettings(queueCapacity, batchSize, retentionDays, partitionsAhead, linger,
                coalesceRepeatedDownloads);
    }
}
