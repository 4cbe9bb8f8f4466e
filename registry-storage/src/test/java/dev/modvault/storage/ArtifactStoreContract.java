package dev.modvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link ArtifactStore} backend must show, as executable tests. A backend module depends on
 * this module's test-jar and extends this class:
 *
 * <pre>{@code
 * class S3ArtifactStoreTest extends ArtifactStoreContract {
 *     protected ArtifactStore createStore() { return new S3ArtifactStore(freshBucketOrPrefix()); }
 *     protected void destroyStore(ArtifactStore store) { ... }
 * }
 * }</pre>
 *
 * Every test gets a fresh, empty store from {@link #createStore()}. Two tests are tagged because they are expensive
 * against a remote service: {@value #MANY_OBJECTS} (1,100 puts, proves listings paginate) and {@value #LARGE_BODY}
 * (a 200 MiB body). They run by default; a backend module may exclude the tags for a quick local loop
 * ({@code -DexcludedGroups=large-body}) but its CI must run them.
 *
 * <p><b>Memory.</b> The {@value #LARGE_BODY} test streams a 200 MiB body generated on the fly. Run the suite with a
 * heap smaller than that body (registry-storage configures surefire with {@code -Xmx160m}; backend modules should
 * too) so a backend that buffers a whole body in memory fails with {@link OutOfMemoryError}.
 */
public abstract class ArtifactStoreContract {

    /** Tag of the test that lists past 1,000 keys (the usual page size of object stores). */
    public static final String MANY_OBJECTS = "many-objects";
    /** Tag of the test that streams a 200 MiB body. */
    public static final String LARGE_BODY = "large-body";

    private static final String ZIP = "application/zip";

    protected ArtifactStore store;

    /** A fresh, empty store; called before each test. */
    protected abstract ArtifactStore createStore() throws Exception;

    /** Releases what {@link #createStore()} created (bucket, container, directory); called after each test. */
    protected void destroyStore(ArtifactStore store) throws Exception {
    }

    @BeforeEach
    final void createFreshStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    final void destroyTheStore() throws Exception {
        if (store != null) {
            destroyStore(store);
        }
    }

    // ------------------------------------------------------------------------------------------ round trip

    @Test
    void putThenGetReturnsTheSameBytesAndMetadata() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.2.3.zip");
        byte[] body = randomBytes(1, 70_000);
        Map<String, String> attributes = Map.of("h1", "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                "fetched-at", "2025-01-02T03:04:05Z");

        store.put(key, new ByteArrayInputStream(body), new ObjectMetadata(body.length, sha256(body), ZIP,
                attributes));

        StoredObject object = store.get(key).orElseThrow(() -> new AssertionError("stored object not found"));
        assertThat(object.key()).isEqualTo(key);
        assertThat(object.metadata().size()).isEqualTo(body.length);
        assertThat(object.metadata().sha256()).isEqualTo(sha256(body));
        assertThat(object.metadata().contentType()).isEqualTo(ZIP);
        assertThat(object.metadata().attributes()).isEqualTo(attributes);
        assertThat(readAll(object)).isEqualTo(body);
        assertThat(readAll(object)).as("a handle can be opened more than once").isEqualTo(body);
    }

    @Test
    void emptyBodyRoundTrips() throws IOException {
        StorageKey key = key("example.com/mod/@v/list");

        store.put(key, new ByteArrayInputStream(new byte[0]), metadata(new byte[0], "text/plain"));

        StoredObject object = store.get(key).orElseThrow();
        assertThat(object.metadata().size()).isZero();
        assertThat(object.metadata().contentType()).isEqualTo("text/plain");
        assertThat(readAll(object)).isEmpty();
    }

    @Test
    void putReadsTheBodyButDoesNotCloseIt() {
        byte[] body = bytes("module example.com/mod\n");
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(body) {
            @Override
            public void close() {
                closed.set(true);
            }
        };

        store.put(key("example.com/mod/@v/v1.0.0.mod"), in, metadata(body, "text/plain"));

        assertThat(closed).as("body closed by put").isFalse();
        assertThat(store.get(key("example.com/mod/@v/v1.0.0.mod"))).isPresent();
    }

    @Test
    void getOfAMissingKeyIsEmpty() {
        assertThat(store.get(key("example.com/never/@v/v1.0.0.zip"))).isEmpty();
    }

    @Test
    void getTellsWhetherAnObjectExists() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.info");
        assertThat(store.get(key)).as("before put").isEmpty();

        put(key, bytes("{\"Version\":\"v1.0.0\"}"));
        assertThat(store.get(key)).as("after put").isPresent();
        assertThat(store.get(key("example.com/mod/@v/v1.0.0"))).as("a key that is a prefix of the name").isEmpty();
        assertThat(store.get(key("example.com/mod/@v/v1.0.0.info.x"))).as("a longer name").isEmpty();

        store.delete(key);
        assertThat(store.get(key)).as("after delete").isEmpty();
    }

    // --------------------------------------------------------------------------------------------- listing

    @Test
    void listReturnsExactlyTheDirectChildrenOfThePrefix() {
        put(key("a/b/x"), bytes("x"));
        put(key("a/b/y.zip"), bytes("y"));
        put(key("a/b/v2/z"), bytes("deeper"));
        put(key("a/b-other/w"), bytes("sibling prefix"));
        put(key("a/bx"), bytes("sibling name"));
        put(key("a/b"), bytes("the prefix itself as an object"));
        put(key("c/b/x"), bytes("other tree"));

        assertThat(store.list(key("a/b"))).containsExactlyInAnyOrder(key("a/b/x"), key("a/b/y.zip"));
        assertThat(store.list(key("a/b/v2"))).containsExactly(key("a/b/v2/z"));
        assertThat(store.list(key("a"))).containsExactlyInAnyOrder(key("a/b"), key("a/bx"));
        assertThat(store.list(key("a/b-other"))).containsExactly(key("a/b-other/w"));
    }

    @Test
    void listOfAMissingPrefixIsEmpty() {
        put(key("a/b"), bytes("an object, not a folder"));

        assertThat(store.list(key("nothing/here"))).isEmpty();
        assertThat(store.list(key("a/b"))).as("a prefix that names only an object").isEmpty();
        assertThat(store.list(key("a/b/c"))).isEmpty();
    }

    @Test
    @Tag(MANY_OBJECTS)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void listIsCompletePastOneThousandKeys() throws Exception {
        int count = 1_100;
        Set<StorageKey> expected = new HashSet<>();
        for (int i = 0; i < count; i++) {
            expected.add(key("many/k" + String.format("%05d", i)));
        }
        put(key("many/deeper/not-listed"), bytes("deeper"));
        put(key("many-other/not-listed"), bytes("sibling"));
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> puts = new ArrayList<>();
            for (StorageKey key : expected) {
                puts.add(pool.submit(() -> put(key, bytes(key.value()))));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        }

        List<StorageKey> listed = store.list(key("many"));

        assertThat(listed).hasSize(count).doesNotHaveDuplicates();
        assertThat(new HashSet<>(listed)).isEqualTo(expected);
    }

    // ---------------------------------------------------------------------------------------------- delete

    @Test
    void deleteReturnsTrueThenFalse() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        put(key, bytes("zip"));

        assertThat(store.delete(key)).as("first delete").isTrue();
        assertThat(store.delete(key)).as("second delete").isFalse();
        assertThat(store.get(key)).isEmpty();
        assertThat(store.list(key("example.com/mod/@v"))).isEmpty();
        assertThat(store.delete(key("example.com/never/@v/v1.0.0.zip"))).as("never stored").isFalse();
    }

    // ------------------------------------------------------------------------------------------- overwrite

    @Test
    void overwriteReplacesBodyAndMetadata() throws IOException {
        StorageKey key = key("example.com/mod/@v/list");
        byte[] first = bytes("v1.0.0\n");
        byte[] second = bytes("v1.0.0\nv1.1.0\nv1.2.0\n");
        store.put(key, new ByteArrayInputStream(first), new ObjectMetadata(first.length, sha256(first),
                "text/plain", Map.of("fetched-at", "1")));

        store.put(key, new ByteArrayInputStream(second), new ObjectMetadata(second.length, sha256(second),
                "text/plain; charset=utf-8", Map.of("origin", "upstream")));

        StoredObject object = store.get(key).orElseThrow();
        assertThat(readAll(object)).isEqualTo(second);
        assertThat(object.metadata()).isEqualTo(new ObjectMetadata(second.length, sha256(second),
                "text/plain; charset=utf-8", Map.of("origin", "upstream")));
        assertThat(store.list(key("example.com/mod/@v"))).containsExactly(key);
    }

    @Test
    void openAfterAnOverwriteYieldsTheOldBytesOrFails() {
        StorageKey key = key("example.com/mod/@v/list");
        byte[] first = bytes("v1.0.0\n");
        byte[] second = bytes("v1.0.1\n"); // same length, other bytes
        put(key, first);
        StoredObject handle = store.get(key).orElseThrow();

        put(key, second);

        assertOpensToOrFails(handle, first);
    }

    @Test
    void openAfterADeleteYieldsTheOldBytesOrFails() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.mod");
        byte[] body = bytes("module example.com/mod\n");
        put(key, body);
        StoredObject handle = store.get(key).orElseThrow();

        store.delete(key);

        assertOpensToOrFails(handle, body);
    }

    private static void assertOpensToOrFails(StoredObject handle, byte[] expected) {
        byte[] read;
        try (InputStream in = handle.open()) {
            read = in.readAllBytes();
        } catch (IOException failed) {
            return; // allowed: the object changed since it was looked up
        }
        assertThat(read).as("bytes of a handle whose object changed").isEqualTo(expected);
    }

    // ------------------------------------------------------------------------------------ failing bodies

    @Test
    void aBodyShorterThanTheDeclaredSizeFailsAndStoresNothing() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(2, 10_000);
        byte[] shorter = Arrays.copyOf(body, body.length - 1);

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(shorter), metadata(body, ZIP)))
                .isInstanceOf(StorageException.class);

        assertStoredNothing(key);
    }

    @Test
    void aBodyLongerThanTheDeclaredSizeFailsAndStoresNothing() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(3, 10_000);
        byte[] longer = Arrays.copyOf(body, body.length + 1);

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(longer), metadata(body, ZIP)))
                .isInstanceOf(StorageException.class);

        assertStoredNothing(key);
    }

    @Test
    void aWrongSha256FailsAndStoresNothing() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(4, 10_000);
        byte[] other = body.clone();
        other[5_000] ^= 1;

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body),
                new ObjectMetadata(body.length, sha256(other), ZIP)))
                .isInstanceOf(StorageException.class);

        assertStoredNothing(key);
    }

    @Test
    void aBodyStreamFailingMidwayFailsWithStorageExceptionAndLeavesNothing() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(5, 300_000);

        assertThatThrownBy(() -> store.put(key, new FailingAfter(body, 100_000), metadata(body, ZIP)))
                .isInstanceOf(StorageException.class);

        assertStoredNothing(key);
    }

    @Test
    void aFailedOverwriteKeepsThePreviousObject() throws IOException {
        StorageKey key = key("example.com/mod/@v/list");
        byte[] previous = bytes("v1.0.0\n");
        put(key, previous);
        byte[] next = randomBytes(6, 50_000);

        assertThatThrownBy(() -> store.put(key, new FailingAfter(next, 20_000), metadata(next, "text/plain")))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(next),
                new ObjectMetadata(next.length, sha256(previous), "text/plain")))
                .isInstanceOf(StorageException.class);

        StoredObject object = store.get(key).orElseThrow();
        assertThat(readAll(object)).isEqualTo(previous);
        assertThat(object.metadata().sha256()).isEqualTo(sha256(previous));
        assertThat(store.list(key("example.com/mod/@v"))).containsExactly(key);
    }

    private void assertStoredNothing(StorageKey key) {
        assertThat(store.get(key)).as("object after a failed put").isEmpty();
        assertThat(store.list(parent(key))).as("listing after a failed put").isEmpty();
    }

    // ----------------------------------------------------------------------------------------- streaming

    /**
     * A 200 MiB body generated on the fly and verified by streaming: neither the test nor (with the suite's
     * {@code -Xmx160m}) the backend can hold it in memory.
     */
    @Test
    @Tag(LARGE_BODY)
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void streamsA200MiBBodyWithoutHoldingItInMemory() throws IOException {
        long size = 200L * 1024 * 1024;
        long seed = 42;
        String expectedSha = sha256(new GeneratedBody(seed, size));
        StorageKey key = key("example.com/big/@v/v1.0.0.zip");

        StoredObject object;
        CountingDigest read;
        try {
            store.put(key, new GeneratedBody(seed, size), new ObjectMetadata(size, expectedSha, ZIP));
            object = store.get(key).orElseThrow();
            try (InputStream in = object.open()) {
                read = CountingDigest.of(in);
            }
        } catch (OutOfMemoryError e) {
            // Reported as a failure of this test rather than left to abort the whole run (JUnit rethrows OOM).
            throw new AssertionError("the backend holds a whole 200 MiB body in memory (OutOfMemoryError; run the"
                    + " suite with a heap smaller than the body, e.g. -Xmx160m)", e);
        }

        assertThat(object.metadata().size()).isEqualTo(size);
        assertThat(object.metadata().sha256()).isEqualTo(expectedSha);
        assertThat(read.count()).isEqualTo(size);
        assertThat(read.sha256()).isEqualTo(expectedSha);
    }

    // --------------------------------------------------------------------------------------- concurrency

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentWritersOfOneKeyWithIdenticalBodiesAllSucceed() throws Exception {
        int writers = 16;
        byte[] body = randomBytes(7, 512 * 1024);
        ObjectMetadata metadata = metadata(body, ZIP);
        for (int round = 0; round < 3; round++) {
            StorageKey key = key("example.com/race" + round + "/@v/v1.0.0.zip");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> puts = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
                for (int i = 0; i < writers; i++) {
                    puts.add(pool.submit(() -> {
                        start.await();
                        store.put(key, new ByteArrayInputStream(body), metadata);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> put : puts) {
                    put.get(); // throws if any writer failed
                }
            }

            StoredObject object = store.get(key).orElseThrow();
            assertThat(object.metadata()).isEqualTo(metadata);
            assertThat(readAll(object)).isEqualTo(body);
            assertThat(store.list(parent(key))).containsExactly(key);
        }
    }

    /**
     * Two writers race on one key with different bodies (Modvault only does this for mutable entries): both succeed
     * and the key then holds one of the bodies, whole, with that body's own metadata.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoConcurrentWritersOfDifferentBodiesLeaveOneOfThemWholeWithItsOwnMetadata() throws Exception {
        byte[][] bodies = {bytes("v1.0.0\n"), bytes("v1.0.0\nv1.1.0\n")};
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 40; round++) {
                StorageKey key = key("example.com/race/@v/list" + round);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> puts = new ArrayList<>();
                for (byte[] body : bodies) {
                    puts.add(pool.submit(() -> {
                        start.await();
                        store.put(key, new ByteArrayInputStream(body), metadata(body, "text/plain"));
                        return null;
                    }));
                }
                for (Future<?> put : puts) {
                    put.get();
                }

                StoredObject object = store.get(key)
                        .orElseThrow(() -> new AssertionError("nothing stored after both puts returned"));
                byte[] read = readAll(object);
                assertThat(read).as("round %d", round).isIn((Object[]) bodies);
                assertThat(object.metadata()).as("round %d", round).isEqualTo(metadata(read, "text/plain"));
            }
        }
    }

    /**
     * A reader loop runs while a slow writer first creates and then overwrites a key. Every successful read must be
     * a whole known body that matches the metadata it came with; once the first put returned, the key must never
     * be missing. A read may fail with IOException (the object changed since it was looked up).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReaderDuringAWriteSeesNothingOrAWholeBody() throws Exception {
        StorageKey key = key("example.com/mod/@v/list");
        byte[] first = randomBytes(8, 192 * 1024);
        byte[] second = randomBytes(9, 256 * 1024);
        Set<String> known = Set.of(sha256(first), sha256(second));
        AtomicBoolean firstPutReturned = new AtomicBoolean();
        AtomicBoolean writerDone = new AtomicBoolean();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger wholeReads = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();

        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> reader = pool.submit(() -> {
                boolean last = false;
                while (!last) {
                    last = writerDone.get();
                    boolean mustExist = firstPutReturned.get();
                    Optional<StoredObject> found = store.get(key);
                    if (found.isEmpty()) {
                        if (mustExist) {
                            violations.add("key missing after the first put returned");
                        }
                        continue;
                    }
                    ObjectMetadata metadata = found.get().metadata();
                    if (!known.contains(metadata.sha256())) {
                        violations.add("metadata of an unknown body: " + metadata);
                        continue;
                    }
                    CountingDigest read;
                    try (InputStream in = found.get().open()) {
                        read = CountingDigest.of(in);
                    } catch (IOException changedMeanwhile) {
                        continue;
                    }
                    if (!read.sha256().equals(metadata.sha256()) || read.count() != metadata.size()) {
                        violations.add("read " + read.count() + " bytes hashing to " + read.sha256()
                                + " under metadata " + metadata.size() + "/" + metadata.sha256()
                                + (known.contains(read.sha256()) ? " (the other body)" : " (a partial body)"));
                    } else {
                        wholeReads.incrementAndGet();
                        seen.add(read.sha256());
                    }
                }
                return null;
            });
            Future<?> writer = pool.submit(() -> {
                try {
                    store.put(key, new Slow(first, 8 * 1024), metadata(first, "text/plain"));
                    firstPutReturned.set(true);
                    store.put(key, new Slow(second, 8 * 1024), metadata(second, "text/plain"));
                } finally {
                    writerDone.set(true);
                }
                return null;
            });
            writer.get();
            reader.get();
        }

        assertThat(violations).isEmpty();
        assertThat(wholeReads.get()).as("whole reads").isPositive();
        assertThat(seen).as("bodies read whole").contains(sha256(second));
        assertThat(readAll(store.get(key).orElseThrow())).isEqualTo(second);
    }

    // ------------------------------------------------------------------------------------------------ keys

    @Test
    void keysWithEveryCharacterAKeyMayHoldRoundTrip() throws IOException {
        List<StorageKey> keys = List.of(
                key("github.com/!azure/go-sdk_x~y/@v/v1.0.0-rc.1+incompatible.zip"),
                key("github.com/!azure/go-sdk_x~y/@v/ABCXYZabcxyz0123456789._~-+!@"),
                key("github.com/!azure/go-sdk_x~y/@v/...~"));
        for (StorageKey key : keys) {
            put(key, bytes(key.value()));
        }

        for (StorageKey key : keys) {
            StoredObject object = store.get(key).orElseThrow(() -> new AssertionError("missing " + key));
            assertThat(object.key()).isEqualTo(key);
            assertThat(readAll(object)).isEqualTo(bytes(key.value()));
        }
        assertThat(store.list(key("github.com/!azure/go-sdk_x~y/@v"))).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(store.list(key("github.com/!azure"))).isEmpty();
        for (StorageKey key : keys) {
            assertThat(store.delete(key)).isTrue();
        }
        assertThat(store.list(key("github.com/!azure/go-sdk_x~y/@v"))).isEmpty();
    }

    @Test
    void aKeyAndADeeperKeySharingItsPrefixCoexist() throws IOException {
        StorageKey shallow = key("a/b");
        StorageKey deep = key("a/b/c");
        put(shallow, bytes("shallow"));
        put(deep, bytes("deep"));

        assertThat(readAll(store.get(shallow).orElseThrow())).isEqualTo(bytes("shallow"));
        assertThat(readAll(store.get(deep).orElseThrow())).isEqualTo(bytes("deep"));
        assertThat(store.list(key("a"))).containsExactly(shallow);
        assertThat(store.list(key("a/b"))).containsExactly(deep);

        assertThat(store.delete(shallow)).isTrue();
        assertThat(store.get(shallow)).isEmpty();
        assertThat(readAll(store.get(deep).orElseThrow())).isEqualTo(bytes("deep"));

        put(shallow, bytes("shallow again"));
        assertThat(store.delete(deep)).isTrue();
        assertThat(store.get(deep)).isEmpty();
        assertThat(readAll(store.get(shallow).orElseThrow())).isEqualTo(bytes("shallow again"));
    }

    @Test
    void checkWritableSucceedsOnAFreshStoreAndLeavesItUsable() {
        store.checkWritable();
        store.checkWritable();

        put(key("after/probe"), bytes("x"));
        assertThat(store.list(key("after"))).containsExactly(key("after/probe"));
    }

    // ------------------------------------------------------------------------------------------- helpers

    protected static StorageKey key(String value) {
        return StorageKey.of(value);
    }

    protected static StorageKey parent(StorageKey key) {
        return StorageKey.of(key.value().substring(0, key.value().lastIndexOf('/')));
    }

    protected void put(StorageKey key, byte[] body) {
        store.put(key, new ByteArrayInputStream(body), metadata(body, "application/octet-stream"));
    }

    protected static ObjectMetadata metadata(byte[] body, String contentType) {
        return new ObjectMetadata(body.length, sha256(body), contentType);
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    protected static byte[] readAll(StoredObject object) throws IOException {
        try (InputStream in = object.open()) {
            return in.readAllBytes();
        }
    }

    protected static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    protected static String sha256(InputStream in) throws IOException {
        return CountingDigest.of(in).sha256();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The length and SHA-256 of a stream, read to its end in constant memory. */
    protected record CountingDigest(long count, String sha256) {

        static CountingDigest of(InputStream in) throws IOException {
            MessageDigest digest = newSha256();
            byte[] buffer = new byte[64 * 1024];
            long count = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                count += n;
            }
            return new CountingDigest(count, HexFormat.of().formatHex(digest.digest()));
        }
    }

    /** A deterministic pseudo-random body of any size, generated block by block as it is read. */
    protected static final class GeneratedBody extends InputStream {

        private final SplittableRandom random;
        private final byte[] block = new byte[64 * 1024];
        private long remaining;
        private int position = block.length;

        public GeneratedBody(long seed, long size) {
            this.random = new SplittableRandom(seed);
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            if (position == block.length) {
                random.nextBytes(block);
                position = 0;
            }
            int n = (int) Math.min(Math.min(len, block.length - position), remaining);
            System.arraycopy(block, position, b, off, n);
            position += n;
            remaining -= n;
            return n;
        }
    }

    /** Yields the first {@code failAfter} bytes of a body, then throws IOException. */
    protected static final class FailingAfter extends InputStream {

        private final ByteArrayInputStream in;
        private int allowance;

        public FailingAfter(byte[] body, int failAfter) {
            this.in = new ByteArrayInputStream(body);
            this.allowance = failAfter;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (allowance == 0) {
                throw new IOException("connection reset (simulated)");
            }
            int n = in.read(b, off, Math.min(len, allowance));
            if (n > 0) {
                allowance -= n;
            }
            return n;
        }
    }

    /** Yields a body in chunks with a pause before each, so a put of it takes a while. */
    protected static final class Slow extends InputStream {

        private final ByteArrayInputStream in;
        private final int chunk;

        public Slow(byte[] body, int chunk) {
            this.in = new ByteArrayInputStream(body);
            this.chunk = chunk;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
