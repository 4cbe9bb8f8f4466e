package dev.modvault.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.ArtifactStoreContract;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;

/**
 * The Azure Blob backend against Azurite on loopback: the whole {@link ArtifactStoreContract} (a fresh container per
 * test, 1 MiB blocks so staged uploads are exercised), and what is particular to Azure.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobArtifactStoreTest extends ArtifactStoreContract {

    private static final int BLOCK = AzureSettings.MIN_BLOCK_SIZE;

    static AzuriteServer azurite;
    String container;

    @BeforeAll
    static void azurite(AzuriteServer server) {
        azurite = server;
    }

    @Override
    protected ArtifactStore createStore() {
        container = azurite.createContainer();
        return AzureBlobArtifactStore.create(settings());
    }

    @Override
    protected void destroyStore(ArtifactStore store) {
        azurite.admin().deleteBlobContainer(container);
    }

    private AzureSettings settings() {
        return azurite.settings(container).withBlockSize(BLOCK);
    }

    private BlobContainerClient containerClient() {
        return azurite.admin().getBlobContainerClient(container);
    }

    // ------------------------------------------------------------------------------------ staged blocks

    @Test
    void bodiesOfOneAndSeveralBlocksRoundTripIncludingBlockBoundaries() throws IOException {
        for (int size : new int[] {BLOCK, BLOCK + 1, 3 * BLOCK, 3 * BLOCK + 7}) {
            StorageKey key = key("example.com/blocks/@v/v" + size + ".zip");
            byte[] body = randomBytes(size, size);

            store.put(key, new ByteArrayInputStream(body), metadata(body, "application/zip"));

            StoredObject object = store.get(key).orElseThrow();
            assertThat(object.metadata()).isEqualTo(metadata(body, "application/zip"));
            assertThat(readAll(object)).as("size %d", size).isEqualTo(body);
        }
        StorageKey staged = key("example.com/blocks/@v/v" + (3 * BLOCK + 7) + ".zip");
        assertThat(containerClient().getBlobClient(staged.value()).getBlockBlobClient()
                .listBlocks(BlockListType.COMMITTED).getCommittedBlocks()).as("committed blocks").hasSize(4);
    }

    @Test
    void aBodyFailingAfterSomeBlocksWereStagedLeavesNoVisibleBlob() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(31, 4 * BLOCK);

        assertThatThrownBy(() -> store.put(key, new FailingAfter(body, 2 * BLOCK + 100), metadata(body, "x/y")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(key.value())
                .hasMessageContaining("reading the body failed after");

        assertThat(store.get(key)).isEmpty();
        assertThat(store.list(parent(key))).isEmpty();
        assertThat(visibleBlobs()).as("blobs a listing shows").isEmpty();
        assertThat(uncommittedBlobs()).as("the staged blocks exist, uncommitted").containsExactly(key.value());
    }

    @Test
    void aStagedBodyWithTheWrongSha256OrSizeIsNeverCommitted() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(32, 2 * BLOCK + 100);
        byte[] other = body.clone();
        other[BLOCK + 5] ^= 1;

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body),
                new ObjectMetadata(body.length, sha256(other), "x/y")))
                .isInstanceOf(StorageException.class).hasMessageContaining("SHA-256 is " + sha256(body));
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body, 0, body.length - 1),
                metadata(body, "x/y")))
                .isInstanceOf(StorageException.class).hasMessageContaining("the body has " + (body.length - 1));
        byte[] longer = java.util.Arrays.copyOf(body, body.length + BLOCK);
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(longer), metadata(body, "x/y")))
                .isInstanceOf(StorageException.class).hasMessageContaining("longer than the declared");

        assertThat(store.get(key)).isEmpty();
        assertThat(visibleBlobs()).isEmpty();
    }

    @Test
    void aFailedStagedOverwriteKeepsThePreviousBlob() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] previous = randomBytes(33, 2 * BLOCK + 1);
        store.put(key, new ByteArrayInputStream(previous), metadata(previous, "application/zip"));
        byte[] next = randomBytes(34, 3 * BLOCK);

        assertThatThrownBy(() -> store.put(key, new FailingAfter(next, 2 * BLOCK), metadata(next, "x/y")))
                .isInstanceOf(StorageException.class);

        assertThat(readAll(store.get(key).orElseThrow())).isEqualTo(previous);
    }

    /** Identical bodies stage identical block ids, so one writer's commit never strands another's blocks. */
    @Test
    void concurrentWritersOfOneLargeBodyAllSucceed() throws Exception {
        StorageKey key = key("example.com/race/@v/v1.0.0.zip");
        byte[] body = randomBytes(35, 3 * BLOCK + 10);
        ObjectMetadata metadata = metadata(body, "application/zip");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> puts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                puts.add(pool.submit(() -> {
                    start.await();
                    store.put(key, new Slow(body, 256 * 1024), metadata);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> put : puts) {
                put.get();
            }
        }

        assertThat(readAll(store.get(key).orElseThrow())).isEqualTo(body);
    }

    // ------------------------------------------------------------------------------------------- reading

    @Test
    void aHandleFailsToOpenOnceItsBlobWasReplacedOrDeleted() {
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
    void aBlobReplacedWhileItIsReadYieldsTheOldBodyWholeOrFailsNeverAMix() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] first = randomBytes(36, 3 * BLOCK);
        store.put(key, new ByteArrayInputStream(first), metadata(first, "application/zip"));
        StoredObject handle = store.get(key).orElseThrow();

        try (var in = handle.open()) {
            byte[] head = in.readNBytes(BLOCK);
            byte[] second = randomBytes(37, 3 * BLOCK);
            store.put(key, new ByteArrayInputStream(second), metadata(second, "application/zip"));
            byte[] rest;
            try {
                rest = in.readAllBytes();
            } catch (IOException failed) {
                return; // allowed: the blob changed while it was read
            }
            byte[] read = java.util.Arrays.copyOf(head, head.length + rest.length);
            System.arraycopy(rest, 0, read, head.length, rest.length);
            assertThat(read).isEqualTo(first);
        }
    }

    @Test
    void aBodyChangedBehindTheStoresBackFailsTheReadInsteadOfYieldingOtherBytes() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(38, 100_000);
        put(key, body);
        var blob = containerClient().getBlobClient(key.value());
        Map<String, String> metadata = blob.getProperties().getMetadata();
        byte[] corrupt = body.clone();
        corrupt[50_000] ^= 1;
        blob.upload(BinaryData.fromBytes(corrupt), true);
        blob.setMetadata(metadata); // the old SHA-256 over other bytes: bit rot or a foreign writer

        StoredObject object = store.get(key).orElseThrow();

        assertThatThrownBy(() -> readAll(object)).isInstanceOf(IOException.class).hasMessageContaining("SHA-256");
    }

    @Test
    void blobsWithoutModvaultMetadataReadAsAbsent() {
        containerClient().getBlobClient("a/foreign").upload(BinaryData.fromString("not ours"));

        assertThat(store.get(key("a/foreign"))).isEmpty();
    }

    // -------------------------------------------------------------------------------------------- layout

    @Test
    void metadataTravelsAsContentTypeAndBlobMetadata() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = bytes("zip");
        ObjectMetadata metadata = new ObjectMetadata(3, sha256(body), "application/zip",
                Map.of("h1", "h1:abc+/=", "fetched-at", "2025-01-02T03:04:05Z"));

        store.put(key, new ByteArrayInputStream(body), metadata);

        BlobProperties properties = containerClient().getBlobClient(key.value()).getProperties();
        assertThat(properties.getContentType()).isEqualTo("application/zip");
        assertThat(properties.getBlobSize()).isEqualTo(3);
        assertThat(properties.getMetadata()).containsEntry("modvault_sha256", sha256(body))
                .containsKeys("modvault_content_type", "a_h1", "a_fetched_at");
        assertThat(store.get(key).orElseThrow().metadata()).isEqualTo(metadata);
    }

    @Test
    void contentTypesAndAttributeValuesNoHeaderCouldCarryRoundTrip() {
        ObjectMetadata metadata = new ObjectMetadata(3, sha256(bytes("abc")), "text/plain; x=\"a=b\"\n\u00e9",
                Map.of("weird", " =%&+\\#!~` ", "empty", "", "0-starts-with-a-digit", "x"));

        store.put(key("k"), new ByteArrayInputStream(bytes("abc")), metadata);

        assertThat(store.get(key("k")).orElseThrow().metadata()).isEqualTo(metadata);
    }

    @Test
    void keysAreBlobNamesAsTheyAreEveryAllowedCharacterIncluded() {
        StorageKey key = key("github.com/!azure/go-sdk_x~y/@v/v1.0.0-rc.1+incompatible.zip");
        put(key, bytes("x"));

        assertThat(visibleBlobs()).containsExactly(key.value());
        assertThat(store.list(parent(key))).containsExactly(key);
    }

    @Test
    void aPrefixKeepsStoresInOneContainerApartEvenWhenOnePrefixStartsWithTheOther() {
        AzureBlobArtifactStore p = AzureBlobArtifactStore.create(settings().withPrefix("/p/"));
        AzureBlobArtifactStore pOther = AzureBlobArtifactStore.create(settings().withPrefix("p-other"));
        p.put(key("a/x"), new ByteArrayInputStream(bytes("p")), metadata(bytes("p"), "text/plain"));
        pOther.put(key("a/y"), new ByteArrayInputStream(bytes("o")), metadata(bytes("o"), "text/plain"));

        assertThat(p.list(key("a"))).containsExactly(key("a/x"));
        assertThat(pOther.list(key("a"))).containsExactly(key("a/y"));
        assertThat(p.get(key("a/y"))).isEmpty();
        assertThat(store.list(key("a"))).as("the container's root store").isEmpty();
        assertThat(visibleBlobs()).containsExactlyInAnyOrder("p/a/x", "p-other/a/y");
    }

    @Test
    void listingFollowsContinuationTokensAcrossPages() {
        AzureBlobArtifactStore paged = AzureBlobArtifactStore.create(settings()).withListPageSize(10);
        for (int i = 0; i < 25; i++) {
            put(key("many/k" + i), bytes("x"));
        }
        put(key("many/deeper/x"), bytes("deeper"));

        assertThat(paged.list(key("many"))).hasSize(25).doesNotHaveDuplicates()
                .doesNotContain(key("many/deeper/x"));
    }

    // ---------------------------------------------------------------------------------- checkWritable

    @Test
    void checkWritableNamesAMissingContainer() {
        AzureBlobArtifactStore missing = AzureBlobArtifactStore.create(settings().withContainer("no-such-container"));

        assertThatThrownBy(missing::checkWritable)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("container no-such-container")
                .hasMessageContaining("ContainerNotFound")
                .hasMessageContaining("does not exist");
    }

    @Test
    void checkWritableNamesAWrongKey() {
        AzureBlobArtifactStore denied = AzureBlobArtifactStore.create(settings().withAuth(
                new AzureSettings.Auth.AccountKey("d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLQ==")));

        assertThatThrownBy(denied::checkWritable)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("container " + container)
                .hasMessageContaining("HTTP 403");
    }

    @Test
    void checkWritableNamesAnUnreachableEndpoint() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/" + AzuriteServer.ACCOUNT);
        AzureBlobArtifactStore unreachable = AzureBlobArtifactStore.create(settings().withEndpoint(nowhere));

        assertThatThrownBy(unreachable::checkWritable)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot reach the blob service at " + nowhere)
                .hasMessageContaining("Connect");
    }

    @Test
    void aConnectionStringWorksLikeAnAccountKey() {
        AzureBlobArtifactStore viaConnectionString = AzureBlobArtifactStore.create(new AzureSettings(container, "",
                null, null, new AzureSettings.Auth.ConnectionString(azurite.connectionString()), BLOCK, false,
                AzureSettings.DEFAULT_REDIRECT_VALIDITY));

        viaConnectionString.checkWritable();
        viaConnectionString.put(key("a/b"), new ByteArrayInputStream(bytes("x")), metadata(bytes("x"), "x/y"));
        assertThat(store.get(key("a/b"))).isPresent();
    }

    // ------------------------------------------------------------------------------------ redirects

    @Test
    void directDownloadsAreOffUnlessRedirectModeIsOn() {
        put(key("a/zip"), bytes("zip"));

        assertThat(store.directDownloadUri(key("a/zip"), Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void aSasUrlDownloadsTheBlobReadOnlyUntilItExpires() throws Exception {
        AzureBlobArtifactStore redirecting = AzureBlobArtifactStore.create(
                settings().withRedirect(true, Duration.ofSeconds(2)));
        byte[] body = randomBytes(39, 70_000);
        redirecting.put(key("a/zip"), new ByteArrayInputStream(body), metadata(body, "application/zip"));

        URI uri = redirecting.directDownloadUri(key("a/zip"), Duration.ofHours(1)).orElseThrow();

        assertThat(uri.getQuery()).contains("sp=r").doesNotContain(AzuriteServer.ACCOUNT_KEY);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo(body);
            assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/zip");
            HttpResponse<String> write = http.send(HttpRequest.newBuilder(uri)
                    .header("x-ms-blob-type", "BlockBlob").PUT(HttpRequest.BodyPublishers.ofString("overwritten"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(write.statusCode()).as("a write with a read SAS").isEqualTo(403);
            Thread.sleep(3_100);
            assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).as("after expiry").isEqualTo(403);
        }
    }

    @Test
    void aSasTokenCannotBeCombinedWithRedirects() {
        assertThatThrownBy(() -> settings().withAuth(new AzureSettings.Auth.SasToken("sv=x&sig=y"))
                .withRedirect(true, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SAS token");
    }

    // ----------------------------------------------------------------------------------------- helpers

    /** The names of the blobs a listing shows (committed ones). */
    private List<String> visibleBlobs() {
        return containerClient().listBlobs().stream().map(BlobItem::getName).toList();
    }

    /** The names of blobs that have only uncommitted (staged) blocks. */
    private List<String> uncommittedBlobs() {
        Iterable<BlobItem> all = containerClient().listBlobs(new ListBlobsOptions().setDetails(
                new BlobListDetails().setRetrieveUncommittedBlobs(true)), null);
        return StreamSupport.stream(all.spliterator(), false).map(BlobItem::getName).toList();
    }
}
