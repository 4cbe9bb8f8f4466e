package dev.modvault.storage.support;

import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageKey;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The body of a stored object as read from the service: yields exactly {@code metadata.size()} bytes and fails (at
 * the end, or early when the body ends short) unless they hash to {@code metadata.sha256()}. Failures of the
 * service's stream, checked or not, surface as {@link IOException}. Closing it before the end aborts the
 * connection (through {@code abort}) rather than draining the rest of a large body.
 */
public final class VerifyingInputStream extends InputStream {

    private final InputStream in;
    private final Runnable abort;
    private final StorageKey key;
    private final ObjectMetadata metadata;
    private final MessageDigest digest = CheckedBody.sha256();
    private long remaining;
    private boolean verified;
    private boolean closed;

    /**
     * @param in    the service's response body
     * @param abort drops the connection of {@code in}, for a close before the end
     */
    public VerifyingInputStream(InputStream in, Runnable abort, StorageKey key, ObjectMetadata metadata) {
        this.in = in;
        this.abort = abort;
        this.key = key;
        this.metadata = metadata;
        this.remaining = metadata.size();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("object " + key + ": stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            verify();
            return -1;
        }
        int n;
        try {
            n = in.read(b, off, (int) Math.min(len, remaining));
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) { // SDK exceptions (aborted, client errors) are unchecked
            throw new IOException("reading object " + key + " failed: " + e.getMessage(), e);
        }
        if (n < 0) {
            throw new IOException("object " + key + " ended " + remaining + " bytes early");
        }
        digest.update(b, off, n);
        remaining -= n;
        if (remaining == 0) {
            verify();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed: read them.
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    private void verify() throws IOException {
        if (verified) {
            return;
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(metadata.sha256())) {
            throw new IOException("object " + key + " does not match its SHA-256 (changed or corrupt in the store)");
        }
        verified = true;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (remaining > 0) {
            abort.run();
        }
        try {
            in.close();
        } catch (RuntimeException e) {
            throw new IOException("closing object " + key + " failed: " + e.getMessage(), e);
        }
    }
}
