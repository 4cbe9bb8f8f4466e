package dev.modvault.web.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Checks of artifacts already in the cache. docs/checksums.md describes them.
 *
 * @param verifyOnServe re-hash a stored {@code .info}, {@code .mod} or {@code .zip} (SHA-256) the first time this
 *                      replica serves that stored body, and refuse it when it no longer matches
 */
@ConfigurationProperties("modvault.integrity")
public record IntegrityProperties(@DefaultValue("true") boolean verifyOnServe) {
}
