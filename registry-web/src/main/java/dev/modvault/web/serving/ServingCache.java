package dev.modvault.web.serving;

import dev.modvault.core.cache.MemoryArtifactCache;

/**
 * The memory cache in front of the artifact store, as the caching proxy sees it. A holder rather than an
 * {@code ArtifactStore} bean of its own, so that the store post-processors (metrics, the per-serve check) keep
 * wrapping the backend only and every other user of the store keeps getting the store itself.
 */
public record ServingCache(MemoryArtifactCache store) {
}
