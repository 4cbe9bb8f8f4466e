package dev.modvault.web.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code modvault.*} property, with its default. docs/configuration.md describes each one; keep them in step.
 *
 * @param dataDir  folder for local state: the disk store and the spool, unless set apart
 * @param upstream the upstream GOPROXY servers
 * @param cache    cache lifetimes and the spool folder
 * @param storage  the artifact store
 */
@ConfigurationProperties("modvault")
public record ModvaultProperties(@DefaultValue("data") Path dataDir, @DefaultValue Upstream upstream,
                                 @DefaultValue Cache cache, @DefaultValue Storage storage) {

    /**
     * @param proxies        upstream GOPROXY URLs in order, in GOPROXY syntax: ',' falls back on 404/410 only,
     *                       '|' on any error
     * @param connectTimeout time to open a connection to an upstream
     * @param readTimeout    longest silence while reading an upstream answer
     * @param maxAttempts    attempts per upstream on transient failures (never on 404/410)
     * @param retryBackoff   first retry delay, doubled per attempt, with jitter
     */
    public record Upstream(@DefaultValue("https://proxy.golang.org") List<String> proxies,
                           @DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
                           @DefaultValue("3") int maxAttempts, @DefaultValue("200ms") Duration retryBackoff) {
    }

    /**
     * @param listTtl     how long cached list and @latest answers are fresh
     * @param maxStale    how long past listTtl they are served stale while one background refresh runs
     * @param notFoundTtl how long an upstream not-found is remembered
     * @param spoolDir    where upstream bodies are spooled before being stored (default: {dataDir}/spool)
     */
    public record Cache(@DefaultValue("60s") Duration listTtl, @DefaultValue("30m") Duration maxStale,
                        @DefaultValue("60s") Duration notFoundTtl, Path spoolDir) {
    }

    /**
     * @param type disk, s3 or azure
     * @param disk the disk backend's settings
     */
    public record Storage(@DefaultValue("disk") String type, @DefaultValue Disk disk) {

        static final Set<String> TYPES = Set.of("disk", "s3", "azure");

        public Storage {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("modvault.storage.type=" + type + " is not supported; use one of "
                        + TYPES);
            }
        }
    }

    /** @param root the store's folder (default: {dataDir}/storage) */
    public record Disk(Path root) {
    }

    public Path spoolDir() {
        return cache.spoolDir() != null ? cache.spoolDir() : dataDir.resolve("spool");
    }

    public Path diskRoot() {
        return storage.disk().root() != null ? storage.disk().root() : dataDir.resolve("storage");
    }
}
