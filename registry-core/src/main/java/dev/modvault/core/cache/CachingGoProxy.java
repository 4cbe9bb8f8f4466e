package dev.modvault.core.cache;

import dev.modvault.core.cache.ModuleLayout.Kind;
import dev.modvault.core.cache.Spooler.SpooledFile;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.error.StorageFailureException;
import dev.modvault.core.error.UpstreamException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.PathEscaping;
import dev.modvault.core.module.Version;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.protocol.Content.Freshness;
import dev.modvault.core.protocol.GoProxy;
import dev.modvault.core.protocol.MediaTypes;
import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.catalog.CatalogEntry;
import dev.modvault.core.upstream.UpstreamSelector;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GOPROXY protocol served from the artifact store, filled from upstream on a miss.
 *
 * <ul>
 *   <li>{@code .info}, {@code .mod}, {@code .zip} of canonical versions are immutable: once stored they are served
 *       without asking upstream. A miss is fetched once however many requests wait for it (single flight), spooled
 *       to a local file, and committed to the store whole; every waiter is then served from the store.</li>
 *   <li>{@code list} and {@code @latest} are cached upstream answers, fresh for {@code listTtl}, then served stale
 *       while one background refresh runs, and served from the cache whenever upstream is unreachable. The list is
 *       merged with the tagged versions already in the store.</li>
 *   <li>Queries that are not canonical versions go to upstream every time and are never stored under the query.</li>
 * </ul>
 */
public final class CachingGoProxy implements GoProxy {

    private static final Logger log = LoggerFactory.getLogger(CachingGoProxy.class);
    static final String FETCHED_AT = "fetched-at";
    /** The stored attribute holding an artifact's {@code h1:} hash. */
    public static final String H1 = "h1";

    private final ArtifactStore store;
    private final UpstreamSelector upstreams;
    private final Catalog catalog;
    private final ArtifactVerifier verifier;
    private final CacheSettings settings;
    private final Clock clock;
    private final Spooler spooler;
    private final NotFoundCache notFound;
    private final SingleFlight<String> flights = new SingleFlight<>();

    public CachingGoProxy(ArtifactStore store, UpstreamSelector upstreams, Catalog catalog, ArtifactVerifier verifier,
                          CacheSettings settings, Clock clock) {
        this.store = store;
        this.upstreams = upstreams;
        this.catalog = catalog;
        this.verifier = verifier;
        this.settings = settings;
        this.clock = clock;
        this.spooler = new Spooler(settings.spoolDir());
        this.notFound = new NotFoundCache(settings.notFoundTtl(), clock);
    }

    /** How many requests joined a fetch another request had started. */
    public long singleFlightJoins() {
        return flights.joins();
    }

    // ---- list and @latest -------------------------------------------------------------------------------------

    @Override
    public Content list(ModulePath module) {
        return mutable(ModuleLayout.list(module), () -> refreshList(module), () -> listFromStore(module));
    }

    @Override
    public Content latest(ModulePath module) {
        return mutable(ModuleLayout.latest(module), () -> refreshLatest(module), () -> latestFromStore(module));
    }

    /**
     * Serves a cached mutable answer by its age: fresh as is; stale within maxStale at once, refreshing in the
     * background; older after a refresh, or stale if upstream cannot answer. Without a cached answer it is
     * fetched, and computed from the stored versions when upstream has none or cannot be reached.
     */
    private Content mutable(StorageKey key, Supplier<Content> refresh, Supplier<Optional<Content>> fromStore) {
        Optional<StoredObject> cached = lookup(key);
        if (cached.isPresent()) {
            long age = clock.millis() - fetchedAt(cached.get());
            Content stale = Content.of(cached.get(), Freshness.SHORT, true);
            if (age < settings.listTtl().toMillis()) {
                return stale;
            }
            if (age < settings.listTtl().plus(settings.maxStale()).toMillis()) {
                refreshInBackground(key, refresh);
                return stale;
            }
            try {
                return flights.run(key.value(), refresh);
            } catch (UpstreamException e) {
                log.info("serving stale {} as upstream failed: {}", key, e.getMessage());
                return stale;
            }
        }
        try {
            return flights.run(key.value(), refresh);
        } catch (NotFoundException | UpstreamException e) {
            return fromStore.get().orElseThrow(() -> e);
        }
    }

