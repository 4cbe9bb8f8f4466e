package dev.modvault.storage.disk;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.modvault.storage.support.VerifyingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArtifactStore} on a local (or shared, POSIX-semantics) file system.
 *
 * <h2>Layout</h2>
 * The key {@code a/b/c} lives in the directory {@code <root>/a/b} as
 * <ul>
 *   <li>{@code c%o} - the body, byte for byte (served by {@link StoredObject#localFile()} / sendfile);</li>
 *   <li>{@code c%m} - its metadata sidecar (a small text file, see {@link Sidecar}).</li>
 * </ul>
 * Directories carry the key's segments unchanged, so the object {@code a/b} (file {@code a/b%o}) and the deeper
 * object {@code a/b/c} (directory {@code a/b}) coexist. A key never holds {@code '%'}, so no key can collide with
 * a body, a sidecar or a temporary file ({@code %tmp-<random>}), and a listing recognises bodies by their suffix.
 *
 * <h2>Atomicity</h2>
 * A put streams the body into a temporary file in the target's directory while counting and hashing it, checks
 * size and SHA-256 against the metadata, fsyncs it, writes the sidecar the same way and renames it into place, then
 * renames the body into place ({@code ATOMIC_MOVE}, {@code REPLACE_EXISTING}) and fsyncs the directory. Readers
 * therefore only ever see whole bodies, and a visible body always has a sidecar. A failed put deletes its
 * temporaries; only a crash of the JVM can leave a temporary behind, which is never listed nor returned.
 *
 * <p>The sidecar records the {@link #identity identity} (inode and a modification time made unique by the put) of
 * the body it was written for. {@link #get} reads body attributes, sidecar, body attributes again and only answers once
 * they agree, so the short window of an overwrite (new sidecar, old body) is waited out instead of pairing the old
 * body with the new metadata. A handle's {@link StoredObject#open()} fails if the file under the key is no longer
 * the one that was looked up, and its stream fails at the end if the bytes do not hash to the metadata's SHA-256.
 *
 * <h2>Limits (documented contract deviations)</h2>
 * <ul>
 *   <li><b>Racing puts of different bodies.</b> Without locks, writers W1 and W2 of the same key can interleave as
 *       "sidecar W1, sidecar W2, body W2, body W1", leaving body W1 under sidecar W2. After its rename each writer
 *       repairs the sidecar in place from the sidecars it has read, which settles every race of two writers; with
 *       three or more, a sidecar can be replaced before anyone read it (about 1 round in 10 in a stress test of
 *       three simultaneous writers). {@link #get} detects such a pair by the file identity, waits briefly (an
 *       overwrite in progress), then hashes the body: if it matches the sidecar's SHA-256 (racing writers of
 *       <em>identical</em> bodies, the only race Modvault has, for immutable artifacts) it rewrites the sidecar
 *       for that body and returns the object; otherwise it reports the key absent, so a caching caller fetches it
 *       again and that put heals the key. So different-body races never yield wrong metadata, but a key may
 *       read as absent after one, until the next put.</li>
 *   <li>Where the file system has no {@link BasicFileAttributes#fileKey() file keys} (Windows) a sidecar cannot be
 *       tied to its body: {@link #get} only checks that the sidecar's size equals the file's length, and a
 *       mismatched SHA-256 surfaces as an IOException at the end of the stream instead.</li>
 *   <li><b>Delete racing a put</b> of the same key may leave a body without sidecar, which is treated as absent.</li>
 *   <li><b>{@link StoredObject#localFile()}</b> names the current file of the key: for a key that is overwritten
 *       (mutable entries only) the path may hold a newer body by the time it is opened. Serve mutable entries
 *       through {@link StoredObject#open()}.</li>
 *   <li>A key segment may have at most {@value #MAX_SEGMENT_LENGTH} characters (file names are limited to 255
 *       bytes); keys are case-sensitive, so the root must be on a case-sensitive file system.</li>
 *   <li>Empty directories are left behind by {@link #delete} (removing them would race with concurrent puts).</li>
 * </ul>
 */
public final class DiskArtifactStore implements ArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(DiskArtifactStore.class);

    static final String BODY_SUFFIX = "%o";
    static final String SIDECAR_SUFFIX = "%m";
    static final String TEMP_PREFIX = "%tmp-";
    /** 255 bytes minus the longest suffix; temporaries have short names of their own. */
    static final int MAX_SEGMENT_LENGTH = 255 - 2;
    private static final int BUFFER_SIZE = 64 * 1024;
    /** How often get() re-reads a sidecar that does not (yet) belong to the body: an overwrite in progress. */
    private static final int CONSISTENT_READ_ATTEMPTS = 12;
    private static final int REPAIR_ATTEMPTS = 6;
    private static final StorageKey PROBE_PREFIX = StorageKey.of(".modvault-probe");

    private final Path root;

    /**
     * @param root the directory holding the store; created (with parents) if missing
     * @throws StorageException if the root cannot be created
     */
    public DiskArtifactStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new StorageException("cannot create disk store root " + this.root + ": " + reason(e), e);
        }
    }

    /** The store's root directory (absolute, normalized). */
    public Path root() {
        return root;
    }

    @Override
    public String type() {
        return "disk";
    }

    // ------------------------------------------------------------------------------------------------- get

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        Objects.requireNonNull(key, "key");
        try {
            for (int round = 0; round < 2; round++) {
                Lookup lookup = lookup(key);
                if (lookup.object() != null) {
                    return Optional.of(lookup.object());
                }
                if (lookup.suspect() == null) {
                    if (lookup.bodyFound()) {
                        log.warn("key {} has a body without a matching sidecar; treating it as absent", key);
                    }
                    return Optional.empty();
                }
                switch (verify(lookup.suspect())) {
                    case MATCHES -> {
                        repair(lookup.suspect());
                        return Optional.of(lookup.suspect());
                    }
                    case DIFFERS -> {
                        log.warn("key {} has a sidecar written for another body (writers of different bodies raced);"
                                + " treating it as absent", key);
                        return Optional.empty();
                    }
                    case CHANGED -> {
                        // overwritten while we hashed it: look again
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("cannot read key " + key + ": " + reason(e), e);
        }
    }

    /**
     * The outcome of reading body attributes, sidecar and body attributes again until they agree.
     *
     * @param object    the object, when sidecar and body agree
     * @param suspect   otherwise, a body with a sidecar of the same size but written for another file
     * @param bodyFound whether there was a body at all
     */
    private record Lookup(DiskObject object, DiskObject suspect, boolean bodyFound) {
    }

    private Lookup lookup(StorageKey key) throws IOException {
        Path body = bodyPath(key);
        Path sidecarPath = sidecarPath(key);
        DiskObject suspect = null;
        for (int attempt = 0; attempt < CONSISTENT_READ_ATTEMPTS; attempt++) {
            if (attempt > 0 && !pause(attempt)) {
                break;
            }
            BasicFileAttributes before = attributes(body);
            if (before == null) {
                return new Lookup(null, null, false); // bodies are replaced, never missing, while overwritten
            }
            Sidecar sidecar = Sidecar.read(sidecarPath);
            BasicFileAttributes after = attributes(body);
            if (after == null) {
                return new Lookup(null, null, false);
            }
            if (sidecar == null || !sameFile(before, after) || sidecar.size() != after.size()) {
                suspect = null;
                continue; // a put or delete in progress, or a body left without (its) sidecar
            }
            DiskObject object = new DiskObject(key, body, sidecar, after);
            if (sidecar.describes(identity(after))) {
                return new Lookup(object, null, true);
            }
            suspect = object; // an overwrite in progress (new sidecar, old body), or left so by racing writers
        }
        return new Lookup(null, suspect, true);
    }

    private enum Verification { MATCHES, DIFFERS, CHANGED }

    /** Hashes a suspect body: does it match the sidecar in place after all (racing writers of identical bodies)? */
    private static Verification verify(DiskObject suspect) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = Files.newInputStream(suspect.file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (NoSuchFileException e) {
            return Verification.CHANGED;
        }
        BasicFileAttributes now = attributes(suspect.file);
        if (now == null || !sameFile(suspect.lookedUp, now)) {
            return Verification.CHANGED;
        }
        return HexFormat.of().formatHex(digest.digest()).equals(suspect.metadata.sha256())
                ? Verification.MATCHES
                : Verification.DIFFERS;
    }

    /**
     * Rewrites the sidecar of a verified suspect with the body's identity, so later lookups agree at once. Best
     * effort: a read-only store, or a put that got there first, leaves things as they are.
     */
    private void repair(DiskObject verified) {
        Path sidecarTarget = sidecarPath(verified.key);
        Path temp = null;
        try {
            temp = writeTemp(sidecarTarget.getParent(), verified.sidecar.forBody(identity(verified.lookedUp)));
            BasicFileAttributes now = attributes(verified.file);
            if (now != null && sameFile(verified.lookedUp, now)) {
                move(temp, sidecarTarget);
            }
        } catch (IOException e) {
            log.debug("cannot repair the sidecar of key {}: {}", verified.key, e.toString());
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Waits a little before the next consistent-read attempt. @return false if interrupted */
    private static boolean pause(int attempt) {
        if (attempt < 3) {
            Thread.yield();
            return true;
        }
        try {
            Thread.sleep(1);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------- put

    @Override
    public void put(StorageKey key, InputStream body, ObjectMetadata metadata) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(metadata, "metadata");
        checkSegmentLengths(key);
        Path target = bodyPath(key);
        Path sidecarTarget = sidecarPath(key);
        Path dir = target.getParent();
        Path bodyTemp = null;
        Path sidecarTemp = null;
        try {
            Files.createDirectories(dir);
            bodyTemp = newTempPath(dir);
            try (FileChannel channel = FileChannel.open(bodyTemp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                copyVerified(key, body, metadata, Channels.newOutputStream(channel));
                Files.setLastModifiedTime(bodyTemp, uniqueModificationTime()); // part of the body's identity
                channel.force(true);
            }
            String bodyId = identity(Files.readAttributes(bodyTemp, BasicFileAttributes.class));
            Sidecar sidecar = Sidecar.of(metadata, bodyId);
            sidecarTemp = writeTemp(dir, sidecar);
            move(sidecarTemp, sidecarTarget);
            move(bodyTemp, target);
            fsyncDirectory(dir);
            if (bodyId != null) {
                repairSidecar(target, sidecarTarget, sidecar, bodyId);
            }
        } catch (IOException e) {
            throw new StorageException("cannot store key " + key + ": " + reason(e), e);
        } finally {
            deleteQuietly(bodyTemp);
            deleteQuietly(sidecarTemp);
        }
    }

    /** Copies the body, stopping as soon as it exceeds the declared size, and checks its size and SHA-256. */
    private static void copyVerified(StorageKey key, InputStream body, ObjectMetadata metadata, OutputStream out)
            throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER_SIZE];
        long count = 0;
        while (true) {
            int n;
            try {
                n = body.read(buffer);
            } catch (IOException e) {
                throw new StorageException("cannot store key " + key + ": reading the body failed after " + count
                        + " bytes: " + e, e);
            }
            if (n < 0) {
                break;
            }
            count += n;
            if (count > metadata.size()) {
                throw new StorageException("cannot store key " + key + ": the body is longer than the declared "
                        + metadata.size() + " bytes");
            }
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        if (count != metadata.size()) {
            throw new StorageException("cannot store key " + key + ": the body has " + count
                    + " bytes, the metadata declares " + metadata.size());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(metadata.sha256())) {
            throw new StorageException("cannot store key " + key + ": the body's SHA-256 is " + actual
                    + ", the metadata declares " + metadata.sha256());
        }
    }

    /**
     * After our body went into place, makes sure the sidecar in place describes the body in place: another writer
     * may have renamed its sidecar between ours and our body, or (acting on a check made just before our body
     * rename) just after our own check. Every sidecar seen is remembered by the body it describes, so a writer whose
     * repair clobbered the sidecar of a newer body puts that sidecar back. This settles any race of two writers;
     * with three or more a sidecar nobody read can be lost (see the class comment).
     */
    private void repairSidecar(Path target, Path sidecarTarget, Sidecar ours, String bodyId) throws IOException {
        Map<String, Sidecar> known = new HashMap<>();
        known.put(bodyId, ours);
        for (int i = 0; i < REPAIR_ATTEMPTS; i++) {
            BasicFileAttributes attributes = attributes(target);
            String current = attributes == null ? null : identity(attributes);
            if (current == null) {
                return; // deleted: nothing to describe
            }
            Sidecar inPlace = Sidecar.read(sidecarTarget);
            if (inPlace != null && inPlace.bodyId() != null) {
                known.putIfAbsent(inPlace.bodyId(), inPlace);
            }
            if (inPlace != null && inPlace.describes(current)) {
                return;
            }
            Sidecar right = known.get(current);
            if (right == null) {
                return; // a newer writer's body whose sidecar we never saw: that writer repairs it
            }
            Path temp = writeTemp(target.getParent(), right);
            try {
                move(temp, sidecarTarget);
            } finally {
                deleteQuietly(temp);
            }
        }
    }

    private static Path writeTemp(Path dir, Sidecar sidecar) throws IOException {
        Path temp = newTempPath(dir);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(sidecar.encode());
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        return temp;
    }

    private static Path newTempPath(Path dir) {
        return dir.resolve(TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system does not support atomic renames", e);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every OS can open or sync a directory (Windows); the renames are still atomic.
        }
    }

    private static void checkSegmentLengths(StorageKey key) {
        for (String segment : key.value().split("/")) {
            if (segment.length() > MAX_SEGMENT_LENGTH) {
                throw new StorageException("cannot store key " + key + ": the disk store limits a key segment to "
                        + MAX_SEGMENT_LENGTH + " characters");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ list

    @Override
    public List<StorageKey> list(StorageKey prefix) {
        Objects.requireNonNull(prefix, "prefix");
        Path dir = resolveUnderRoot(prefix.value());
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new StorageException("cannot list prefix " + prefix + ": " + reason(e), e);
        }
        List<StorageKey> keys = new ArrayList<>();
        for (String name : names) {
            if (!name.endsWith(BODY_SUFFIX)) {
                continue;
            }
            String segment = name.substring(0, name.length() - BODY_SUFFIX.length());
            if (segment.indexOf('%') >= 0 || !names.contains(segment + SIDECAR_SUFFIX)) {
                continue; // not one of ours, or a body without metadata (treated as absent, like get() does)
            }
            try {
                keys.add(prefix.resolve(segment));
            } catch (IllegalArgumentException notAKey) {
                // a stray file an operator put there
            }
        }
        return keys;
    }

    // ---------------------------------------------------------------------------------------------- delete

    @Override
    public boolean delete(StorageKey key) {
        Objects.requireNonNull(key, "key");
        try {
            boolean existed = Files.deleteIfExists(bodyPath(key));
            Files.deleteIfExists(sidecarPath(key));
            return existed;
        } catch (IOException e) {
            throw new StorageException("cannot delete key " + key + ": " + reason(e), e);
        }
    }

    // -------------------------------------------------------------------------------------------- writable

    @Override
    public void checkWritable() {
        StorageKey probe = PROBE_PREFIX.resolve(UUID.randomUUID().toString());
        byte[] bytes = "modvault write probe\n".getBytes(StandardCharsets.US_ASCII);
        ObjectMetadata metadata = new ObjectMetadata(bytes.length,
                HexFormat.of().formatHex(sha256().digest(bytes)), "text/plain");
        try {
            if (!Files.isDirectory(root)) {
                throw new StorageException("disk store root " + root + " is not a directory");
            }
            put(probe, new ByteArrayInputStream(bytes), metadata);
            if (get(probe).isEmpty()) {
                throw new StorageException("disk store root " + root + " did not return a probe object just written");
            }
            delete(probe);
        } catch (StorageException e) {
            if (e.getMessage().contains(root.toString())) {
                throw e;
            }
            throw new StorageException("disk store root " + root + " is not writable: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------- internals

    /** The body file of a key; package-private for tests. */
    Path bodyPath(StorageKey key) {
        return resolveUnderRoot(key.value() + BODY_SUFFIX);
    }

    Path sidecarPath(StorageKey key) {
        return resolveUnderRoot(key.value() + SIDECAR_SUFFIX);
    }

    /** Resolves a relative '/'-separated path, asserting (beyond StorageKey's validation) it stays under root. */
    Path resolveUnderRoot(String relative) {
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new StorageException("key resolves outside the store: " + relative);
        }
        return path;
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * What tells one body file from another: its file key (inode) and modification time, which a put sets to a
     * random instant within the current millisecond, because a file system reuses the inode numbers of replaced
     * bodies at once. Null where the file system has no file keys.
     */
    static String identity(BasicFileAttributes attributes) {
        Object fileKey = attributes.fileKey();
        return fileKey == null ? null : fileKey + "@" + attributes.lastModifiedTime().toInstant();
    }

    private static FileTime uniqueModificationTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return FileTime.from(now.plusNanos(ThreadLocalRandom.current().nextInt(1_000_000)));
    }

    /** Whether two attribute snapshots are of the same, unchanged file. */
    static boolean sameFile(BasicFileAttributes a, BasicFileAttributes b) {
        return Objects.equals(a.fileKey(), b.fileKey()) && a.size() == b.size()
                && a.lastModifiedTime().equals(b.lastModifiedTime());
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.warn("cannot delete temporary file {}: {}", path.getFileName(), e.toString());
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The reason of an I/O failure, without the absolute paths file system exceptions put in their messages. */
    private String reason(IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null
                ? fse.getReason()
                : Objects.toString(e.getMessage(), "");
        reason = reason.replace(root.toString(), "<root>");
        return e.getClass().getSimpleName() + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    // ------------------------------------------------------------------------------------------ the handle

    private static final class DiskObject implements StoredObject {

        private final StorageKey key;
        private final Path file;
        private final Sidecar sidecar;
        private final ObjectMetadata metadata;
        private final BasicFileAttributes lookedUp;

        DiskObject(StorageKey key, Path file, Sidecar sidecar, BasicFileAttributes lookedUp) {
            this.key = key;
            this.file = file;
            this.sidecar = sidecar;
            this.metadata = sidecar.toMetadata(lookedUp.size());
            this.lookedUp = lookedUp;
        }

        @Override
        public StorageKey key() {
            return key;
        }

        @Override
        public ObjectMetadata metadata() {
            return metadata;
        }

        @Override
        public InputStream open() throws IOException {
            checkUnchanged();
            InputStream in = Files.newInputStream(file);
            try {
                // Checked again after opening: if the file under the key was the looked-up one both before and
                // after the open, the open got that file.
                checkUnchanged();
            } catch (IOException e) {
                in.close();
                throw e;
            }
            return new VerifyingInputStream(in, () -> { }, key, metadata); // a file needs no abort: close suffices
        }

        private void checkUnchanged() throws IOException {
            BasicFileAttributes now;
            try {
                now = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                throw new IOException("object " + key + " was deleted since it was looked up");
            }
            if (!sameFile(lookedUp, now)) {
                throw new IOException("object " + key + " was replaced since it was looked up");
            }
        }

        @Override
        public Optional<Path> localFile() {
            return Optional.of(file);
        }

        @Override
        public String toString() {
            return "DiskObject[" + key + ", " + metadata.size() + " bytes]";
        }
    }
}
