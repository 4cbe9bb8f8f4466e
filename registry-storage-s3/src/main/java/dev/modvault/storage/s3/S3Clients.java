package dev.modvault.storage.s3;

import java.time.Duration;
import java.util.function.Consumer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the SDK clients of an {@link S3ArtifactStore} from its {@link S3Settings}.
 *
 * <p>Checksums: the store sends {@code Content-MD5} with every PutObject and UploadPart itself and verifies SHA-256
 * on both sides, so the SDK's own flexible checksums are only used where an operation requires them
 * ({@code WHEN_REQUIRED}): S3-compatible stores that predate them (older MinIO, Ceph) then work unchanged.
 */
final class S3Clients {

    /** Connections per client: each concurrent transfer holds one; requests run on virtual threads. */
    private static final int MAX_CONNECTIONS = 256;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longest silence on a connection while a request or answer is under way. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** How long a request waits for a free connection before failing (instead of queueing unboundedly). */
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    private S3Clients() {
    }

    static S3Client client(S3Settings settings) {
        return client(settings, override -> { });
    }

    /** A client with further override configuration (tests add execution interceptors). */
    static S3Client client(S3Settings settings, Consumer<ClientOverrideConfiguration.Builder> override) {
        S3ClientBuilder builder = S3Client.builder()
                .overrideConfiguration(override)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .connectionAcquisitionTimeout(ACQUIRE_TIMEOUT))
                .credentialsProvider(credentials(settings))
                .region(region(settings))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    static S3Presigner presigner(S3Settings settings) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .credentialsProvider(credentials(settings))
                .region(region(settings))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    static AwsCredentialsProvider credentials(S3Settings settings) {
        return switch (settings.credentials()) {
            case S3Settings.Credentials.DefaultChain d -> DefaultCredentialsProvider.builder().build();
            case S3Settings.Credentials.Static s ->
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
        };
    }

    /** The configured region; else the SDK's chain (AWS_REGION, profile, instance metadata); else us-east-1. */
    static Region region(S3Settings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        if (settings.endpoint() != null) {
            return Region.US_EAST_1; // S3-compatible stores ignore the region but SigV4 needs one
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException none) {
            return Region.US_EAST_1;
        }
    }
}
