package dev.modvault.core.error;

/**
 * Every failure Modvault reports to a client. The web layer maps each kind to an HTTP status in one place; the
 * message is the one sentence the go command prints to its user, so it names the module and version and says what
 * to do, and never carries a stack trace, a file path or a credential.
 */
public abstract sealed class RegistryException extends RuntimeException
        permits NotFoundException, InvalidRequestException, UpstreamException, ArtifactTooLargeException,
                StorageFailureException,
                PolicyDeniedException, ChecksumMismatchException {

    protected RegistryException(String message) {
        super(message, null, false, false);
    }

    protected RegistryException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
