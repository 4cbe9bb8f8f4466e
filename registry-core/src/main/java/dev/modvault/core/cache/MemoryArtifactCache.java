package dev.modvault.core.cache;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import dev.modvault.storage.support.FileIdentity;
import dev.modvault.storage.support.HeldBytesInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps the bodies of small stored objects ({@code .info}, {@code .mod}, {@code list}, {@code @latest}, small zips)
 * in memory, in front of another {@link ArtifactStore}, so that a cache hit reads no file and hashes nothing.
 *
 * <p><b>Never staler than the store.</b> Every hit is revalidated against the store before it is served: for a
 * backend with local files by one {@code stat} of the body (inode, device, ctime, mtime and size must be those seen
 * when the body was read); for other backends by the backend's metadata (a {@code get} without the body: size and
 * SHA-256 must match). So a purged artifact is gone at once, an overwritten {@code list} or {@code @latest} answer
 * (refreshed by this or another replica) is read again, and an artifact changed in storage goes back through the
 * store underneath, whose per-serve check refuses it. The freshness of mutable answers ({@code list-ttl},
 * {@code max-stale}) stays the caching proxy's decision, taken on the stored metadata, which this cache returns
 * unchanged.
 *
 * <p><b>Only checked bytes.</b> A body is loaded through the store's own {@link StoredObject#open()}, whose stream
 * fails unless the bytes hash to the metadata's SHA-256 (the disk backend), after the per-serve check of the store
 * underneath; it is kept only if the file's identity did not change while it was read.
 *
 * <p><b>Bounded.</b> At most {@code maxBytes} of bodies (plus a small per-entry allowance), least recently used
 * first out; objects larger than {@code maxObjectBytes} are never held (they are sent from the store, zero-copy when
 * possible). {@code maxBytes = 0} turns the cache off. Thread-safe; one short lock per lookup.
 */
public final class MemoryArtifactCache implements ArtifactStore {

    /** Accounted per entry on top of the body: key, metadata, map entry. */
    public static final int ENTRY_OVERHEAD = 256;

