package dev.modvault.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** A complete object found in an {@link ArtifactStore}. */
public interface StoredObject {

    StorageKey key();

    ObjectMetadata metadata();

    /**
     * Opens the body for reading. The stream yields exactly {@code metadata().size()} bytes; if the object vanished
     * or changed since it was looked up, opening or reading MUST fail rather than yield other bytes.
     */
    InputStream open() throws IOException;

    /**
     * Optional capability: the object as a local file, for zero-copy serving (sendfile). Only the disk backend has
     * one; the path MUST NOT be written to.
     */
    default Optional<Path> localFile() {
        return Optional.empty();
    }
}
