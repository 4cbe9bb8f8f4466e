package dev.modvault.core.cache;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Cache behaviour.
 *
 * @param listTtl      how long a cached {@code list} or {@code @latest} answer is fresh
 * @param maxStale     how long past {@code listTtl} a stale answer is still served at once while one background
 *                     refresh runs (stale-while-revalidate); older answers are refreshed before answering, and
 *                     served stale only when upstream is unreachable
 * @param notFoundTtl  how long an upstream not-found answer is remembered
 * @param spoolDir     local folder where upstream bodies are spooled before they are committed to storage
 */
public record CacheSettings(Duration listTtl, Duration maxStale, Duration notFoundTtl, Path spoolDir) {
}
