package dev.modvault.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers when each token was last used and writes the times to the database in one batch per interval, from a
 * background thread: the request path only stores a number in memory (no lock once a token has been seen), never
 * waits on the database. When the database cannot be reached the times are kept and written by a later flush.
 */
public final class LastUsedRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

    private final TokenRepository repository;
    private final LongSupplier millis;
    private final Map<String, AtomicLong> used = new ConcurrentHashMap<>();
    private final Map<String, Long> written = new HashMap<>();
    private final Thread flusher;

    public LastUsedRecorder(TokenRepository repository, Duration interval, LongSupplier millis) {
        this.repository = repository;
        this.millis = millis;
        this.flusher = Thread.ofPlatform().daemon().name("token-last-used").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                flush();
            }
        });
    }

    /** Notes a use of token {@code id} now. Called on every authenticated request. */
    public void used(String id) {
        long now = millis.getAsLong();
        AtomicLong last = used.get(id);
        if (last == null) {
            last = used.computeIfAbsent(id, k -> new AtomicLong());
        }
        if (last.get() < now) {
            last.set(now);
        }
    }

    /** Writes the times that moved since the last flush. Safe to call from any thread. */
    public synchronized void flush() {
        Map<String, Instant> batch = new HashMap<>();
        used.forEach((id, at) -> {
            long value = at.get();
            if (!Long.valueOf(value).equals(written.get(id))) {
                batch.put(id, Instant.ofEpochMilli(value));
            }
        });
        if (batch.isEmpty()) {
            return;
        }
        try {
            repository.recordUse(batch);
            batch.forEach((id, at) -> written.put(id, at.toEpochMilli()));
        } catch (RuntimeException e) {
            log.warn("cannot record when {} tokens were last used, will retry: {}", batch.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        flusher.interrupt();
        flush();
    }
}
