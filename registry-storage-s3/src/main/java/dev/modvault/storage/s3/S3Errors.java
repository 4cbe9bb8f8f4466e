package dev.modvault.storage.s3;

import dev.modvault.storage.StorageException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The one place where AWS SDK exceptions become {@link StorageException}s (SDK exceptions never cross the SPI), with
 * messages that say what went wrong in the operator's terms: the bucket, the S3 error code, the unreachable
 * endpoint.
 */
final class S3Errors {

    private S3Errors() {
    }

    /**
     * A storage failure for {@code action} (e.g. "cannot store key a/b"), caused by {@code e}.
     *
     * @return the exception to throw: {@code "<action>: <reason>"}
     */
    static StorageException classify(String action, S3Settings settings, SdkException e) {
        return new StorageException(action + ": " + reason(settings, e), e);
    }

    /** What went wrong, in one line without the action: "NoSuchBucket (HTTP 404): The specified bucket ...". */
    static String reason(S3Settings settings, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
            StringBuilder reason = new StringBuilder();
            reason.append(code == null || code.isBlank() ? "error" : code).append(" (HTTP ")
                    .append(service.statusCode()).append(")");
            if (message != null && !message.isBlank()) {
                reason.append(": ").append(message.strip());
            }
            String hint = hint(code, service.statusCode(), settings);
            if (hint != null) {
                reason.append(" - ").append(hint);
            }
            return reason.toString();
        }
        if (e instanceof SdkClientException) {
            Throwable root = rootCause(e);
            String where = settings.endpoint() != null ? "the S3 endpoint " + settings.endpoint()
                    : "S3 in region " + (settings.region() == null ? "(default)" : settings.region());
            if (root != e) {
                return "cannot reach " + where + ": " + root.getClass().getSimpleName()
                        + (root.getMessage() == null ? "" : " (" + root.getMessage() + ")");
            }
            return "request to " + where + " failed: " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String hint(String code, int status, S3Settings settings) {
        if ("NoSuchBucket".equals(code)) {
            return "bucket " + settings.bucket() + " does not exist (Modvault does not create buckets)";
        }
        if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
            return "check the access key and secret key";
        }
        if ("AccessDenied".equals(code) || status == 403) {
            return "the credentials may not write to bucket " + settings.bucket()
                    + " (IAM policy, bucket policy or KMS key policy)";
        }
        return null;
    }

    /** Whether the service said the object (not the bucket, where it can tell) does not exist. */
    static boolean isNotFound(SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return true;
        }
        if (e instanceof AwsServiceException service && service.statusCode() == 404) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return !"NoSuchBucket".equals(code);
        }
        return false;
    }

    /** Whether a conditional request failed: the object is no longer the one that was looked up. */
    static boolean isPreconditionFailed(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() == 412;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
