package dev.modvault.core.verify;

import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.error.ChecksumMismatchException;
import dev.modvault.core.error.StorageFailureException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import dev.modvault.storage.support.FileIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-serve check: a decorator over the artifact store that re-hashes a stored {@code .info}, {@code .mod} or
 * {@code .zip} with SHA-256 before {@link #get} hands it out, and refuses it ({@link ChecksumMismatchException},
 * HTTP 502 "checksum mismatch") when the bytes no longer match the SHA-256 recorded when it was stored. So an
 * artifact altered in storage is never served, not even its first bytes (the disk backend alone only notices at the
 * end of the stream, after the client has most of the body).
 *
 * <p>Each artifact version is hashed once per replica: a successful check is remembered by key together with what
 * identifies that exact stored body, {@code (size, stored SHA-256, file identity)}, the file identity being inode,
 * modification time and change time ({@code ctime}, which no user-space tool can set back) when the backend has a
 * local file. Any write to the file, even one that restores the modification time, gives it a new identity and so a
 * new check. Bit rot changes no metadata: it is found by the scrub ({@link Scrubber}), which then {@link #forget}s the
 * key, and by the disk backend's end-of-stream check. Backends without local files are remembered by key, size and
 * SHA-256 only.
 *
 * <p>A checked artifact is returned as a {@link VerifiedObject}, which lets the serving layer send its local file
 * without copying (sendfile) for as long as the file keeps the identity that was checked.
 *
 * <p>Everything else (mutable lists, tiles, other keys; put, list, delete) passes straight through. Thread-safe.
 */
public final class VerifyingArtifactStore implements ArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(VerifyingArtifactStore.class);
    private static final int BUFFER = 64 * 1024;
    private static final int MEMO_ENTRIES = 200_000;

    private final ArtifactStore delegate;
    private final SecurityAudit audit;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong damaged = new AtomicLong();
    private final Map<StorageKey, String> verified = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StorageKey, String> eldest) {
            return size() > MEMO_ENTRIES;
        }
    };

    /** @param audit where each damaged artifact found is recorded as a SECURITY event */
    public VerifyingArtifactStore(ArtifactStore delegate, AuditSink audit, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.audit = new SecurityAudit(audit, clock);
    }

    /** The store underneath, for work that must see damaged objects (the scrub). */
    public ArtifactStore delegate() {
        return delegate;
    }

    /** How many stored bodies were hashed before serving (memo misses). */
    public long checks() {
        return checks.get();
    }

    /** How many checks found a body that no longer matches its SHA-256. */
    public long damagedFound() {
        return damaged.get();
    }

    /** Forgets that a key was verified, so its next get hashes it again (after the scrub found it damaged). */
    public void forget(StorageKey key) {
        synchronized (verified) {
            verified.remove(key);
        }
    }

    /** Whether a key holds an immutable module artifact that the per-serve check covers. */
    public static boolean isChecked(StorageKey key) {
        String value = key.value();
        return value.contains("/@v/") && (value.endsWith(".zip") || value.endsWith(".mod") || value.endsWith(".info"));
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        Optional<StoredObject> found = delegate.get(key);
        if (found.isEmpty() || !isChecked(key)) {
            return found;
        }
        StoredObject object = found.get();
        String identity = identity(object);
        synchronized (verified) {
            if (identity.equals(verified.get(key))) {
                return Optional.of(new VerifiedObject(object, identity));
            }
        }
        checks.incrementAndGet();
        String actual = sha256(object);
        String expected = object.metadata().sha256();
        if (!actual.equals(expected)) {
            damaged.incrementAndGet();
            log.error("SECURITY: stored {} does not match its SHA-256 (is {}, stored as {}): refusing to serve it",
                    key, actual, expected);
            String[] mv = moduleAndVersion(key);
            audit.record(mv[0], mv[1], mv[2], "stored-artifact-damaged",
                    Map.of("key", key.value(), "sha256", actual, "expected", expected));
            throw new ChecksumMismatchException("checksum mismatch: the cached " + key + " is damaged in storage"
                    + " (SHA-256 " + actual + ", stored as " + expected + ") and is not served; an operator must purge"
                    + " it (DELETE /api/v1/catalog/versions) so that it is fetched and verified again");
        }
        // The file may have changed while we hashed it: remember the identity seen before hashing only if it holds.
        if (identity.equals(identity(object))) {
            synchronized (verified) {
                verified.put(key, identity);
            }
            return Optional.of(new VerifiedObject(object, identity));
        }
        return found;
    }

    /** Module, version and artifact named by an artifact key (nulls where it cannot be parsed). */
    static String[] moduleAndVersion(StorageKey key) {
        String value = key.value();
        int at = value.indexOf("/@v/");
        String name = value.substring(at + 4);
        int dot = name.lastIndexOf('.');
        try {
            return new String[] {ModulePath.fromEscaped(value.substring(0, at)).value(),
                    Version.fromEscaped(name.substring(0, dot)).value(), name.substring(dot + 1)};
        } catch (RuntimeException e) {
            return new String[] {null, null, name.substring(dot + 1)};
        }
    }

    /**
     * What identifies the stored body: size and stored SHA-256, plus inode, mtime and ctime of its local file. A
     * file that cannot be read yields a unique value, so nothing is remembered for it.
     */
    static String identity(StoredObject object) {
        ObjectMetadata m = object.metadata();
        String base = m.size() + ":" + m.sha256();
        Optional<Path> file = object.localFile();
        if (file.isEmpty()) {
            return base;
        }
        try {
            return base + ":" + FileIdentity.read(file.get());
        } catch (NoSuchFileException e) {
            return base + ":gone:" + System.nanoTime();
        } catch (IOException e) {
            return base + ":unreadable:" + System.nanoTime();
        }
    }

    private static String sha256(StoredObject object) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buffer = new byte[BUFFER];
        Optional<Path> file = object.localFile();
        // The raw file, not open(): the disk backend's own stream fails at the end on a mismatch, we want the hash.
        try (InputStream in = file.isPresent() ? Files.newInputStream(file.get()) : object.open()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            if (file.isEmpty() && e.getMessage() != null && e.getMessage().contains("SHA-256")) {
                return "(does not match)";
            }
            throw new StorageFailureException("cannot read " + object.key() + " to check it before serving,"
                    + " try again later", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // ---- pass-through ----

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public void put(StorageKey key, InputStream body, ObjectMetadata metadata) {
        delegate.put(key, body, metadata);
    }

    @Override
    public List<StorageKey> list(StorageKey prefix) {
        return delegate.list(prefix);
    }

    @Override
    public boolean delete(StorageKey key) {
        forget(key);
        return delegate.delete(key);
    }

    @Override
    public void checkWritable() {
        delegate.checkWritable();
    }

    @Override
    public Optional<URI> directDownloadUri(StorageKey key, Duration validity) {
        return delegate.directDownloadUri(key, validity);
    }

    @Override
    public String toString() {
        return "VerifyingArtifactStore[" + delegate + "]";
    }
}
