package dev.modvault.core.error;

/**
 * An artifact's hash differs from the one the checksum database (or the first fetch, for private modules)
 * recorded. It is never cached or served. The message names module, version and both hashes and says
 * "checksum mismatch".
 */
public final class ChecksumMismatchException extends RegistryException {

    public ChecksumMismatchException(String message) {
        super(message);
    }
}
