package dev.modvault.core.cache;

import dev.modvault.core.error.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers upstream not-found answers briefly, so the go command's path-prefix probes and repeated misses get a
 * fast 404 without an upstream round trip each. Bounded: when full it is emptied, which only costs round trips.
 */
final class NotFoundCache {

    private record Entry(NotFoundException answer, long expiresAt) {
    }

    private static final int MAX_ENTRIES = 100_000;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    NotFoundCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Throws the remembered answer for the upstream path, if there is a live one. */
    void check(String upstreamPath) {
        Entry entry = entries.get(upstreamPath);
        if (entry != null) {
            if (entry.expiresAt() > clock.millis()) {
                throw entry.answer();
            }
            entries.remove(upstreamPath, entry);
        }
    }

    void remember(String upstreamPath, NotFoundException answer) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(upstreamPath, new Entry(answer, clock.millis() + ttl.toMillis()));
    }

    void forget(String upstreamPath) {
        entries.remove(upstreamPath);
    }
}
