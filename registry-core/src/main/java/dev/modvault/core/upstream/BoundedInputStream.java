package dev.modvault.core.upstream;

import dev.modvault.core.error.ArtifactTooLargeException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Guards an upstream body: fails with {@link EOFException} when it ends before its declared Content-Length (a
 * truncated transfer must never look like a complete one), and with {@link ArtifactTooLargeException} once it
 * passes the size limit.
 */
final class BoundedInputStream extends FilterInputStream {

    private final long declaredLength;
    private final long limit;
    private final String what;
    private long count;

    BoundedInputStream(InputStream in, long declaredLength, long limit, String what) {
        super(in);
        this.declaredLength = declaredLength;
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            if (declaredLength >= 0 && count != declaredLength) {
                throw new EOFException("truncated body: got " + count + " of " + declaredLength + " bytes");
            }
            return n;
        }
        count += n;
        if (count > limit) {
            throw new ArtifactTooLargeException(what + ": upstream body exceeds the limit of " + limit + " bytes");
        }
        if (declaredLength >= 0 && count > declaredLength) {
            throw new IOException("body longer than its Content-Length of " + declaredLength + " bytes");
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip not supported");
    }
}
