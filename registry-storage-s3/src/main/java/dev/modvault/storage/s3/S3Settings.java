package dev.modvault.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the bucket and what to write: everything an {@link S3ArtifactStore} is configured with.
 *
 * @param bucket           the bucket; it must exist (Modvault never creates buckets)
 * @param prefix           a folder inside the bucket for all keys, without leading or trailing '/'; empty for the
 *                         bucket's root. Given as {@code "modules/"} or {@code "/modules"} it is normalized.
 * @param region           the bucket's region; null or empty: the SDK's region chain ({@code AWS_REGION}, profile,
 *                         instance metadata), else {@code us-east-1}
 * @param endpoint         an endpoint override for S3-compatible stores (MinIO, Ceph) or VPC endpoints; null: AWS
 * @param pathStyle        path-style requests ({@code endpoint/bucket/key}), which most S3-compatible stores need
 * @param credentials      the AWS default chain (environment, web identity / IRSA, profile, container and instance
 *                         roles) or static keys
 * @param sse              server-side encryption requested on every write
 * @param kmsKeyId         the KMS key of {@link Sse#KMS}; null or empty: the bucket's or AWS-managed key
 * @param partSize         bodies up to this size are one PutObject; larger ones a multipart upload of parts of this
 *                         size, each held in memory once while it is sent (5 MiB .. 512 MiB)
 * @param redirect         whether {@link S3ArtifactStore#directDownloadUri} hands out presigned GET URLs
 * @param redirectValidity the longest validity of a presigned URL (1 s .. 7 days, SigV4's limit); a caller asking for
 *                         longer gets this
 */
public record S3Settings(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
                         Credentials credentials, Sse sse, String kmsKeyId, int partSize, boolean redirect,
                         Duration redirectValidity) {

    /** S3's smallest part (all parts but the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int MAX_PART_SIZE = 512 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    public static final Duration DEFAULT_REDIRECT_VALIDITY = Duration.ofMinutes(5);
    /** SigV4 presigned URLs live at most 7 days. */
    public static final Duration MAX_REDIRECT_VALIDITY = Duration.ofDays(7);

    /** S3 bucket naming rules (general purpose buckets), loosely: S3-compatible stores accept a superset. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9._~+!@-]+)(/[A-Za-z0-9._~+!@-]+)*");

    /** Server-side encryption of written objects. */
    public enum Sse {
        /** no header: the bucket's default encryption applies (S3 encrypts every object with SSE-S3 by default) */
        NONE,
        /** {@code x-amz-server-side-encryption: AES256} */
        S3,
        /** {@code x-amz-server-side-encryption: aws:kms}, with {@code kmsKeyId} when set */
        KMS
    }

    /** Where the SDK takes credentials from. */
    public sealed interface Credentials {

        /** The AWS default chain, with web identity tokens (IRSA on EKS, {@code AWS_WEB_IDENTITY_TOKEN_FILE}). */
        record DefaultChain() implements Credentials {
        }

        /** An access key pair (MinIO, Ceph, or an IAM user). */
        record Static(String accessKeyId, String secretAccessKey) implements Credentials {
            public Static {
                if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null
                        || secretAccessKey.isBlank()) {
                    throw new IllegalArgumentException("static S3 credentials need an access key and a secret key");
                }
            }

            @Override
            public String toString() {
                return "Static[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
            }
        }
    }

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("invalid S3 bucket name: \"" + bucket + "\"");
        }
        prefix = normalizePrefix(prefix);
        region = region == null || region.isBlank() ? null : region.strip();
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")))) {
            throw new IllegalArgumentException("the S3 endpoint must be an http(s) URL: " + endpoint);
        }
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(sse, "sse");
        kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId.strip();
        if (kmsKeyId != null && sse != Sse.KMS) {
            throw new IllegalArgumentException("a KMS key id is only used with sse=kms (sse is " + sse + ")");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("the S3 part size must be between 5 MiB and 512 MiB: " + partSize);
        }
        Objects.requireNonNull(redirectValidity, "redirectValidity");
        if (redirectValidity.compareTo(Duration.ofSeconds(1)) < 0
                || redirectValidity.compareTo(MAX_REDIRECT_VALIDITY) > 0) {
            throw new IllegalArgumentException("the presigned URL validity must be between 1s and 7 days: "
                    + redirectValidity);
        }
    }

    /** Settings for a bucket with every default: default credentials chain, no SSE, 8 MiB parts, no redirects. */
    public static S3Settings of(String bucket) {
        return new S3Settings(bucket, "", null, null, false, new Credentials.DefaultChain(), Sse.NONE, null,
                DEFAULT_PART_SIZE, false, DEFAULT_REDIRECT_VALIDITY);
    }

    public S3Settings withPrefix(String prefix) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, sse, kmsKeyId, partSize,
                redirect, redirectValidity);
    }

    public S3Settings withRegion(String region) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, sse, kmsKeyId, partSize,
                redirect, redirectValidity);
    }

    /** An endpoint override, with or without path-style requests. */
    public S3Settings withEndpoint(URI endpoint, boolean pathStyle) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, sse, kmsKeyId, partSize,
                redirect, redirectValidity);
    }

    public S3Settings withCredentials(Credentials credentials) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, sse, kmsKeyId, partSize,
                redirect, redirectValidity);
    }

    public S3Settings withEncryption(Sse sse, String kmsKeyId) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, sse, kmsKeyId, partSize,
                redirect, redirectValidity);
    }

    public S3Settings withPartSize(int partSize) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, sse, kmsKeyId, partSize,
                redirect, redirectValidity);
    }

    public S3Settings withRedirect(boolean redirect, Duration validity) {
        return new S3Settings(bucket, prefix, region, endpoint, pathStyle, credentials, sse, kmsKeyId, partSize,
                redirect, validity);
    }

    /** The object key of a storage key: the prefix, '/', the key (or the key alone without prefix). */
    String objectKey(String storageKey) {
        return prefix.isEmpty() ? storageKey : prefix + "/" + storageKey;
    }

    /** Where the bucket is, for messages: {@code s3://bucket/prefix (endpoint)}. */
    String describe() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
                + (endpoint == null ? "" : " at " + endpoint);
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && (!PREFIX.matcher(p).matches() || ("/" + p + "/").contains("/./")
                || ("/" + p + "/").contains("/../"))) {
            throw new IllegalArgumentException("invalid key prefix: \"" + prefix + "\"");
        }
        return p;
    }
}
