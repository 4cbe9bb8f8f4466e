package dev.modvault.core.error;

/** The artifact store failed; nothing partial was stored. */
public final class StorageFailureException extends RegistryException {

    public StorageFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
