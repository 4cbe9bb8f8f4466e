package dev.modvault.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ArtifactStoreContract;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DiskArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path temp;

    private Path root;

    @Override
    protected ArtifactStore createStore() {
        root = temp.resolve("store");
        return new DiskArtifactStore(root);
    }

    private DiskArtifactStore disk() {
        return (DiskArtifactStore) store;
    }

    @Test
    void typeIsDisk() {
        assertThat(store.type()).isEqualTo("disk");
    }

    @Test
    void createsTheRootWithParentsIfMissing() {
        Path nested = temp.resolve("x/y/z");

        DiskArtifactStore created = new DiskArtifactStore(nested);

        assertThat(nested).isDirectory();
        assertThat(created.root()).isEqualTo(nested.toAbsolutePath().normalize());
    }

    @Test
    void objectsAreStoredAsABodyAndASidecarBesideTheFoldersOfDeeperKeys() throws IOException {
        put(key("a/b"), bytes("shallow"));
        put(key("a/b/c"), bytes("deep"));

        assertThat(regularFiles()).containsExactly("a/b%m", "a/b%o", "a/b/c%m", "a/b/c%o");
        assertThat(Files.readAllBytes(root.resolve("a/b%o"))).isEqualTo(bytes("shallow"));
    }

    @Test
    void noTemporaryOrSidecarFileIsLeftAfterAFailedPut() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(11, 100_000);

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body, 0, 99_999), metadata(body, "x/y")))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body),
                new ObjectMetadata(body.length - 1, sha256(body), "x/y")))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body),
                new ObjectMetadata(body.length, sha256(bytes("other")), "x/y")))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.put(key, new FailingAfter(body, 70_000), metadata(body, "x/y")))
                .isInstanceOf(StorageException.class);
        assertThat(regularFiles()).isEmpty();

        put(key, bytes("previous"));
        assertThatThrownBy(() -> store.put(key, new FailingAfter(body, 70_000), metadata(body, "x/y")))
                .isInstanceOf(StorageException.class);
        assertThat(regularFiles()).containsExactly("example.com/mod/@v/v1.0.0.zip%m",
                "example.com/mod/@v/v1.0.0.zip%o");
    }

    @Test
    void failedPutsSayWhatWasWrong() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(16, 10_000);

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body, 0, 9_999), metadata(body, "x/y")))
                .hasMessageContaining(key.value()).hasMessageContaining("has 9999 bytes")
                .hasMessageContaining("declares 10000");
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body),
                new ObjectMetadata(body.length - 1, sha256(body), "x/y")))
                .hasMessageContaining(key.value()).hasMessageContaining("longer than the declared 9999 bytes");
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body),
                new ObjectMetadata(body.length, sha256(bytes("other")), "x/y")))
                .hasMessageContaining(key.value()).hasMessageContaining("SHA-256 is " + sha256(body));
        assertThatThrownBy(() -> store.put(key, new FailingAfter(body, 4_000), metadata(body, "x/y")))
                .hasMessageContaining(key.value()).hasMessageContaining("reading the body failed after 4000 bytes")
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    @Timeout(20)
    void aBodyThatNeverEndsFailsOnceItExceedsTheDeclaredSize() {
        long[] delivered = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                delivered[0]++;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                delivered[0] += len;
                return len;
            }
        };

        assertThatThrownBy(() -> store.put(key("a/endless"), endless,
                new ObjectMetadata(1_000_000, sha256(new byte[1_000_000]), "x/y")))
                .isInstanceOf(StorageException.class).hasMessageContaining("longer than");

        assertThat(delivered[0]).isLessThan(1_000_000 + 1_000_000);
        assertThat(store.get(key("a/endless"))).isEmpty();
    }

    @Test
    void pathsThatWouldLeaveTheRootAreRefused() {
        // StorageKey already refuses such keys; this is the second line of defence every path goes through.
        assertThatThrownBy(() -> disk().resolveUnderRoot("../outside%o")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> disk().resolveUnderRoot("a/../../outside")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> disk().resolveUnderRoot("a/..")).isInstanceOf(StorageException.class);
        assertThat(disk().resolveUnderRoot("a/b%o")).isEqualTo(disk().root().resolve("a").resolve("b%o"));
    }

    @Test
    void noTemporaryFileIsLeftAfterConcurrentWriters() throws Exception {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(12, 200_000);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                puts.add(pool.submit(() -> {
                    start.await();
                    store.put(key, new ByteArrayInputStream(body), metadata(body, "application/zip"));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> put : puts) {
                put.get();
            }
        }

        assertThat(regularFiles()).containsExactly("example.com/mod/@v/v1.0.0.zip%m",
                "example.com/mod/@v/v1.0.0.zip%o");
        assertThat(readAll(store.get(key).orElseThrow())).isEqualTo(body);
        assertThat(sidecarDescribesBody(key)).as("the sidecar in place describes the body in place").isTrue();
        assertThat(regularFiles()).as("after get").hasSize(2);
    }

    @Test
    void strayFilesLeftByACrashAreNeverListedOrReturned() throws IOException {
        put(key("a/real"), bytes("real"));
        Path dir = root.resolve("a");
        Files.write(dir.resolve(DiskArtifactStore.TEMP_PREFIX + "8000deadbeef0001"), bytes("half a bo"));
        Files.write(dir.resolve("orphan%o"), bytes("a body whose sidecar was never written"));
        Files.copy(dir.resolve("real%m"), dir.resolve("lonely%m"));
        Files.write(dir.resolve("not-ours"), bytes("an operator's file"));
        Files.write(dir.resolve("odd%x%o"), bytes("?"));
        Files.copy(dir.resolve("real%m"), dir.resolve("odd%x%m"));

        assertThat(store.list(key("a"))).containsExactly(key("a/real"));
        assertThat(store.get(key("a/orphan"))).as("body without sidecar").isEmpty();
        assertThat(store.get(key("a/lonely"))).as("sidecar without body").isEmpty();
        assertThat(store.get(key("a/not-ours"))).isEmpty();

        put(key("a/orphan"), bytes("healed"));
        assertThat(readAll(store.get(key("a/orphan")).orElseThrow())).isEqualTo(bytes("healed"));
        assertThat(store.list(key("a"))).containsExactlyInAnyOrder(key("a/real"), key("a/orphan"));
    }

    @Test
    void theResolvedFileOfAnyKeyStaysUnderRoot() throws IOException {
        Path realRoot = root.toRealPath();
        List<StorageKey> keys = List.of(key("..."), key("..a/b.."), key("a/.../b"), key(".x/~/..~"),
                key("!/@/+/-/_"), key(".modvault-probe"));
        for (StorageKey key : keys) {
            put(key, bytes(key.value()));
            Path file = store.get(key).orElseThrow().localFile().orElseThrow();
            assertThat(file.toRealPath()).as(key.value()).startsWith(realRoot);
            assertThat(file.toAbsolutePath().normalize()).as(key.value()).startsWith(disk().root());
            assertThat(disk().sidecarPath(key).normalize()).startsWith(disk().root());
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes(key.value()));
        }
        assertThatThrownBy(() -> key("../escape")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> key("a/../../escape")).isInstanceOf(IllegalArgumentException.class);
        try (Stream<Path> outside = Files.list(temp)) {
            assertThat(outside.map(p -> p.getFileName().toString())).containsExactly("store");
        }
    }

    @Test
    void localFileIsPresentAndHoldsTheBody() throws IOException {
        byte[] body = randomBytes(13, 12_345);
        put(key("example.com/mod/@v/v1.0.0.zip"), body);

        StoredObject object = store.get(key("example.com/mod/@v/v1.0.0.zip")).orElseThrow();

        Path file = object.localFile().orElseThrow(() -> new AssertionError("no local file"));
        assertThat(Files.readAllBytes(file)).isEqualTo(body);
        assertThat(Files.size(file)).isEqualTo(object.metadata().size());
    }

    @Test
    void openFailsWhenTheObjectWasReplacedOrDeletedSinceItWasLookedUp() {
        StorageKey key = key("example.com/mod/@v/list");
        put(key, bytes("v1.0.0\n"));
        StoredObject before = store.get(key).orElseThrow();
        put(key, bytes("v1.0.1\n"));

        assertThatThrownBy(before::open).isInstanceOf(IOException.class).hasMessageContaining("replaced");

        StoredObject current = store.get(key).orElseThrow();
        store.delete(key);
        assertThatThrownBy(current::open).isInstanceOf(IOException.class).hasMessageContaining("deleted");
    }

    @Test
    void aBodyWhoseLengthDisagreesWithItsSidecarIsNotReturned() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.0.0.mod");
        put(key, bytes("module example.com/mod\n"));

        Files.write(disk().bodyPath(key), bytes("// appended\n"), StandardOpenOption.APPEND);

        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void aBodyRewrittenInPlaceReadsAsAbsent() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(14, 200_000);
        put(key, body);
        byte[] corrupt = body.clone();
        corrupt[150_000] ^= 0x40;

        Files.write(disk().bodyPath(key), corrupt); // same file, same length, new modification time

        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void aBodyCorruptedUnnoticedFailsWhenRead() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(14, 200_000);
        put(key, body);
        Path file = disk().bodyPath(key);
        var modified = Files.getLastModifiedTime(file);
        byte[] corrupt = body.clone();
        corrupt[150_000] ^= 0x40;
        Files.write(file, corrupt); // bit rot: same file, same length, same modification time
        Files.setLastModifiedTime(file, modified);

        StoredObject object = store.get(key).orElseThrow();

        assertThatThrownBy(() -> readAll(object)).isInstanceOf(IOException.class).hasMessageContaining("SHA-256");
    }

    /** What racing writers of identical bodies can leave behind: the sidecar of the other writer's (equal) body. */
    @Test
    void aSidecarWrittenForAnotherIdenticalBodyIsRepairedWhenRead() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(15, 70_000);
        put(key, body);
        replaceBodyBehindTheSidecar(key, body.clone());
        assertThat(sidecarDescribesBody(key)).as("sidecar of the other file before get").isFalse();

        StoredObject object = store.get(key).orElseThrow();

        assertThat(object.metadata()).isEqualTo(metadata(body, "application/octet-stream"));
        assertThat(readAll(object)).isEqualTo(body);
        assertThat(sidecarDescribesBody(key)).as("sidecar repaired by get").isTrue();
    }

    /** The documented limit: racing writers of different bodies left one body under the other's sidecar. */
    @Test
    void aSidecarWrittenForAnotherBodyMakesTheKeyReadAsAbsentUntilTheNextPut() throws IOException {
        StorageKey key = key("example.com/mod/@v/list");
        put(key, bytes("v1.0.0\n"));

        replaceBodyBehindTheSidecar(key, bytes("v1.0.9\n"));
        assertThat(store.get(key)).as("sidecar of another body of the same size").isEmpty();

        replaceBodyBehindTheSidecar(key, bytes("v1.0.0\nv1.1.0\n"));
        assertThat(store.get(key)).as("sidecar of another size").isEmpty();

        put(key, bytes("v1.2.0\n"));
        assertThat(readAll(store.get(key).orElseThrow())).isEqualTo(bytes("v1.2.0\n"));
    }

    private boolean sidecarDescribesBody(StorageKey key) throws IOException {
        return Sidecar.read(disk().sidecarPath(key)).describes(DiskArtifactStore.identity(Files.readAttributes(
                disk().bodyPath(key), BasicFileAttributes.class)));
    }

    private void replaceBodyBehindTheSidecar(StorageKey key, byte[] body) throws IOException {
        Path other = temp.resolve("other-body");
        Files.write(other, body);
        Files.move(other, disk().bodyPath(key), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void errorsNameTheKeyButNotTheRoot() throws IOException {
        Files.write(root.resolve("blocked"), bytes("a file where a folder should be"));

        assertThatThrownBy(() -> put(key("blocked/x"), bytes("x")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("blocked/x")
                .hasMessageNotContaining(root.toString());
    }

    @Test
    void aKeySegmentTooLongForAFileNameFailsWithStorageException() {
        StorageKey key = key("a/" + "x".repeat(DiskArtifactStore.MAX_SEGMENT_LENGTH + 1));

        assertThatThrownBy(() -> put(key, bytes("x")))
                .isInstanceOf(StorageException.class).hasMessageContaining(key.value());
        put(key("a/" + "x".repeat(DiskArtifactStore.MAX_SEGMENT_LENGTH)), bytes("just fits"));
        assertThat(store.list(key("a"))).hasSize(1);
    }

    @Test
    void checkWritableNamesTheRootAndTheReasonWhenTheRootIsGone() throws IOException {
        deleteRecursively(root);
        Files.write(root, bytes("a file, not a directory"));

        assertThatThrownBy(store::checkWritable)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(root.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void checkWritableNamesTheRootAndTheReasonWhenItCannotWrite() throws IOException {
        Files.write(root.resolve(".modvault-probe"), bytes("blocks the probe's folder"));

        assertThatThrownBy(store::checkWritable)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(root.toString())
                .hasMessageContaining("not writable")
                .hasMessageContaining("FileAlreadyExistsException");
    }

    @Test
    void checkWritableFailsOnAReadOnlyRoot() throws IOException {
        assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(root), "permissions are enforced (not running as root)");
            assertThatThrownBy(store::checkWritable)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(root.toString())
                    .hasMessageContaining("AccessDeniedException");
        } finally {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void checkWritableLeavesNoProbeBehind() throws IOException {
        store.checkWritable();

        assertThat(regularFiles()).isEmpty();
    }

    @Test
    void sidecarsRoundTripEveryPrintableAttributeValueAndContentType() throws IOException {
        ObjectMetadata metadata = new ObjectMetadata(3, sha256(bytes("abc")), "text/plain; x=\"a=b\"\n\u00e9",
                Map.of("weird", " =%&+\\#!~`", "empty", ""));

        store.put(key("k"), new ByteArrayInputStream(bytes("abc")), metadata);

        assertThat(store.get(key("k")).orElseThrow().metadata()).isEqualTo(metadata);
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** The regular files under root, relative, '/'-separated, sorted. */
    private Set<String> regularFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
