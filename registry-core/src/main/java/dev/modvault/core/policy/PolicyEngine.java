package dev.modvault.core.policy;

import dev.modvault.core.support.StampedSnapshot;
import java.time.Duration;
import java.util.List;

/**
 * Holds the current {@link PolicySnapshot} and keeps it in step with the database: a daemon thread polls the
 * repository's change stamp every {@code refreshInterval} and reloads the rules when it moved, so a change made
 * through any replica takes effect on every replica within about one interval. When the database cannot be reached
 * the last snapshot stays in force.
 */
public final class PolicyEngine implements AutoCloseable {

    private final StampedSnapshot<PolicySnapshot> snapshot;

    public PolicyEngine(PolicyRepository repository, boolean allowListMode, Duration refreshInterval) {
        this.snapshot = new StampedSnapshot<>("policy", new PolicySnapshot(List.of(), allowListMode),
                repository::changeStamp, () -> new PolicySnapshot(repository.findAll(), allowListMode),
                refreshInterval);
    }

    public PolicySnapshot snapshot() {
        return snapshot.get();
    }

    /** Reloads the rules if they changed since the last load. Safe to call from any thread. */
    public void refresh() {
        snapshot.refresh();
    }

    @Override
    public void close() {
        snapshot.close();
    }
}
