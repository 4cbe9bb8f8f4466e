package dev.modvault.storage.s3;

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
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 backend against S3Proxy on loopback: the whole {@link ArtifactStoreContract} (a fresh bucket per test,
 * 5 MiB parts so multipart uploads are exercised), and what is particular to S3.
 */
class S3ArtifactStoreTest extends ArtifactStoreContract {

    private static final int PART = S3Settings.MIN_PART_SIZE;

    static S3ProxyServer server;
    String bucket;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected ArtifactStore createStore() {
        bucket = server.createBucket();
        return S3ArtifactStore.create(settings());
    }

    @Override
    protected void destroyStore(ArtifactStore store) {
        ((S3ArtifactStore) store).close();
    }

    private S3Settings settings() {
        return server.settings(bucket).withPartSize(PART);
    }

    // ---------------------------------------------------------------------------------- multipart uploads

    @Test
    void bodiesOfOneAndSeveralPartsRoundTripIncludingPartBoundaries() throws IOException {
        for (int size : new int[] {PART, PART + 1, 2 * PART, 2 * PART + 7}) {
            StorageKey key = key("example.com/mp/@v/v" + size + ".zip");
            byte[] body = randomBytes(size, size);

            store.put(key, new ByteArrayInputStream(body), metadata(body, "application/zip"));

            StoredObject object = store.get(key).orElseThrow();
            assertThat(object.metadata()).isEqualTo(metadata(body, "application/zip"));
            assertThat(readAll(object)).as("size %d", size).isEqualTo(body);
        }
        assertThat(multipartUploads()).isEmpty();
    }

    @Test
    void aBodyFailingAfterTheFirstPartAbortsTheUploadAndLeavesNoPartsBehind() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(21, 3 * PART);

