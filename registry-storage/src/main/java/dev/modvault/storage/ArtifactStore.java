package dev.modvault.storage;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of Modvault's artifacts: the storage SPI every backend (disk, S3, Azure Blob) implements.
 *
 * <p>The contract, in the words every implementation is tested against ({@code ArtifactStoreContract}):
 * <ul>
 *   <li><b>Thread safety.</b> Implementations MUST be safe for concurrent use by any number of threads and
 *       by several processes (replicas) sharing the same backing store.</li>
 *   <li><b>Atomic writes.</b> {@link #put} MUST make an object visible whole or not at all: a reader
 *       ({@link #get}) or a listing ({@link #list}) MUST NOT observe a partially written object, and a put that
 *       fails for any reason (short body, digest mismatch, I/O error, interruption) MUST leave no object and no
 *       visible temporary behind. Concurrent puts of the same key MUST all succeed or fail on their own; the
 *       stored object is then one of the written bodies, whole.</li>
 *   <li><b>Overwrite.</b> A put over an existing key replaces it atomically. Modvault only overwrites mutable
 *       entries (version lists); immutable artifacts are written once, and racing writers carry identical bytes.</li>
 *   <li><b>Not found</b> is never an exception: {@link #get} returns empty, {@link #delete} returns false,
 *       {@link #list} returns an empty list.</li>
 *   <li><b>Failures</b> of the backing store are reported as {@link StorageException}; SDK exceptions do not
 *       cross this interface.</li>
 *   <li><b>Nulls.</b> No argument may be null; no method returns null.</li>
 *   <li><b>Streaming.</b> Bodies travel as streams; an implementation MUST NOT hold a whole body in memory.</li>
 * </ul>
 */
public interface ArtifactStore {

    /** A short, low-cardinality name of the backend ("disk", "s3", "azure") for logs and metrics. */
    String type();

    /**
     * Looks an object up. The returned handle's metadata is that of the object at the time of the call; opening
     * it afterwards MUST yield exactly those bytes or fail (never a different or partial body).
     *
     * @return the object, or empty if no complete object is stored under the key
     */
    Optional<StoredObject> get(StorageKey key);

    /**
     * Stores a body under a key, atomically.
     *
     * @param body     the bytes; read to its end, never closed by the implementation
     * @param metadata its size MUST equal the number of bytes in {@code body}, and its sha256 (hex) MUST match
     *                 them: otherwise the put MUST fail with {@link StorageException} and store nothing
     */
    void put(StorageKey key, InputStream body, ObjectMetadata metadata);

    /**
     * Lists the objects stored directly under a folder-like prefix: the keys {@code prefix + "/" + name} where
     * {@code name} holds no '/'. The listing MUST be complete however many keys there are (backends paginate),
     * MUST NOT include keys of a deeper level or of a sibling prefix ({@code a/b} does not list {@code a/b-other}
     * nor {@code a/b/v2/x}), and MUST NOT include objects whose put has not completed.
     *
     * @return the keys in no particular order
     */
    List<StorageKey> list(StorageKey prefix);

    /** Deletes an object. @return whether an object was there */
    boolean delete(StorageKey key);

    /**
     * Checks that the backing store is reachable and writable, for start-up and readiness.
     *
     * @throws StorageException with a message that names what is wrong (missing bucket, denied write, ...)
     */
    void checkWritable();

    /**
     * Optional capability: a short-lived URL a client may download the object from directly (presigned S3 URL,
     * Azure SAS URL). Backends that cannot do this return empty, which is also the default.
     */
    default Optional<URI> directDownloadUri(StorageKey key, Duration validity) {
        return Optional.empty();
    }
}