    private void refreshInBackground(StorageKey key, Supplier<Content> refresh) {
        if (flights.isRunning(key.value())) {
            return;
        }
        Thread.ofVirtual().name("refresh-" + key).start(() -> {
            try {
                flights.run(key.value(), refresh);
            } catch (RuntimeException e) {
                log.info("background refresh of {} failed: {}", key, e.getMessage());
            }
        });
    }

    private Content refreshList(ModulePath module) {
        String path = module.escaped() + "/@v/list";
        byte[] body = fetchSmall(module, path, Limits.MAX_LIST);
        TreeSet<Version> versions = new TreeSet<>(storedTaggedVersions(module));
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            String candidate = line.strip();
            if (Version.isCanonical(candidate)) {
                Version version = Version.of(candidate);
                if (!version.isPseudo() && module.admits(version)) {
                    versions.add(version);
                }
            }
        }
        byte[] list = render(versions);
        storeMutable(ModuleLayout.list(module), list, MediaTypes.TEXT);
        return Content.of(list, MediaTypes.TEXT, Freshness.SHORT, false);
    }

    private Content refreshLatest(ModulePath module) {
        String path = module.escaped() + "/@latest";
        byte[] body = fetchSmall(module, path, Limits.MAX_INFO);
        VersionInfo.version(body, module + "@latest");
        storeMutable(ModuleLayout.latest(module), body, MediaTypes.JSON);
        return Content.of(body, MediaTypes.JSON, Freshness.SHORT, false);
    }

    private Optional<Content> listFromStore(ModulePath module) {
        List<Version> versions = storedTaggedVersions(module);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Content.of(render(new TreeSet<>(versions)), MediaTypes.TEXT, Freshness.SHORT, true));
    }

    /** The go command's preference: highest release, else highest pre-release, else newest pseudo-version. */
    private Optional<Content> latestFromStore(ModulePath module) {
        List<Version> versions = storedVersions(module);
        Comparator<Version> preference = Comparator
                .comparing((Version v) -> !v.isPseudo())
                .thenComparing(v -> !v.isPrerelease())
                .thenComparing(Comparator.naturalOrder());
        return versions.stream().max(preference)
                .flatMap(v -> lookup(ModuleLayout.artifact(module, v, Kind.INFO)))
                .map(info -> Content.of(info, Freshness.SHORT, true));
    }

    private static byte[] render(Iterable<Version> versions) {
        StringBuilder out = new StringBuilder();
        for (Version version : versions) {
            out.append(version.value()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- .info, .mod, .zip ------------------------------------------------------------------------------------

    @Override
    public Content info(ModulePath module, String query) {
        if (Version.isCanonical(query)) {
            return immutable(module, Version.of(query), Kind.INFO);
        }
        String path = module.escaped() + "/@v/" + PathEscaping.escapeVersion(query) + ".info";
        byte[] body = fetchSmall(module, path, Limits.MAX_INFO);
        VersionInfo.version(body, module + "@" + query);
        return Content.of(body, MediaTypes.JSON, Freshness.SHORT, false);
    }

    @Override
    public Content mod(ModulePath module, Version version) {
        return immutable(module, version, Kind.MOD);
    }

    @Override
    public Content zip(ModulePath module, Version version) {
        return immutable(module, version, Kind.ZIP);
    }

    private Content immutable(ModulePath module, Version version, Kind kind) {
        if (!module.admits(version)) {
            throw new NotFoundException("not found: " + module + "@" + version + ": invalid version: "
                    + (version.isIncompatible()
                    ? "+incompatible is only for major versions v2 and above of a path without a major suffix"
                    : "major version " + version.major() + " does not match module path " + module));
        }
        StorageKey key = ModuleLayout.artifact(module, version, kind);
        Optional<StoredObject> hit = lookup(key);
        if (hit.isPresent()) {
            return Content.of(hit.get(), Freshness.IMMUTABLE, true);
        }
        String path = ModuleLayout.upstreamPath(module, version, kind);
        notFound.check(path);
        flights.run(key.value(), () -> {
            if (lookup(key).isEmpty()) {
                fetchAndStore(module, version, kind, key, path);
            }
            return Boolean.TRUE;
        });
        StoredObject stored = lookup(key).orElseThrow(() ->
                new StorageFailureException("storage lost " + module + "@" + version + kind.suffix + " just after it was written", null));
        return Content.of(stored, Freshness.IMMUTABLE, false);
    }

    private void fetchAndStore(ModulePath module, Version version, Kind kind, StorageKey key, String path) {
        long limit = switch (kind) {
            case INFO -> Limits.MAX_INFO;
            case MOD -> Limits.MAX_MOD;
            case ZIP -> Limits.MAX_ZIP;
        };
        try (SpooledFile body = fetch(module, path, limit, spooler::spool)) {
            if (kind == Kind.INFO) {
                Version answered = VersionInfo.version(Files.readAllBytes(body.path()), module + "@" + version);
                if (!answered.equals(version)) {
                    throw new UpstreamException("upstream answered " + answered + " when asked for " + module + "@" + version);
                }
            }
            String contentType = switch (kind) {
                case INFO -> MediaTypes.JSON;
                case MOD -> MediaTypes.TEXT;
                case ZIP -> MediaTypes.ZIP;
            };
            Map<String, String> attributes = kind == Kind.INFO ? Map.of()
                    : verifier.verify(module, version, kind, body.path());
            try (InputStream in = Files.newInputStream(body.path())) {
                store.put(key, in, new ObjectMetadata(body.size(), body.sha256(), contentType, attributes));
            }
            catalog.recorded(new CatalogEntry(module.value(), version.value(), kind.name().toLowerCase(),
                    body.size(), body.sha256(), attributes.get(H1), clock.instant()));
        } catch (StorageException e) {
            throw storageFailure(key, e);
        } catch (IOException e) {
            throw new StorageFailureException("could not spool " + path + " to local disk, try again later", e);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private byte[] fetchSmall(ModulePath module, String path, long limit) {
        notFound.check(path);
        return fetch(module, path, limit, InputStream::readAllBytes);
    }

    private <T> T fetch(ModulePath module, String path, long limit, dev.modvault.core.upstream.BodyReader<T> reader) {
        try {
            T result = upstreams.forModule(module).get(path, limit, reader);
            notFound.forget(path);
            return result;
        } catch (NotFoundException e) {
            notFound.remember(path, e);
            throw e;
        }
    }

    private Optional<StoredObject> lookup(StorageKey key) {
        try {
            return store.get(key);
        } catch (StorageException e) {
            throw storageFailure(key, e);
        }
    }

    private void storeMutable(StorageKey key, byte[] body, String contentType) {
        ObjectMetadata metadata = new ObjectMetadata(body.length, Spooler.sha256Hex(body), contentType,
                Map.of(FETCHED_AT, Long.toString(clock.millis())));
        try {
            store.put(key, new ByteArrayInputStream(body), metadata);
        } catch (StorageException e) {
            log.warn("could not cache {}: {}", key, e.getMessage());
        }
    }

    private static long fetchedAt(StoredObject object) {
        String value = object.metadata().attribute(FETCHED_AT);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Versions with a stored {@code .info}. */
    private List<Version> storedVersions(ModulePath module) {
        List<StorageKey> keys;
        try {
            keys = store.list(ModuleLayout.versionsDir(module));
        } catch (StorageException e) {
            throw storageFailure(ModuleLayout.versionsDir(module), e);
        }
        List<Version> versions = new ArrayList<>();
        for (StorageKey key : keys) {
            String escaped = ModuleLayout.infoVersion(key);
            if (escaped != null) {
                try {
                    versions.add(Version.fromEscaped(escaped));
                } catch (RuntimeException e) {
                    log.debug("ignoring stored key {}: {}", key, e.getMessage());
                }
            }
        }
        return versions;
    }

    private List<Version> storedTaggedVersions(ModulePath module) {
        return storedVersions(module).stream().filter(v -> !v.isPseudo()).toList();
    }

    private static StorageFailureException storageFailure(StorageKey key, StorageException e) {
        log.warn("storage failure on {}: {}", key, e.getMessage());
        return new StorageFailureException("storage unavailable, try again later (" + key + ")", e);
    }
}
