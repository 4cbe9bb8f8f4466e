package dev.modvault.storage.azure;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceAsyncClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobDownloadAsyncResponse;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;

/**
 * An {@link ArtifactStore} in an Azure Blob Storage container, over the synchronous azure-storage-blob client;
 * Modvault runs every request on its own virtual thread.
 *
 * <h2>Layout</h2>
 * The key {@code a/b/c} is the block blob {@code <prefix>/a/b/c}. Its SHA-256, content type and attributes are blob
 * metadata ({@link BlobMetadata}), committed atomically with the blob; the size is the blob's length. Blobs without
 * Modvault's metadata (put there by someone else) read as absent.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Atomic puts</b> in bounded memory, see {@link AzureWriter}: one Put Blob, or staged blocks committed only
 *       after size and SHA-256 were verified; uncommitted blocks are invisible.</li>
 *   <li><b>Reads</b>: {@link #get} reads the blob's properties (404: absent); {@link StoredObject#open()} is one
 *       streaming GET with {@code If-Match} on the ETag seen by {@link #get} (a broken connection is resumed once,
 *       with the same condition), so a blob replaced since fails instead of yielding other bytes; the stream holds
 *       a few network buffers at most and checks length and SHA-256 as it goes.</li>
 *   <li><b>Listings</b> use the hierarchy listing (delimiter '/') and follow every page's continuation token; they
 *       only show committed blobs. Azure Blob Storage is strongly consistent.</li>
 *   <li><b>Errors</b> of the SDK become {@link StorageException}s in {@link AzureErrors}.</li>
 * </ul>
 */
