package dev.modvault.core.error;

/** A malformed module path, version or request. */
public final class InvalidRequestException extends RegistryException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
