package dev.modvault.core.error;

/** An upstream body exceeds the go command's limits (zip 500 MiB, go.mod 16 MiB); it is not cached. */
public final class ArtifactTooLargeException extends RegistryException {

    public ArtifactTooLargeException(String message) {
        super(message);
    }
}
