package dev.modvault.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits failed authentications per client address with a token bucket: {@code perMinute} failures in a burst,
 * refilled at {@code perMinute} a minute. An address whose bucket is empty is refused (429) until one failure's
 * worth has refilled. Only failures cost; successful and anonymous requests are never counted. Memory is bounded:
 * full buckets are dropped once the table grows past {@link #MAX_ADDRESSES}.
 */
final class FailureRateLimiter {

    static final int MAX_ADDRESSES = 100_000;

    private final double capacity;
    private final double perNano;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    FailureRateLimiter(int perMinute, LongSupplier nanos) {
        this.capacity = perMinute;
        this.perNano = perMinute / 60e9;
        this.nanos = nanos;
    }

    /** Seconds the address must wait before its next attempt; 0 when it may try now. */
    long retryAfterSeconds(String address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return 0;
        }
        synchronized (bucket) {
            double level = bucket.level(nanos.getAsLong());
            return level >= 1 ? 0 : (long) Math.ceil((1 - level) / perNano / 1e9);
        }
    }

    /** Counts a failed authentication from the address. */
    void failed(String address) {
        if (buckets.size() > MAX_ADDRESSES) {
            long now = nanos.getAsLong();
            buckets.values().removeIf(b -> {
                synchronized (b) {
                    return b.level(now) >= capacity;
                }
            });
        }
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(capacity, nanos.getAsLong()));
        synchronized (bucket) {
            bucket.level(nanos.getAsLong());
            bucket.tokens = Math.max(0, bucket.tokens - 1);
        }
    }

    private final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        /** Refills for the time since the last call; the caller holds the bucket's lock. */
        double level(long now) {
            tokens = Math.min(capacity, tokens + (now - updated) * perNano);
            updated = now;
            return tokens;
        }
    }
}