public final class AzureBlobArtifactStore implements ArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(AzureBlobArtifactStore.class);
    private static final StorageKey PROBE_PREFIX = StorageKey.of(".modvault-probe");
    /**
     * A download whose connection breaks is resumed once, from where it broke and with {@code If-Match} on the same
     * ETag (so a blob replaced meanwhile fails it); a store that is gone fails the read within seconds.
     */
    private static final DownloadRetryOptions DOWNLOAD_RETRIES = new DownloadRetryOptions().setMaxRetryRequests(1);
    /** Clock skew allowance: a SAS URL is valid from a little before it was signed. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final AzureSettings settings;
    private final BlobServiceClient service;
    private final BlobContainerClient container;
    private final BlobContainerAsyncClient asyncContainer;
    private final AzureWriter writer;
    private final SasSigner signer;
    /** Blobs per listing page; null: the service's default (5,000). Smaller in tests, to prove paging. */
    private Integer listPageSize;

    /** A store over service clients built by the caller: the synchronous one, and the asynchronous for downloads. */
    public AzureBlobArtifactStore(AzureSettings settings, BlobServiceClient service, BlobServiceAsyncClient async) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.service = Objects.requireNonNull(service, "service");
        this.container = service.getBlobContainerClient(settings.container());
        this.asyncContainer = Objects.requireNonNull(async, "async").getBlobContainerAsyncClient(settings.container());
        this.writer = new AzureWriter(settings);
        this.signer = new SasSigner(settings, service);
    }

    /** A store with a client built from the settings. */
    public static AzureBlobArtifactStore create(AzureSettings settings) {
        AzureClients.Clients clients = AzureClients.clients(settings);
        return new AzureBlobArtifactStore(settings, clients.sync(), clients.async());
    }

    public AzureSettings settings() {
        return settings;
    }

    /** Lists in pages of {@code size} blobs (tests). */
    AzureBlobArtifactStore withListPageSize(int size) {
        this.listPageSize = size;
        return this;
    }

    @Override
    public String type() {
        return "azure";
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        Objects.requireNonNull(key, "key");
        BlobProperties properties;
        try {
            properties = blob(key).getPropertiesWithResponse(null, null, Context.NONE).getValue();
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AzureErrors.classify("cannot read key " + key, settings, e);
        }
        Optional<ObjectMetadata> metadata = BlobMetadata.decode(properties.getBlobSize(), properties.getMetadata(),
                properties.getContentType());
        if (metadata.isEmpty()) {
            log.warn("blob {} in {} has no Modvault metadata; treating it as absent", key, settings.describe());
            return Optional.empty();
        }
        return Optional.of(new AzureStoredObject(key, metadata.get(), properties.getETag()));
    }

    @Override
    public void put(StorageKey key, InputStream body, ObjectMetadata metadata) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(metadata, "metadata");
        writer.put(blob(key).getBlockBlobClient(), key, new CheckedBody(key, body, metadata), metadata);
    }

    @Override
    public List<StorageKey> list(StorageKey prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String folder = settings.blobName(prefix.value()) + "/";
        List<StorageKey> keys = new ArrayList<>();
        try {
            Iterable<PagedResponse<BlobItem>> pages = container.listBlobsByHierarchy("/",
                    new ListBlobsOptions().setPrefix(folder).setMaxResultsPerPage(listPageSize), null).iterableByPage();
            for (PagedResponse<BlobItem> page : pages) {
                for (BlobItem item : page.getValue()) {
                    if (Boolean.TRUE.equals(item.isPrefix()) || !item.getName().startsWith(folder)) {
                        continue;
                    }
                    String name = item.getName().substring(folder.length());
                    try {
                        keys.add(prefix.resolve(name));
                    } catch (IllegalArgumentException notAKey) {
                        // a blob someone else put there, under a name no key can have
                    }
                }
            }
        } catch (RuntimeException e) {
            throw AzureErrors.classify("cannot list prefix " + prefix, settings, e);
        }
        return keys;
    }

    @Override
    public boolean delete(StorageKey key) {
        Objects.requireNonNull(key, "key");
        try {
            return blob(key).deleteIfExists();
        } catch (RuntimeException e) {
            throw AzureErrors.classify("cannot delete key " + key, settings, e);
        }
    }

    /** Puts, reads back and deletes a small probe blob under {@code .modvault-probe/}. */
    @Override
    public void checkWritable() {
        StorageKey probe = PROBE_PREFIX.resolve(UUID.randomUUID().toString());
        byte[] bytes = "modvault write probe\n".getBytes(StandardCharsets.US_ASCII);
        ObjectMetadata metadata = new ObjectMetadata(bytes.length,
                HexFormat.of().formatHex(CheckedBody.sha256().digest(bytes)), "text/plain");
        try {
            put(probe, new ByteArrayInputStream(bytes), metadata);
            if (get(probe).isEmpty()) {
                throw new StorageException("a probe blob just written could not be read back");
            }
            delete(probe);
        } catch (StorageException e) {
            String reason = e.getCause() instanceof RuntimeException sdk && !(sdk instanceof StorageException)
                    ? AzureErrors.reason(settings, sdk) : e.getMessage();
            throw new StorageException("Azure Blob store " + settings.describe() + " is not writable: " + reason, e);
        }
    }

    /**
     * A read-only SAS URL of the blob, valid for {@code validity} but at most the configured
     * {@link AzureSettings#redirectValidity()}; empty unless redirect mode is on. Signed with the account key, or
     * with a user delegation key under Entra ID credentials (fetched once and reused while it lasts).
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
            return Optional.of(signer.readUri(blob(key), signed));
        } catch (RuntimeException e) {
            throw AzureErrors.classify("cannot sign a download URL of key " + key, settings, e);
        }
    }

    @Override
    public String toString() {
        return "AzureBlobArtifactStore[" + settings.describe() + "]";
    }

    private BlobClient blob(StorageKey key) {
        return container.getBlobClient(settings.blobName(key.value()));
    }

    /** Signs read-only SAS URLs with the account key or a cached user delegation key. */
    private static final class SasSigner {

        private final AzureSettings settings;
        private final BlobServiceClient service;
        private UserDelegationKey delegationKey;

        SasSigner(AzureSettings settings, BlobServiceClient service) {
            this.settings = settings;
            this.service = service;
        }

        URI readUri(BlobClient blob, Duration validity) {
            OffsetDateTime now = OffsetDateTime.now();
            BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(now.plus(validity),
                    new BlobSasPermission().setReadPermission(true))
                    .setStartTime(now.minus(SKEW))
                    .setProtocol(blob.getBlobUrl().startsWith("https:") ? SasProtocol.HTTPS_ONLY
                            : SasProtocol.HTTPS_HTTP);
            String sas = settings.auth() instanceof AzureSettings.Auth.DefaultCredential
                    ? blob.generateUserDelegationSas(values, delegationKey(now.plus(validity)))
                    : blob.generateSas(values);
            return URI.create(blob.getBlobUrl() + "?" + sas);
        }

        /** A user delegation key valid at least until {@code until}: the cached one, or a new one valid for a day. */
        private synchronized UserDelegationKey delegationKey(OffsetDateTime until) {
            if (delegationKey == null || delegationKey.getSignedExpiry().isBefore(until)) {
                OffsetDateTime now = OffsetDateTime.now();
                Duration life = Duration.ofDays(1).compareTo(settings.redirectValidity()) > 0 ? Duration.ofDays(1)
                        : settings.redirectValidity();
                delegationKey = service.getUserDelegationKey(now.minus(SKEW), now.plus(life).plus(SKEW));
            }
            return delegationKey;
        }
    }

    /** A handle on the blob as {@link #get} saw it: its metadata and ETag. */
    private final class AzureStoredObject implements StoredObject {

        private final StorageKey key;
        private final ObjectMetadata metadata;
        private final String eTag;

        AzureStoredObject(StorageKey key, ObjectMetadata metadata, String eTag) {
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
            BlobDownloadAsyncResponse response;
            try {
                response = asyncContainer.getBlobAsyncClient(settings.blobName(key.value()))
                        .downloadStreamWithResponse(null, DOWNLOAD_RETRIES, new BlobRequestConditions().setIfMatch(eTag),
                                false)
                        .block();
            } catch (RuntimeException e) {
                if (AzureErrors.isPreconditionFailed(e)) {
                    throw new IOException("object " + key + " was " + (exists() ? "replaced" : "deleted")
                            + " since it was looked up", e);
                }
                if (AzureErrors.isNotFound(e)) {
                    throw new IOException("object " + key + " was deleted since it was looked up", e);
                }
                throw new IOException("cannot read key " + key + ": " + AzureErrors.reason(settings, e), e);
            }
            if (response == null) {
                throw new IOException("cannot read key " + key + ": no answer");
            }
            return new VerifyingInputStream(new FluxInputStream(response.getValue()), () -> { }, key, metadata);
        }

        /** Whether a blob is under the key now (to tell a replaced blob from a deleted one); false if unknown. */
        private boolean exists() {
            try {
                return blob(key).exists();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "AzureBlob[" + key + ", " + metadata.size() + " bytes]";
        }
    }
}
