package dev.modvault.storage.azure;

import dev.modvault.storage.StorageException;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;

/**
 * The one place where Azure SDK exceptions become {@link StorageException}s (SDK exceptions never cross the SPI),
 * with messages in the operator's terms: the container, the Azure error code, the unreachable endpoint.
 */
final class AzureErrors {

    private AzureErrors() {
    }

    /** A storage failure for {@code action} (e.g. "cannot store key a/b"): {@code "<action>: <reason>"}. */
    static StorageException classify(String action, AzureSettings settings, RuntimeException e) {
        return new StorageException(action + ": " + reason(settings, e), e);
    }

    /** What went wrong, in one line: "ContainerNotFound (HTTP 404): The specified container does not exist. - ...". */
    static String reason(AzureSettings settings, RuntimeException e) {
        if (e instanceof BlobStorageException blob) {
            BlobErrorCode code = blob.getErrorCode();
            String message = serviceMessage(blob.getServiceMessage());
            StringBuilder reason = new StringBuilder();
            reason.append(code == null ? "error" : code.toString()).append(" (HTTP ").append(blob.getStatusCode())
                    .append(")");
            if (message != null && !message.isBlank()) {
                reason.append(": ").append(message.lines().findFirst().orElse("").strip());
            }
            String hint = hint(code, blob.getStatusCode(), settings);
            if (hint != null) {
                reason.append(" - ").append(hint);
            }
            return reason.toString();
        }
        Throwable root = networkCause(e);
        String where = settings.serviceEndpoint() == null ? "the blob service" : "the blob service at "
                + settings.serviceEndpoint();
        return "cannot reach " + where + ": " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : " (" + root.getMessage() + ")");
    }

    /** The service's own message: the text of its XML {@code <Message>} when the SDK hands over the whole body. */
    private static String serviceMessage(String message) {
        if (message == null) {
            return null;
        }
        int start = message.indexOf("<Message>");
        int end = message.indexOf("</Message>");
        if (start >= 0 && end > start) {
            return message.substring(start + "<Message>".length(), end);
        }
        return message.startsWith("Status code") ? null : message;
    }

    /**
     * The cause that says what happened on the network: the first connect, unknown-host or timeout exception in the
     * chain (the JDK client wraps "connection refused" around a bare ClosedChannelException), else the deepest.
     */
    private static Throwable networkCause(Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return t;
            }
            deepest = t;
        }
        return deepest;
    }

    private static String hint(BlobErrorCode code, int status, AzureSettings settings) {
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
            return "container " + settings.container() + " does not exist (Modvault does not create containers)";
        }
        if (status == 403) {
            return "the credentials may not write to container " + settings.container()
                    + " (role assignment such as Storage Blob Data Contributor, SAS permissions, or the key)";
        }
        return null;
    }

    /** Whether the service said the blob (not the container) does not exist. */
    static boolean isNotFound(RuntimeException e) {
        return e instanceof BlobStorageException blob && blob.getStatusCode() == 404
                && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(blob.getErrorCode());
    }

    /** Whether a conditional request failed: the blob is no longer the one that was looked up. */
    static boolean isPreconditionFailed(RuntimeException e) {
        return e instanceof BlobStorageException blob && blob.getStatusCode() == 412;
    }
}
