package dev.modvault.core.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Runs one computation per key at a time: callers that arrive while a computation for their key is under way wait
 * for it and share its outcome (value or exception) instead of starting their own. The leader runs in its own
 * thread, so no shared pool can make a caller wait behind the work of another key.
 */
public final class SingleFlight<K> {

    private final ConcurrentHashMap<K, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
    private final LongAdder joins = new LongAdder();

    @SuppressWarnings("unchecked")
    public <V> V run(K key, Supplier<V> work) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            joins.increment();
            return (V) await(existing);
        }
        try {
            V value = work.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** Whether a computation for the key is under way. */
    public boolean isRunning(K key) {
        return inFlight.containsKey(key);
    }

    /** How many callers have joined a computation another caller started. */
    public long joins() {
        return joins.sum();
    }

    private static Object await(CompletableFuture<Object> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrent fetch", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }
}
