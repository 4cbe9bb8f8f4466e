package dev.modvault.web.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.cache.ArtifactVerifier;
import dev.modvault.core.cache.CacheSettings;
import dev.modvault.core.cache.CachingGoProxy;
import dev.modvault.core.cache.MemoryArtifactCache;
import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.error.ChecksumMismatchException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.upstream.HttpUpstreamClient;
import dev.modvault.core.upstream.UpstreamSelector;
import dev.modvault.core.upstream.UpstreamSettings;
import dev.modvault.core.verify.VerifyingArtifactStore;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import dev.modvault.storage.disk.DiskArtifactStore;
import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory cache of small stored objects: bounded by bytes, least recently used out first, and never staler than
 * the store underneath (purges, overwrites by another replica, changes in storage, list TTL).
 */
class MemoryArtifactCacheTest {

    @TempDir
    Path dir;
    DiskArtifactStore disk;

    @BeforeEach
    void store() {
        disk = new DiskArtifactStore(dir.resolve("store"));
    }

    static ObjectMetadata metadata(byte[] body, Map<String, String> attributes) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        return new ObjectMetadata(body.length, sha, "text/plain; charset=utf-8", attributes);
    }

    static void put(ArtifactStore store, String key, byte[] body) throws Exception {
        store.put(StorageKey.of(key), new ByteArrayInputStream(body), metadata(body, Map.of()));
    }

    static byte[] read(StoredObject object) throws IOException {
        try (InputStream in = object.open()) {
            return in.readAllBytes();
        }
    }

    static byte[] bytes(int size, int seed) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) (seed * 31 + i);
        }
        return body;
    }

    @Test
    void aHitIsServedFromMemoryWithTheStoredMetadata() throws Exception {
        MemoryArtifactCache cache = new MemoryArtifactCache(disk, 1 << 20, 64 << 10);
        byte[] body = "module a.example/m\n".getBytes(StandardCharsets.UTF_8);
        put(disk, "a.example/m/@v/v1.0.0.mod", body);

        StoredObject first = cache.get(StorageKey.of("a.example/m/@v/v1.0.0.mod")).orElseThrow();
        StoredObject second = cache.get(StorageKey.of("a.example/m/@v/v1.0.0.mod")).orElseThrow();

        assertThat(read(first)).isEqualTo(body);
        assertThat(read(second)).isEqualTo(body);
        assertThat(second.metadata()).isEqualTo(disk.get(StorageKey.of("a.example/m/@v/v1.0.0.mod")).orElseThrow().metadata());
        assertThat(second.localFile()).as("a memory body is never sent by file name").isEmpty();
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void staysWithinItsByteBoundDroppingTheLeastRecentlyUsed() throws Exception {
        long max = 10 * (1024 + MemoryArtifactCache.ENTRY_OVERHEAD + 100);
        MemoryArtifactCache cache = new MemoryArtifactCache(disk, max, 64 << 10);
        for (int i = 0; i < 30; i++) {
            put(disk, "b.example/m/@v/v1.0." + i + ".info", bytes(1024, i));
        }
        for (int i = 0; i < 30; i++) {
            assertThat(read(cache.get(StorageKey.of("b.example/m/@v/v1.0." + i + ".info")).orElseThrow()))
                    .isEqualTo(bytes(1024, i));
            cache.get(StorageKey.of("b.example/m/@v/v1.0.0.info")); // keep the first one recently used
            assertThat(cache.bytes()).isLessThanOrEqualTo(max);
        }
        assertThat(cache.size()).isBetween(2, 10);
        assertThat(cache.evictions()).isEqualTo(30 - cache.size());

        long hits = cache.hits();
        cache.get(StorageKey.of("b.example/m/@v/v1.0.0.info"));
        cache.get(StorageKey.of("b.example/m/@v/v1.0.29.info"));
        assertThat(cache.hits()).as("the most recently used stay").isEqualTo(hits + 2);
        long misses = cache.misses();
        assertThat(read(cache.get(StorageKey.of("b.example/m/@v/v1.0.5.info")).orElseThrow())).isEqualTo(bytes(1024, 5));
        assertThat(cache.misses()).as("an evicted entry is read from the store again").isEqualTo(misses + 1);
    }

    @Test
    void largerObjectsAreNeverHeldAndAZeroSizeTurnsTheCacheOff() throws Exception {
        MemoryArtifactCache cache = new MemoryArtifactCache(disk, 1 << 20, 4096);
        put(disk, "c.example/m/@v/v1.0.0.zip", bytes(4097, 1));
        StoredObject zip = cache.get(StorageKey.of("c.example/m/@v/v1.0.0.zip")).orElseThrow();
        assertThat(zip.localFile()).as("handed on from the store as is").isPresent();
        assertThat(read(zip)).isEqualTo(bytes(4097, 1));
        assertThat(cache.size()).isZero();

        MemoryArtifactCache off = new MemoryArtifactCache(disk, 0, 4096);
        put(disk, "c.example/m/@v/v1.0.0.info", bytes(10, 2));
        off.get(StorageKey.of("c.example/m/@v/v1.0.0.info"));
        off.get(StorageKey.of("c.example/m/@v/v1.0.0.info"));
        assertThat(off.size()).isZero();
        assertThat(off.hits()).isZero();
    }

    @Test
    void anObjectPurgedOrReplacedBehindItsBackIsNotServedFromMemory() throws Exception {
        MemoryArtifactCache cache = new MemoryArtifactCache(disk, 1 << 20, 64 << 10);
        StorageKey key = StorageKey.of("d.example/m/@v/v1.0.0.info");
        put(disk, key.value(), "{\"Version\":\"v1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(cache.get(key)).isPresent();

        disk.delete(key); // another replica, or the purge API, on the store directly
        assertThat(cache.get(key)).as("purged").isEmpty();

        put(disk, key.value(), "{\"Version\":\"v1.0.0\",\"Time\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(read(cache.get(key).orElseThrow()), StandardCharsets.UTF_8)).contains("Time");
        put(disk, key.value(), "{\"Version\":\"v1.0.0\",\"Time\":\"y\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(read(cache.get(key).orElseThrow()), StandardCharsets.UTF_8))
                .as("overwritten by another writer: read again").contains("\"y\"");
    }

    @Test
    void aBodyChangedInStorageIsRefusedByThePerServeCheckUnderneath() throws Exception {
        VerifyingArtifactStore verifying = new VerifyingArtifactStore(disk, AuditSink.NONE, Clock.systemUTC());
        MemoryArtifactCache cache = new MemoryArtifactCache(verifying, 1 << 20, 64 << 10);
        StorageKey key = StorageKey.of("e.example/m/@v/v1.0.0.mod");
        put(disk, key.value(), "module e.example/m\n\ngo 1.21\n".getBytes(StandardCharsets.UTF_8));
        assertThat(read(cache.get(key).orElseThrow())).startsWith("module".getBytes(StandardCharsets.UTF_8));
        assertThat(cache.get(key)).isPresent();

        Path file = disk.root().resolve(key.value() + "%o");
        FileTime mtime = Files.getLastModifiedTime(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(3);
            raf.write('X');
        }
        Files.setLastModifiedTime(file, mtime); // only the ctime tells

        assertThatThrownBy(() -> cache.get(key)).isInstanceOf(ChecksumMismatchException.class);
        assertThatThrownBy(() -> cache.get(key)).as("every time").isInstanceOf(ChecksumMismatchException.class);
    }

    @Test
    void aBackendWithoutLocalFilesIsRevalidatedByItsMetadata() throws Exception {
        InMemoryStore objects = new InMemoryStore();
        MemoryArtifactCache cache = new MemoryArtifactCache(objects, 1 << 20, 64 << 10);
        StorageKey key = StorageKey.of("f.example/m/@latest");
        put(objects, key.value(), "{\"Version\":\"v1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        cache.get(key);
        cache.get(key);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(objects.bodyReads.get()).as("the second get read no body").isEqualTo(1);

        put(objects, key.value(), "{\"Version\":\"v1.1.0\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(read(cache.get(key).orElseThrow()), StandardCharsets.UTF_8)).contains("v1.1.0");
        objects.delete(key);
        assertThat(cache.get(key)).isEmpty();
    }

    // ---- through the caching proxy: list and @latest keep their lifetimes -------------------------------------

    @Test
    void aCachedListIsNeverServedPastItsLifetimeFromMemory() throws Exception {
        FixtureModule v100 = FixtureModule.builder("ttl.example/lib", "v1.0.0").file("lib.go", "package lib\n").build();
        FixtureModule v110 = FixtureModule.builder("ttl.example/lib", "v1.1.0").file("lib.go", "package lib\n").build();
        ModulePath module = ModulePath.of("ttl.example/lib");
        Duration ttl = Duration.ofSeconds(60);
        Duration maxStale = Duration.ofMinutes(30);
        try (StaticGoProxy upstream = StaticGoProxy.start(v100)) {
            MutableClock clock = new MutableClock();
            MemoryArtifactCache cache = new MemoryArtifactCache(disk, 1 << 20, 64 << 10);
            CachingGoProxy proxy = proxy(cache, upstream.uri(), ttl, maxStale, clock);

            for (int i = 0; i < 3; i++) {
                assertThat(text(proxy.list(module))).isEqualTo("v1.0.0\n");
            }
            assertThat(upstream.requests("/ttl.example/lib/@v/list")).isEqualTo(1);
            assertThat(cache.hits()).as("the fresh list came from memory").isPositive();

            upstream.addModule(v110);
            clock.advance(ttl.plus(maxStale).plusSeconds(1));
            assertThat(text(proxy.list(module))).as("too old to serve: refreshed before answering")
                    .isEqualTo("v1.0.0\nv1.1.0\n");
            assertThat(upstream.requests("/ttl.example/lib/@v/list")).isEqualTo(2);
            assertThat(text(proxy.list(module))).isEqualTo("v1.0.0\nv1.1.0\n");
        }
    }

    @Test
    void aListRefreshedByAnotherReplicaIsSeenAtOnce() throws Exception {
        FixtureModule v100 = FixtureModule.builder("rep.example/lib", "v1.0.0").file("lib.go", "package lib\n").build();
        FixtureModule v200 = FixtureModule.builder("rep.example/lib", "v1.2.0").file("lib.go", "package lib\n").build();
        ModulePath module = ModulePath.of("rep.example/lib");
        try (StaticGoProxy upstream = StaticGoProxy.start(v100)) {
            MutableClock clock = new MutableClock();
            MemoryArtifactCache cacheA = new MemoryArtifactCache(disk, 1 << 20, 64 << 10);
            CachingGoProxy replicaA = proxy(cacheA, upstream.uri(), Duration.ofSeconds(60), Duration.ofMinutes(30), clock);
            CachingGoProxy replicaB = proxy(new MemoryArtifactCache(disk, 1 << 20, 64 << 10), upstream.uri(),
                    Duration.ofSeconds(60), Duration.ofMinutes(30), clock);

            assertThat(text(replicaA.latest(module))).contains("v1.0.0");
            assertThat(text(replicaA.latest(module))).contains("v1.0.0");
            upstream.addModule(v200);
            clock.advance(Duration.ofMinutes(31));
            assertThat(text(replicaB.latest(module))).contains("v1.2.0"); // B refreshes the shared store
            assertThat(text(replicaA.latest(module))).as("A's memory copy is not the store's any more")
                    .contains("v1.2.0");
            assertThat(upstream.requests("/rep.example/lib/@latest")).isEqualTo(2);
        }
    }

    @Test
    void immutableArtifactsAreServedFromMemoryThroughTheProxy() throws Exception {
        FixtureModule m = FixtureModule.builder("imm.example/lib", "v1.0.0").file("lib.go", "package lib\n").build();
        ModulePath module = ModulePath.of("imm.example/lib");
        try (StaticGoProxy upstream = StaticGoProxy.start(m)) {
            MemoryArtifactCache cache = new MemoryArtifactCache(disk, 1 << 20, 64 << 10);
            CachingGoProxy proxy = proxy(cache, upstream.uri(), Duration.ofSeconds(60), Duration.ofMinutes(30),
                    new MutableClock());
            Content miss = proxy.mod(module, Version.of("v1.0.0"));
            Content hit = proxy.mod(module, Version.of("v1.0.0"));
            assertThat(miss.cacheHit()).isFalse();
            assertThat(hit.cacheHit()).isTrue();
            assertThat(text(hit).getBytes(StandardCharsets.UTF_8)).isEqualTo(m.modBytes());
            assertThat(hit.localFile()).isEmpty();
            assertThat(text(proxy.info(module, "v1.0.0"))).contains("v1.0.0");
            assertThat(cache.hits()).isPositive();
        }
    }

    private CachingGoProxy proxy(ArtifactStore store, URI upstream, Duration ttl, Duration maxStale, Clock clock) {
        HttpUpstreamClient client = new HttpUpstreamClient(new UpstreamSettings(List.of(upstream.toString()),
                Duration.ofSeconds(2), Duration.ofSeconds(2), 1, Duration.ofMillis(1), "test"));
        return new CachingGoProxy(store, UpstreamSelector.always(client), Catalog.NONE, ArtifactVerifier.NONE,
                new CacheSettings(ttl, maxStale, Duration.ofSeconds(30), dir.resolve("spool")), clock);
    }

    private static String text(Content content) throws IOException {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** An object store without local files (like S3), counting body reads. */
    static final class InMemoryStore implements ArtifactStore {
        final Map<StorageKey, byte[]> bodies = new ConcurrentHashMap<>();
        final Map<StorageKey, ObjectMetadata> metadata = new ConcurrentHashMap<>();
        final AtomicInteger bodyReads = new AtomicInteger();

        @Override
        public String type() {
            return "memory";
        }

        @Override
        public Optional<StoredObject> get(StorageKey key) {
            ObjectMetadata m = metadata.get(key);
            byte[] body = bodies.get(key);
            if (m == null || body == null) {
                return Optional.empty();
            }
            return Optional.of(new StoredObject() {
                @Override
                public StorageKey key() {
                    return key;
                }

                @Override
                public ObjectMetadata metadata() {
                    return m;
                }

                @Override
                public InputStream open() {
                    bodyReads.incrementAndGet();
                    return new ByteArrayInputStream(body);
                }
            });
        }

        @Override
        public void put(StorageKey key, InputStream body, ObjectMetadata m) {
            try {
                bodies.put(key, body.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            metadata.put(key, m);
        }

        @Override
        public List<StorageKey> list(StorageKey prefix) {
            return bodies.keySet().stream().filter(k -> k.value().startsWith(prefix.value() + "/")).sorted().toList();
        }

        @Override
        public boolean delete(StorageKey key) {
            metadata.remove(key);
            return bodies.remove(key) != null;
        }

        @Override
        public void checkWritable() {
        }

        @Override
        public Optional<URI> directDownloadUri(StorageKey key, Duration validity) {
            return Optional.empty();
        }
    }
}
