package dev.modvault.storage.azure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * The body of one streaming GET (the SDK's {@code Flux<ByteBuffer>}) as a blocking InputStream with bounded memory:
 * at most {@value #PREFETCH} network buffers are queued ahead of the reader. Closing it cancels the download.
 * Failures of the download surface as IOException.
 */
final class FluxInputStream extends InputStream {

    static final int PREFETCH = 16;

    private final Stream<ByteBuffer> stream;
    private final Iterator<ByteBuffer> buffers;
    private ByteBuffer current;

    FluxInputStream(Flux<ByteBuffer> body) {
        this.stream = body.toStream(PREFETCH);
        this.buffers = stream.iterator();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        try {
            while (current == null || !current.hasRemaining()) {
                if (!buffers.hasNext()) {
                    return -1;
                }
                current = buffers.next();
            }
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public void close() {
        stream.close();
    }
}
