package dev.modvault.storage.support;

import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageException;
import dev.modvault.storage.StorageKey;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body of a put, read chunk by chunk into the caller's buffer while it is counted and hashed: it fails as soon as
 * the body is longer than the declared size, and {@link #verify()} checks size and SHA-256 once it ended. Nothing is
 * committed before {@link #verify()} returned. (The messages match the disk backend's.)
 */
public final class CheckedBody {

    private final StorageKey key;
    private final InputStream in;
    private final ObjectMetadata metadata;
    private final MessageDigest digest = sha256();
    private long count;
    private boolean ended;

    public CheckedBody(StorageKey key, InputStream in, ObjectMetadata metadata) {
        this.key = key;
        this.in = in;
        this.metadata = metadata;
    }

    /**
     * Fills {@code buffer} from the start as far as the body goes.
     *
     * @return the number of bytes read: {@code buffer.length} unless the body ended (then {@link #ended()})
     * @throws StorageException if reading fails or the body is longer than declared
     */
    public int fill(byte[] buffer) {
        int filled = 0;
        while (filled < buffer.length && !ended) {
            int n;
            try {
                n = in.read(buffer, filled, buffer.length - filled);
            } catch (IOException e) {
                throw new StorageException("cannot store key " + key + ": reading the body failed after " + count
                        + " bytes: " + e, e);
            }
            if (n < 0) {
                ended = true;
                break;
            }
            count += n;
            if (count > metadata.size()) {
                throw new StorageException("cannot store key " + key + ": the body is longer than the declared "
                        + metadata.size() + " bytes");
            }
            digest.update(buffer, filled, n);
            filled += n;
        }
        return filled;
    }

    /** Whether the body has been read to its end. */
    public boolean ended() {
        return ended;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /**
     * Checks, once the body ended, that it had the declared size and SHA-256.
     *
     * @throws StorageException naming what differs
     */
    public void verify() {
        if (!ended) {
            throw new IllegalStateException("the body has not been read to its end");
        }
        if (count != metadata.size()) {
            throw new StorageException("cannot store key " + key + ": the body has " + count
                    + " bytes, the metadata declares " + metadata.size());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(metadata.sha256())) {
            throw new StorageException("cannot store key " + key + ": the body's SHA-256 is " + actual
                    + ", the metadata declares " + metadata.sha256());
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
