package dev.modvault.auth.access;

import dev.modvault.auth.token.TokenRepository;
import dev.modvault.core.support.StampedSnapshot;
import java.time.Duration;

/**
 * Holds the current {@link AuthSnapshot} and keeps it in step with the database, as the policy engine does for
 * rules: a daemon thread reads the change stamp every {@code refreshInterval} and reloads tokens and access rules
 * when it moved. A revocation made through any replica is therefore in force on every replica within about one
 * interval. When the database cannot be reached, the last snapshot stays in force.
 */
public final class AuthDirectory implements AutoCloseable {

    private final StampedSnapshot<AuthSnapshot> snapshot;

    public AuthDirectory(TokenRepository tokens, AccessRuleRepository rules, Duration refreshInterval) {
        this.snapshot = new StampedSnapshot<>("auth", AuthSnapshot.EMPTY, tokens::changeStamp,
                () -> new AuthSnapshot(tokens.loadAll(), rules.findAll()), refreshInterval);
    }

    public AuthSnapshot snapshot() {
        return snapshot.get();
    }

    /** Reloads tokens and rules if they changed since the last load. Safe to call from any thread. */
    public void refresh() {
        snapshot.refresh();
    }

    @Override
    public void close() {
        snapshot.close();
    }
}
