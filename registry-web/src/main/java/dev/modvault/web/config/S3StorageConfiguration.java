package dev.modvault.web.config;

import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.s3.S3ArtifactStore;
import dev.modvault.storage.s3.S3Settings;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The S3 backend, selected by {@code modvault.storage.type=s3} and configured by {@code modvault.storage.s3.*}
 * (docs/configuration.md, docs/storage.md). Start-up fails with a message naming a missing or wrong property, and
 * with the store's own reason when the bucket cannot be written (checked once the store is built).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "modvault.storage.type", havingValue = "s3")
@EnableConfigurationProperties(S3StorageConfiguration.S3Properties.class)
public class S3StorageConfiguration implements DisposableBean {

    /** The store built here, closed (its HTTP connection pool) at shutdown: the bean itself ends up decorated. */
    private volatile S3ArtifactStore built;

    @Bean
    ArtifactStore artifactStore(S3Properties properties) {
        S3ArtifactStore store = S3ArtifactStore.create(properties.settings());
        try {
            store.checkWritable();
        } catch (StorageException e) {
            store.close();
            throw new IllegalStateException("modvault.storage.type=s3: " + e.getMessage(), e);
        }
        built = store;
        return store;
    }

    @Override
    public void destroy() {
        S3ArtifactStore store = built;
        if (store != null) {
            store.close();
        }
    }

    /**
     * {@code modvault.storage.s3.*}. Bound only when the S3 backend is selected (the condition keeps the
     * application's properties scan from binding, and so validating, it otherwise).
     *
     * @param bucket           the bucket (required; it must exist)
     * @param prefix           a folder in the bucket for every key (default: the bucket's root)
     * @param region           the bucket's region (default: the SDK's region chain, else us-east-1)
     * @param endpoint         endpoint override for S3-compatible stores or VPC endpoints (default: AWS)
     * @param pathStyle        path-style requests, for most S3-compatible stores
     * @param sse              server-side encryption: none, s3 (SSE-S3) or kms (SSE-KMS)
     * @param kmsKeyId         the KMS key of sse=kms (default: the bucket's or the AWS-managed key)
     * @param accessKey        static access key; empty: the AWS default credential chain (IRSA, instance profile)
     * @param secretKey        the static secret key, with access-key
     * @param redirect         answer zip downloads with a redirect to a presigned URL
     * @param redirectValidity how long a presigned URL is valid
     * @param partSize         single PutObject up to this size, multipart uploads of parts of this size above it
     */
    @ConditionalOnProperty(name = "modvault.storage.type", havingValue = "s3")
    @ConfigurationProperties("modvault.storage.s3")
    @Validated
    public record S3Properties(@NotBlank String bucket, String prefix, String region, URI endpoint,
                               @DefaultValue("false") boolean pathStyle, @DefaultValue("none") S3Settings.Sse sse,
                               String kmsKeyId, String accessKey, String secretKey,
                               @DefaultValue("false") boolean redirect,
                               @DefaultValue("5m") Duration redirectValidity,
                               @DefaultValue("8MB") DataSize partSize) {

        public S3Properties {
            boolean hasAccessKey = accessKey != null && !accessKey.isBlank();
            boolean hasSecretKey = secretKey != null && !secretKey.isBlank();
            if (hasAccessKey != hasSecretKey) {
                throw new IllegalArgumentException("set both modvault.storage.s3.access-key and"
                        + " modvault.storage.s3.secret-key (static keys), or neither (the AWS default credential"
                        + " chain); only " + (hasAccessKey ? "access-key" : "secret-key") + " is set");
            }
            if (kmsKeyId != null && !kmsKeyId.isBlank() && sse != S3Settings.Sse.KMS) {
                throw new IllegalArgumentException("modvault.storage.s3.kms-key-id is only used with"
                        + " modvault.storage.s3.sse=kms (sse is " + sse.name().toLowerCase() + ")");
            }
            if (partSize.toBytes() < S3Settings.MIN_PART_SIZE || partSize.toBytes() > S3Settings.MAX_PART_SIZE) {
                throw new IllegalArgumentException("modvault.storage.s3.part-size must be between 5MB and 512MB: "
                        + partSize);
            }
            if (redirectValidity.compareTo(Duration.ofSeconds(1)) < 0
                    || redirectValidity.compareTo(S3Settings.MAX_REDIRECT_VALIDITY) > 0) {
                throw new IllegalArgumentException("modvault.storage.s3.redirect-validity must be between 1s and 7d: "
                        + redirectValidity);
            }
            if (bucket != null && !bucket.isBlank()) {
                settings(bucket, prefix, region, endpoint, pathStyle, sse, kmsKeyId, accessKey, secretKey, redirect,
                        redirectValidity, partSize); // what S3Settings refuses, refused at binding time
            }
        }

        S3Settings settings() {
            return settings(bucket, prefix, region, endpoint, pathStyle, sse, kmsKeyId, accessKey, secretKey,
                    redirect, redirectValidity, partSize);
        }

        private static S3Settings settings(String bucket, String prefix, String region, URI endpoint,
                                           boolean pathStyle, S3Settings.Sse sse, String kmsKeyId, String accessKey,
                                           String secretKey, boolean redirect, Duration redirectValidity,
                                           DataSize partSize) {
            S3Settings.Credentials credentials = accessKey == null || accessKey.isBlank()
                    ? new S3Settings.Credentials.DefaultChain()
                    : new S3Settings.Credentials.Static(accessKey.strip(), secretKey.strip());
            try {
                return new S3Settings(bucket.strip(), prefix, region, endpoint, pathStyle, credentials, sse,
                        kmsKeyId, (int) partSize.toBytes(), redirect, redirectValidity);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("modvault.storage.s3: " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "S3Properties[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint
                    + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "***") + "]";
        }
    }
}
