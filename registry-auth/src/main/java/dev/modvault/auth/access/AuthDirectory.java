package dev.modvault.auth.access;

import dev.modvault.auth.token.TokenRepository;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link AuthSnapshot} and keeps it in step with the database, as the policy engine does for
 * rules: a daemon thread reads the change stamp every {@code refreshInterval} and reloads tokens and access rules
 * when it moved. A revocation made through any replica is therefore in force on every replica within about one
 * interval. When the database cannot be reached, the last snapshot stays in force.
 */
public final class AuthDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuthDirectory.class);

    private final TokenRepository tokens;
    private final AccessRuleRepository rules;
    private final Duration refreshInterval;
    private final Thread poller;
    private volatile AuthSnapshot snapshot = AuthSnapshot.EMPTY;
    private long stamp = Long.MIN_VALUE;
    private boolean failing;

    public AuthDirectory(TokenRepository tokens, AccessRuleRepository rules, Duration refreshInterval) {
        this.tokens = tokens;
        this.rules = rules;
        this.refreshInterval = refreshInterval;
        refresh();
        this.poller = Thread.ofPlatform().daemon().name("auth-refresh").start(this::poll);
    }

    public AuthSnapshot snapshot() {
        return snapshot;
    }

    /** Reloads tokens and rules if they changed since the last load. Safe to call from any thread. */
    public synchronized void refresh() {
        try {
            long current = tokens.changeStamp();
            if (current != stamp) {
                // read the stamp first: a change that lands during the load is loaded again next time
                snapshot = new AuthSnapshot(tokens.loadAll(), rules.findAll());
                stamp = current;
                log.debug("tokens and access rules reloaded: {} tokens, {} rules", snapshot.tokenCount(),
                        snapshot.rules().size());
            }
            if (failing) {
                log.info("token and access-rule refresh works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("token and access-rule refresh failed, keeping the last snapshot in force: {}",
                        e.getMessage());
                failing = true;
            }
        }
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
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
        poller.interrupt();
    }
}