        assertThatThrownBy(() -> store.put(key, new FailingAfter(body, PART + PART / 2), metadata(body, "x/y")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(key.value())
                .hasMessageContaining("reading the body failed after");

        assertThat(store.get(key)).isEmpty();
        assertThat(store.list(parent(key))).isEmpty();
        assertThat(multipartUploads()).as("multipart uploads left in the bucket").isEmpty();
    }

    @Test
    void aMultipartBodyWithTheWrongSha256OrSizeIsNeverCompleted() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(22, 2 * PART + 100);
        byte[] other = body.clone();
        other[PART + 5] ^= 1;

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body),
                new ObjectMetadata(body.length, sha256(other), "x/y")))
                .isInstanceOf(StorageException.class).hasMessageContaining("SHA-256 is " + sha256(body));
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(body, 0, body.length - 1),
                metadata(body, "x/y")))
                .isInstanceOf(StorageException.class).hasMessageContaining("the body has " + (body.length - 1));
        byte[] longer = java.util.Arrays.copyOf(body, body.length + PART);
        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(longer), metadata(body, "x/y")))
                .isInstanceOf(StorageException.class).hasMessageContaining("longer than the declared");

        assertThat(store.get(key)).isEmpty();
        assertThat(multipartUploads()).isEmpty();
    }

    @Test
    void anInterruptedUploadIsStillAbortedAndTheInterruptIsKept() {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(23, 3 * PART);
        InputStream interrupting = new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(body);
            private int delivered;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (delivered >= PART + 1000) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted (simulated)");
                }
                int n = in.read(b, off, Math.min(len, PART + 1000 - delivered));
                delivered += n;
                return n;
            }
        };

        try {
            assertThatThrownBy(() -> store.put(key, interrupting, metadata(body, "x/y")))
                    .isInstanceOf(StorageException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt status kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(multipartUploads()).isEmpty();
        assertThat(store.get(key)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- reading

    @Test
    void aHandleFailsToOpenOnceItsObjectWasReplacedOrDeleted() {
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
    void aBodyChangedBehindTheStoresBackFailsTheReadInsteadOfYieldingOtherBytes() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = randomBytes(24, 100_000);
        put(key, body);
        HeadObjectResponse head = server.admin().headObject(b -> b.bucket(bucket).key(key.value()));
        byte[] corrupt = body.clone();
        corrupt[50_000] ^= 1;
        // same user metadata (so the old SHA-256), other bytes: what bit rot or a foreign writer would leave
        server.admin().putObject(b -> b.bucket(bucket).key(key.value()).metadata(head.metadata()),
                RequestBody.fromBytes(corrupt));

        StoredObject object = store.get(key).orElseThrow();

        assertThatThrownBy(() -> readAll(object)).isInstanceOf(IOException.class).hasMessageContaining("SHA-256");
    }

    @Test
    void objectsWithoutModvaultMetadataReadAsAbsent() {
        server.admin().putObject(b -> b.bucket(bucket).key("a/foreign"), RequestBody.fromString("not ours"));

        assertThat(store.get(key("a/foreign"))).isEmpty();
    }

    // -------------------------------------------------------------------------------------------- layout

    @Test
    void metadataTravelsAsContentTypeAndUserMetadata() throws IOException {
        StorageKey key = key("example.com/mod/@v/v1.0.0.zip");
        byte[] body = bytes("zip");
        ObjectMetadata metadata = new ObjectMetadata(3, sha256(body), "application/zip",
                Map.of("h1", "h1:abc+/=", "fetched-at", "2025-01-02T03:04:05Z"));

        store.put(key, new ByteArrayInputStream(body), metadata);

        HeadObjectResponse head = server.admin().headObject(b -> b.bucket(bucket).key(key.value()));
        assertThat(head.contentType()).isEqualTo("application/zip");
        assertThat(head.contentLength()).isEqualTo(3);
        assertThat(head.metadata()).containsEntry("modvault-sha256", sha256(body))
                .containsKeys("modvault-content-type", "a-h1", "a-fetched-at");
        assertThat(store.get(key).orElseThrow().metadata()).isEqualTo(metadata);
    }

    @Test
    void contentTypesAndAttributeValuesNoHeaderCouldCarryRoundTrip() {
        ObjectMetadata metadata = new ObjectMetadata(3, sha256(bytes("abc")), "text/plain; x=\"a=b\"\n\u00e9",
                Map.of("weird", " =%&+\\#!~` ", "empty", ""));

        store.put(key("k"), new ByteArrayInputStream(bytes("abc")), metadata);

        assertThat(store.get(key("k")).orElseThrow().metadata()).isEqualTo(metadata);
    }

    @Test
    void metadataOverS3sTwoKilobytesFailsWithAMessage() {
        ObjectMetadata metadata = new ObjectMetadata(1, sha256(bytes("x")), "x/y",
                Map.of("big", "v".repeat(1024), "bigger", "w".repeat(1024)));

        assertThatThrownBy(() -> store.put(key("a/k"), new ByteArrayInputStream(bytes("x")), metadata))
                .isInstanceOf(StorageException.class).hasMessageContaining("a/k").hasMessageContaining("2048");
    }

    @Test
    void keysAreObjectKeysAsTheyAreEveryAllowedCharacterIncluded() {
        StorageKey key = key("github.com/!azure/go-sdk_x~y/@v/v1.0.0-rc.1+incompatible.zip");
        put(key, bytes("x"));

        List<String> objectKeys = server.admin().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key).toList();

        assertThat(objectKeys).containsExactly(key.value());
        assertThat(store.list(parent(key))).containsExactly(key);
    }

    @Test
    void aPrefixKeepsStoresInOneBucketApartEvenWhenOnePrefixStartsWithTheOther() {
        try (S3ArtifactStore p = S3ArtifactStore.create(settings().withPrefix("/p/"));
             S3ArtifactStore pOther = S3ArtifactStore.create(settings().withPrefix("p-other"))) {
            p.put(key("a/x"), new ByteArrayInputStream(bytes("p")), metadata(bytes("p"), "text/plain"));
            pOther.put(key("a/y"), new ByteArrayInputStream(bytes("o")), metadata(bytes("o"), "text/plain"));

            assertThat(p.list(key("a"))).containsExactly(key("a/x"));
            assertThat(pOther.list(key("a"))).containsExactly(key("a/y"));
            assertThat(p.get(key("a/y"))).isEmpty();
            assertThat(store.list(key("a"))).as("the bucket's root store").isEmpty();
            assertThat(server.admin().listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key))
                    .containsExactlyInAnyOrder("p/a/x", "p-other/a/y");
        }
    }

    @Test
    void listingFollowsContinuationTokensPastS3sPageOfOneThousand() {
        CountingInterceptor counter = new CountingInterceptor();
        try (S3ArtifactStore counted = new S3ArtifactStore(settings(),
                S3Clients.client(settings(), c -> c.addExecutionInterceptor(counter)),
                S3Clients.presigner(settings()))) {
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 1_005; i++) {
                    String name = "many/k" + String.format("%04d", i);
                    pool.submit(() -> server.admin().putObject(b -> b.bucket(bucket).key(name),
                            RequestBody.fromString("x")));
                }
            }

            assertThat(counted.list(key("many"))).hasSize(1_005).doesNotHaveDuplicates();
            assertThat(counter.requests).filteredOn(r -> r.rawQueryParameters().containsKey("list-type"))
                    .as("ListObjectsV2 pages").hasSize(2);
        }
    }

    // ------------------------------------------------------------------------------------- encryption

    @Test
    void sseKmsIsRequestedOnSinglePutsAndMultipartUploads() {
        CountingInterceptor counter = new CountingInterceptor();
        S3Settings kms = settings().withEncryption(S3Settings.Sse.KMS, "arn:aws:kms:eu-west-1:1:key/k");
        try (S3ArtifactStore encrypted = new S3ArtifactStore(kms,
                S3Clients.client(kms, c -> c.addExecutionInterceptor(counter)), S3Clients.presigner(kms))) {
            byte[] small = bytes("small");
            byte[] large = randomBytes(25, PART + 1);
            try {
                encrypted.put(key("a/small"), new ByteArrayInputStream(small), metadata(small, "x/y"));
            } catch (StorageException ignored) {
                // S3Proxy may not do KMS; the request is what is checked
            }
            try {
                encrypted.put(key("a/large"), new ByteArrayInputStream(large), metadata(large, "x/y"));
            } catch (StorageException ignored) {
                // as above
            }
        }
        List<SdkHttpRequest> writes = counter.requests.stream()
                .filter(r -> r.method().name().equals("PUT") && !r.rawQueryParameters().containsKey("partNumber")
                        || r.method().name().equals("POST") && r.rawQueryParameters().containsKey("uploads"))
                .toList();
        assertThat(writes).as("PutObject and CreateMultipartUpload").hasSize(2).allSatisfy(r -> {
            assertThat(r.firstMatchingHeader("x-amz-server-side-encryption")).hasValue("aws:kms");
            assertThat(r.firstMatchingHeader("x-amz-server-side-encryption-aws-kms-key-id"))
                    .hasValue("arn:aws:kms:eu-west-1:1:key/k");
        });
    }

    // ---------------------------------------------------------------------------------- checkWritable

    @Test
    void checkWritableNamesAMissingBucket() {
        try (S3ArtifactStore missing = S3ArtifactStore.create(server.settings("no-such-bucket"))) {
            assertThatThrownBy(missing::checkWritable)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("s3://no-such-bucket")
                    .hasMessageContaining("NoSuchBucket")
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void checkWritableNamesWrongCredentials() {
        S3Settings wrong = settings().withCredentials(
                new S3Settings.Credentials.Static(S3ProxyServer.ACCESS_KEY, "not-the-secret"));
        try (S3ArtifactStore denied = S3ArtifactStore.create(wrong)) {
            assertThatThrownBy(denied::checkWritable)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("s3://" + bucket)
                    .hasMessageContaining("HTTP 403")
                    .hasMessageContaining("SignatureDoesNotMatch");
        }
    }

    @Test
    void checkWritableNamesAnUnreachableEndpoint() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        try (S3ArtifactStore unreachable = S3ArtifactStore.create(settings().withEndpoint(nowhere, true))) {
            assertThatThrownBy(unreachable::checkWritable)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("cannot reach the S3 endpoint " + nowhere)
                    .hasMessageContaining("Connect");
        }
    }

    // ------------------------------------------------------------------------------------ redirects

    @Test
    void directDownloadsAreOffUnlessRedirectModeIsOn() {
        put(key("a/zip"), bytes("zip"));

        assertThat(store.directDownloadUri(key("a/zip"), Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void aPresignedUrlDownloadsTheObjectWithoutCredentialsUntilItExpires() throws Exception {
        try (S3ArtifactStore redirecting = S3ArtifactStore.create(
                settings().withRedirect(true, Duration.ofSeconds(2)))) {
            byte[] body = randomBytes(26, 70_000);
            redirecting.put(key("a/zip"), new ByteArrayInputStream(body), metadata(body, "application/zip"));

            URI uri = redirecting.directDownloadUri(key("a/zip"), Duration.ofHours(1)).orElseThrow();

            assertThat(uri.getQuery()).contains("X-Amz-Expires=2").doesNotContain(S3ProxyServer.SECRET_KEY);
            HttpResponse<byte[]> ok = download(uri);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo(body);
            String signed = uri.toString();
            int at = signed.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
            URI tampered = URI.create(signed.substring(0, at) + (signed.charAt(at) == '0' ? '1' : '0')
                    + signed.substring(at + 1));
            assertThat(download(tampered).statusCode()).as("tampered signature").isEqualTo(403);
            Thread.sleep(3_100);
            assertThat(download(uri).statusCode()).as("after expiry").isEqualTo(403);
        }
    }

    // ----------------------------------------------------------------------------------------- helpers

    private List<String> multipartUploads() {
        return server.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                .map(u -> u.key() + " " + u.uploadId()).toList();
    }

    private static HttpResponse<byte[]> download(URI uri) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /** Records every HTTP request a client sends. */
    private static final class CountingInterceptor implements ExecutionInterceptor {
        final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            requests.add(context.httpRequest());
        }
    }
}
