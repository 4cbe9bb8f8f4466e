package dev.modvault.core.catalog;

import java.time.Instant;

/**
 * One cached artifact of a module version, as recorded in the catalog.
 *
 * @param module   module path
 * @param version  canonical version
 * @param artifact info, mod or zip
 * @param size     bytes
 * @param sha256   hex SHA-256 of the stored bytes
 * @param h1       the go command's h1: hash (zip and mod only; null until known)
 * @param cachedAt when it entered the cache
 */
public record CatalogEntry(String module, String version, String artifact, long size, String sha256, String h1,
                           Instant cachedAt) {
}
