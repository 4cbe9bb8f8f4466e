package dev.modvault.storage.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A stream over a body held in memory that is never modified, for answers served from memory. Its
 * {@link #transferTo(OutputStream)} writes the held array itself: {@link ByteArrayInputStream}'s, since JDK 22, first
 * copies the whole remainder into a new array for any stream outside the JDK, which on a 100 KiB zip served from the
 * memory cache was an allocation and a copy of the body per request (docs/performance.md).
 */
public final class HeldBytesInputStream extends ByteArrayInputStream {

    /** @param body the bytes, which nobody modifies after this call (the stream never does) */
    public HeldBytesInputStream(byte[] body) {
        super(body);
    }

    @Override
    public synchronized long transferTo(OutputStream out) throws IOException {
        int len = count - pos;
        if (len > 0) {
            out.write(buf, pos, len);
            pos = count;
        }
        return len;
    }
}
