package dev.modvault.storage.s3;

import dev.modvault.storage.support.CheckedBody;
import dev.modvault.storage.support.VerifyingInputStream;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * An {@link ArtifactStore} in an Amazon S3 bucket (or an S3-compatible store: MinIO, Ceph), over the synchronous
 * AWS SDK v2 client; Modvault runs every request on its own virtual thread.
 *
 * <h2>Layout</h2>
 * The key {@code a/b/c} is the object {@code <prefix>/a/b/c}. Its SHA-256, content type and attributes are user
 * metadata ({@link UserMetadata}), so they are written and replaced atomically with the body; the size is the
 * object's Content-Length. Objects without Modvault's metadata (put there by someone else) read as absent.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Atomic puts</b> in bounded memory: see {@link S3Writer}. Concurrent puts of one key each complete on their
 *       own; S3 keeps the last one completed, whole, with its own metadata.</li>
 *   <li><b>Reads</b>: {@link #get} is a HeadObject (404: absent); {@link StoredObject#open()} is a GetObject with
 *       {@code If-Match} on the ETag seen by {@link #get}, so an object replaced since fails with "replaced" instead
 *       of yielding other bytes, and the stream checks length and SHA-256 as it goes.</li>
 *   <li><b>Listings</b> are ListObjectsV2 with delimiter '/', followed through every continuation token; S3 lists
 *       only completed objects, and is strongly consistent for puts, overwrites, deletes and listings.</li>
 *   <li><b>Errors</b> of the SDK become {@link StorageException}s in {@link S3Errors}; nothing of the SDK crosses
 *       the SPI.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>{@link #delete} returns whether an object was there by a HeadObject before the DeleteObject (S3 does not
 *       tell): a racing delete of the same key may make both report true.</li>
 *   <li>{@link #get} of a key in a bucket that no longer exists reads as absent (a HEAD answer has no error code);
 *       puts and {@link #checkWritable} report the missing bucket.</li>
 *   <li>Attributes and content type share S3's 2 KB of user metadata per object.</li>
 * </ul>
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3ArtifactStore.class);
    private static final StorageKey PROBE_PREFIX = StorageKey.of(".modvault-probe");

    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Writer writer;

    /** A store over clients built by the caller (tests add interceptors); {@link #close()} closes them. */
    public S3ArtifactStore(S3Settings settings, S3Client s3, S3Presigner presigner) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.writer = new S3Writer(s3, settings);
    }

    /** A store with clients built from the settings. */
    public static S3ArtifactStore create(S3Settings settings) {
        return new S3ArtifactStore(settings, S3Clients.client(settings), S3Clients.presigner(settings));
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        Objects.requireNonNull(key, "key");
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(settings.bucket()).key(settings.objectKey(key.value())));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Errors.classify("cannot read key " + key, settings, e);
        }
        long size = head.contentLength() == null ? 0 : head.contentLength();
        Optional<ObjectMetadata> metadata = UserMetadata.decode(size, head.metadata(), head.contentType());
        if (metadata.isEmpty()) {
            log.warn("object {} in {} has no Modvault metadata; treating it as absent", key, settings.describe());
            return Optional.empty();
        }
        return Optional.of(new S3StoredObject(key, metadata.get(), head.eTag()));
    }

    @Override
    public void put(StorageKey key, InputStream body, ObjectMetadata metadata) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(metadata, "metadata");
        writer.put(key, body, metadata);
    }

    @Override
    public List<StorageKey> list(StorageKey prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String folder = settings.objectKey(prefix.value()) + "/";
        List<StorageKey> keys = new ArrayList<>();
        String token = null;
        try {
            do {
                String continuation = token;
                ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(settings.bucket()).prefix(folder)
                        .delimiter("/").continuationToken(continuation));
                for (S3Object object : page.contents()) {
                    String name = object.key().substring(folder.length());
                    if (name.isEmpty() || name.indexOf('/') >= 0) {
                        continue;
                    }
                    try {
                        keys.add(prefix.resolve(name));
                    } catch (IllegalArgumentException notAKey) {
                        // an object someone else put there, under a name no key can have
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw S3Errors.classify("cannot list prefix " + prefix, settings, e);
        }
        return keys;
    }

    @Override
    public boolean delete(StorageKey key) {
        Objects.requireNonNull(key, "key");
        String objectKey = settings.objectKey(key.value());
        try {
            try {
                s3.headObject(b -> b.bucket(settings.bucket()).key(objectKey));
            } catch (SdkException e) {
                if (S3Errors.isNotFound(e)) {
                    return false;
                }
                throw e;
            }
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(objectKey));
            return true;
        } catch (SdkException e) {
            throw S3Errors.classify("cannot delete key " + key, settings, e);
        }
    }

    /** Puts, reads back and deletes a small probe object under {@code .modvault-probe/}. */
    @Override
    public void checkWritable() {
        StorageKey probe = PROBE_PREFIX.resolve(UUID.randomUUID().toString());
        byte[] bytes = "modvault write probe\n".getBytes(StandardCharsets.US_ASCII);
        ObjectMetadata metadata = new ObjectMetadata(bytes.length,
                HexFormat.of().formatHex(CheckedBody.sha256().digest(bytes)), "text/plain");
        try {
            writer.put(probe, new ByteArrayInputStream(bytes), metadata);
            if (get(probe).isEmpty()) {
                throw new StorageException("a probe object just written could not be read back");
            }
            delete(probe);
        } catch (StorageException e) {
            String reason = e.getCause() instanceof SdkException sdk ? S3Errors.reason(settings, sdk) : e.getMessage();
            throw new StorageException("S3 store " + settings.describe() + " is not writable: " + reason, e);
        }
    }

    /**
     * A presigned GET URL of the object, valid for {@code validity} but at most the configured
     * {@link S3Settings#redirectValidity()}; empty unless redirect mode is on. Presigning is local (no request):
     * the URL works only while the signing credentials are valid and the object exists.
     */
    @Override
    public Optional<URI> directDownloadUri(StorageKey key, Duration validity) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(validity, "validity");
        if (!settings.redirect() || validity.isNegative() || validity.isZero()) {
            return Optional.empty();
        }
        Duration signed = validity.compareTo(settings.redirectValidity()) < 0 ? validity : settings.redirectValidity();
        try {
            URI uri = presigner.presignGetObject(p -> p.signatureDuration(signed)
                    .getObjectRequest(g -> g.bucket(settings.bucket()).key(settings.objectKey(key.value()))))
                    .url().toURI();
            return Optional.of(uri);
        } catch (SdkException e) {
            throw S3Errors.classify("cannot presign key " + key, settings, e);
        } catch (URISyntaxException e) {
            throw new StorageException("cannot presign key " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
        presigner.close();
    }

    @Override
    public String toString() {
        return "S3ArtifactStore[" + settings.describe() + "]";
    }

    /** A handle on the object as {@link #get} saw it: its metadata and ETag. */
    private final class S3StoredObject implements StoredObject {

        private final StorageKey key;
        private final ObjectMetadata metadata;
        private final String eTag;

        S3StoredObject(StorageKey key, ObjectMetadata metadata, String eTag) {
            this.key = key;
            this.metadata = metadata;
            this.eTag = eTag;
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
            ResponseInputStream<GetObjectResponse> in;
            try {
                in = s3.getObject(b -> b.bucket(settings.bucket()).key(settings.objectKey(key.value()))
                        .ifMatch(eTag));
            } catch (SdkException e) {
                if (S3Errors.isPreconditionFailed(e)) {
                    throw new IOException("object " + key + " was replaced since it was looked up", e);
                }
                if (S3Errors.isNotFound(e)) {
                    throw new IOException("object " + key + " was deleted since it was looked up", e);
                }
                throw new IOException("cannot read key " + key + ": " + S3Errors.reason(settings, e), e);
            }
            Long length = in.response().contentLength();
            if (length != null && length != metadata.size()) {
                in.abort();
                throw new IOException("object " + key + " has " + length + " bytes, its metadata says "
                        + metadata.size());
            }
            return new VerifyingInputStream(in, in::abort, key, metadata);
        }

        @Override
        public String toString() {
            return "S3Object[" + key + ", " + metadata.size() + " bytes]";
        }
    }
}
