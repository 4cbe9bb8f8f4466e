package dev.modvault.storage;

/** A failure of the backing store (I/O error, unreachable service, denied access, short or corrupt body). */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
