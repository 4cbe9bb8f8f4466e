package dev.modvault.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.disk.DiskArtifactStore;
import dev.modvault.storage.s3.S3ArtifactStore;
import dev.modvault.storage.s3.S3ProxyServer;
import dev.modvault.storage.s3.S3Settings;
import dev.modvault.web.config.S3StorageConfiguration;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code modvault.storage.type=s3}: the properties, their validation, and the checks that stop start-up. */
class S3StorageConfigurationTest {

    static S3ProxyServer s3;
    static String bucket;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        bucket = s3.createBucket();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private ApplicationContextRunner s3(String... more) {
        return StorageWiring.runner(dataDir).withPropertyValues("modvault.storage.type=s3",
                "modvault.storage.s3.endpoint=" + s3.endpoint(), "modvault.storage.s3.path-style=true",
                "modvault.storage.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
                "modvault.storage.s3.secret-key=" + S3ProxyServer.SECRET_KEY).withPropertyValues(more);
    }

    @Test
    void aWorkingBucketGivesAnS3StoreWithTheConfiguredSettings() {
        s3("modvault.storage.s3.bucket=" + bucket, "modvault.storage.s3.prefix=modules/",
                "modvault.storage.s3.region=eu-west-1", "modvault.storage.s3.part-size=16MB",
                "modvault.storage.s3.redirect=true", "modvault.storage.s3.redirect-validity=90s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    S3Settings settings = ((S3ArtifactStore) context.getBean(ArtifactStore.class)).settings();
                    assertThat(settings.bucket()).isEqualTo(bucket);
                    assertThat(settings.prefix()).isEqualTo("modules");
                    assertThat(settings.region()).isEqualTo("eu-west-1");
                    assertThat(settings.pathStyle()).isTrue();
                    assertThat(settings.partSize()).isEqualTo(16 * 1024 * 1024);
                    assertThat(settings.credentials()).isInstanceOf(S3Settings.Credentials.Static.class);
                    assertThat(settings.sse()).isEqualTo(S3Settings.Sse.NONE);
                    assertThat(settings.redirectValidity()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(s3.admin().listObjectsV2(b -> b.bucket(bucket)).contents())
                            .as("the start-up write probe is gone").isEmpty();
                });
    }

    @Test
    void inRedirectModeTheStoreHandsOutPresignedUrlsThatDownloadTheObject() throws Exception {
        byte[] body = "zip bytes".getBytes();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        s3("modvault.storage.s3.bucket=" + bucket, "modvault.storage.s3.redirect=true").run(context -> {
            ArtifactStore store = context.getBean(ArtifactStore.class);
            StorageKey key = StorageKey.of("example.com/m/@v/v1.0.0.zip");
            store.put(key, new ByteArrayInputStream(body),
                    new dev.modvault.storage.ObjectMetadata(body.length, sha, "application/zip"));

            var uri = store.directDownloadUri(key, Duration.ofMinutes(1)).orElseThrow();
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(body);
            }
            store.delete(key);
        });
    }

    @Test
    void aMissingBucketPropertyStopsStartUpNamingIt() {
        s3().run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                .contains("modvault.storage.s3.bucket").contains("must not be blank"));
    }

    @Test
    void anAccessKeyWithoutASecretKeyStopsStartUpNamingBoth() {
        StorageWiring.runner(dataDir).withPropertyValues("modvault.storage.type=s3",
                        "modvault.storage.s3.bucket=" + bucket, "modvault.storage.s3.access-key=AKIA")
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("modvault.storage.s3.access-key").contains("modvault.storage.s3.secret-key"));
    }

    @Test
    void anUnknownEncryptionStopsStartUpNamingTheProperty() {
        s3("modvault.storage.s3.bucket=" + bucket, "modvault.storage.s3.sse=aes")
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("modvault.storage.s3.sse"));
    }

    @Test
    void anInvalidBucketNameStopsStartUpNamingTheProperty() {
        s3("modvault.storage.s3.bucket=Not_A_Bucket")
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("modvault.storage.s3").contains("invalid S3 bucket name"));
    }

    @Test
    void aBucketThatDoesNotExistStopsStartUpWithTheReason() {
        s3("modvault.storage.s3.bucket=no-such-bucket")
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("modvault.storage.type=s3").contains("s3://no-such-bucket")
                        .contains("NoSuchBucket"));
    }

    @Test
    void anUnreachableEndpointStopsStartUpWithTheReason() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        StorageWiring.runner(dataDir).withPropertyValues("modvault.storage.type=s3",
                        "modvault.storage.s3.bucket=" + bucket,
                        "modvault.storage.s3.endpoint=http://127.0.0.1:" + closed,
                        "modvault.storage.s3.access-key=a", "modvault.storage.s3.secret-key=b")
                .run(context -> assertThat(StorageWiring.failure(context.getStartupFailure()))
                        .contains("cannot reach the S3 endpoint http://127.0.0.1:" + closed));
    }

    @Test
    void diskStaysTheDefaultAndS3PropertiesAreThenNotEvenBound() {
        StorageWiring.runner(dataDir).withPropertyValues("modvault.storage.s3.access-key=only-half")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ArtifactStore.class)).isInstanceOf(DiskArtifactStore.class);
                    assertThat(context).doesNotHaveBean(S3StorageConfiguration.S3Properties.class);
                });
    }
}
