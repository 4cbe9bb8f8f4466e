package dev.modvault.web.health;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the artifact store: a replica that cannot write its store takes no traffic. The probe writes one
 * small object, so its result is kept for a few seconds to spare the store under frequent probing.
 */
@Component("storage")
public class StorageHealthIndicator implements HealthIndicator {

    private static final Duration KEEP = Duration.ofSeconds(5);

    private final ArtifactStore store;
    private final Clock clock;
    private volatile Health last;
    private volatile long checkedAt;

    public StorageHealthIndicator(ArtifactStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Health health() {
        long now = clock.millis();
        Health result = last;
        if (result == null || now - checkedAt > KEEP.toMillis()) {
            result = check();
            last = result;
            checkedAt = now;
        }
        return result;
    }

    private Health check() {
        try {
            store.checkWritable();
            return Health.up().withDetail("type", store.type()).build();
        } catch (StorageException e) {
            return Health.down().withDetail("type", store.type()).withDetail("error", e.getMessage()).build();
        }
    }
}