    private final ArtifactStore delegate;
    private final long maxBytes;
    private final long maxObjectBytes;
    private final LinkedHashMap<StorageKey, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /**
     * @param maxBytes       bodies held at most, in bytes; 0 turns the cache off
     * @param maxObjectBytes the largest body held
     */
    public MemoryArtifactCache(ArtifactStore delegate, long maxBytes, long maxObjectBytes) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maxBytes < 0 || maxObjectBytes < 0) {
            throw new IllegalArgumentException("cache sizes must not be negative");
        }
        this.maxBytes = maxBytes;
        this.maxObjectBytes = Math.min(maxObjectBytes, Math.max(0, maxBytes - ENTRY_OVERHEAD));
    }

    private record Entry(MemoryObject object, Path file, Map<String, Object> identity) {
        long weight() {
            return object.body.length + (long) object.key().value().length() * 2 + ENTRY_OVERHEAD;
        }
    }

    // ---- statistics --------------------------------------------------------------------------------------------

    /** Gets answered from memory. */
    public long hits() {
        return hits.sum();
    }

    /** Gets that went to the store underneath (absent, too large, changed, or not yet held). */
    public long misses() {
        return misses.sum();
    }

    /** Entries dropped to stay within the byte bound. */
    public long evictions() {
        return evictions.sum();
    }

    /** Bytes held, as accounted (bodies plus the per-entry allowance). */
    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }

    public long maxBytes() {
        return maxBytes;
    }

    // ---- get ---------------------------------------------------------------------------------------------------

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        if (maxBytes == 0) {
            return delegate.get(key);
        }
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
        }
        if (entry != null) {
            if (entry.file != null) {
                if (entry.identity.equals(identity(entry.file))) {
                    hits.increment();
                    return Optional.of(entry.object);
                }
            } else {
                Optional<StoredObject> current = delegate.get(key);
                if (current.isPresent() && sameBody(current.get().metadata(), entry.object.metadata)) {
                    hits.increment();
                    return Optional.of(entry.object);
                }
                remove(key, entry);
                misses.increment();
                return current.flatMap(object -> load(key, object));
            }
            remove(key, entry);
        }
        misses.increment();
        return delegate.get(key).flatMap(object -> load(key, object));
    }

    /** Reads a small object's body into memory and keeps it if its file stayed the same; else hands it on as is. */
    private Optional<StoredObject> load(StorageKey key, StoredObject object) {
        long size = object.metadata().size();
        if (size > maxObjectBytes) {
            return Optional.of(object);
        }
        Path file = object.localFile().orElse(null);
        Map<String, Object> before = file == null ? null : identity(file);
        if (file != null && before == null) {
            return Optional.of(object);
        }
        byte[] body;
        try (InputStream in = object.open()) {
            body = in.readNBytes((int) size);
            if (body.length != size || in.read() >= 0) {
                return Optional.of(object);
            }
        } catch (IOException e) {
            // changed, vanished or corrupt: leave it to the caller, whose own open() fails the same way
            return Optional.of(object);
        }
        if (file != null && !before.equals(identity(file))) {
            return Optional.of(object);
        }
        Entry entry = new Entry(new MemoryObject(key, object.metadata(), body), file, before);
        insert(key, entry);
        return Optional.of(entry.object);
    }

    private synchronized void insert(StorageKey key, Entry entry) {
        Entry old = entries.put(key, entry);
        if (old != null) {
            bytes -= old.weight();
        }
        bytes += entry.weight();
        Iterator<Entry> eldest = entries.values().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Entry victim = eldest.next();
            eldest.remove();
            bytes -= victim.weight();
            evictions.increment();
        }
    }

    private synchronized void remove(StorageKey key, Entry expected) {
        if (entries.get(key) == expected) {
            entries.remove(key);
            bytes -= expected.weight();
        }
    }

    private synchronized void invalidate(StorageKey key) {
        Entry old = entries.remove(key);
        if (old != null) {
            bytes -= old.weight();
        }
    }

    private static boolean sameBody(ObjectMetadata a, ObjectMetadata b) {
        return a.size() == b.size() && a.sha256().equals(b.sha256());
    }

    /** The file's {@link FileIdentity}; null if it cannot be read (gone). */
    static Map<String, Object> identity(Path file) {
        try {
            return FileIdentity.read(file);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- writes and pass-through -------------------------------------------------------------------------------

    @Override
    public void put(StorageKey key, InputStream body, ObjectMetadata metadata) {
        try {
            delegate.put(key, body, metadata);
        } finally {
            invalidate(key);
        }
    }

    @Override
    public boolean delete(StorageKey key) {
        try {
            return delegate.delete(key);
        } finally {
            invalidate(key);
        }
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public List<StorageKey> list(StorageKey prefix) {
        return delegate.list(prefix);
    }

    @Override
    public void checkWritable() throws StorageException {
        delegate.checkWritable();
    }

    @Override
    public Optional<URI> directDownloadUri(StorageKey key, Duration validity) {
        return delegate.directDownloadUri(key, validity);
    }

    @Override
    public String toString() {
        return "MemoryArtifactCache[" + maxBytes + " bytes, " + delegate + "]";
    }

    /** A body held in memory with the metadata it was stored with. */
    static final class MemoryObject implements StoredObject {

        private final StorageKey key;
        private final ObjectMetadata metadata;
        private final byte[] body;

        MemoryObject(StorageKey key, ObjectMetadata metadata, byte[] body) {
            this.key = key;
            this.metadata = metadata;
            this.body = body;
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
        public InputStream open() {
            return new HeldBytesInputStream(body);
        }

        @Override
        public String toString() {
            return "MemoryObject[" + key + ", " + body.length + " bytes]";
        }
    }
}
