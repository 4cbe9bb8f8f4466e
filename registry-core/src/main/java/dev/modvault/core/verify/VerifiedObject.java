package dev.modvault.core.verify;

import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored module artifact as {@link VerifyingArtifactStore#get} hands it out once its per-serve check has passed:
 * the body hashed to the SHA-256 recorded when it was stored, and it still had the same identity (size, inode, ctime,
 * mtime of its local file) after hashing. Everything delegates to the backend's object.
 *
 * <p>The serving layer may send such an object's {@link #localFile() local file} by name (zero-copy, sendfile),
 * bypassing the backend's own end-of-stream SHA-256 check, but only while {@link #unchanged()} holds: that is how
 * zero-copy keeps the guarantee that a body is checked before this replica first serves it, and again whenever its
 * file changes.
 */
public final class VerifiedObject implements StoredObject {

    private final StoredObject object;
    private final String identity;

    VerifiedObject(StoredObject object, String identity) {
        this.object = Objects.requireNonNull(object, "object");
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /**
     * Whether the object's local file still is the body that was checked (same inode, ctime, mtime and size). One
     * {@code stat}; call it right before handing the file to the server by name. False without a local file.
     */
    public boolean unchanged() {
        return object.localFile().isPresent() && identity.equals(VerifyingArtifactStore.identity(object));
    }

    @Override
    public StorageKey key() {
        return object.key();
    }

    @Override
    public ObjectMetadata metadata() {
        return object.metadata();
    }

    @Override
    public InputStream open() throws IOException {
        return object.open();
    }

    @Override
    public Optional<Path> localFile() {
        return object.localFile();
    }

    @Override
    public String toString() {
        return "Verified[" + object + "]";
    }
}
