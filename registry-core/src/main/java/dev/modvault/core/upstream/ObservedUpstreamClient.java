package dev.modvault.core.upstream;

import dev.modvault.core.error.NotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Tells listeners (audit log, metrics) about every upstream fetch: its path, outcome, status, bytes and duration.
 * Listeners run on the fetching thread after the fetch and must be quick and never throw.
 */
public final class ObservedUpstreamClient implements UpstreamClient {

    public enum Outcome { OK, NOT_FOUND, ERROR }

    /** One finished upstream fetch. */
    public record Fetch(String chain, String path, Outcome outcome, int status, long bytes, long nanos) {
    }

    @FunctionalInterface
    public interface Listener {
        void fetched(Fetch fetch);
    }

    private final UpstreamClient delegate;
    private final String chain;
    private final List<Listener> listeners;

    /** @param chain which chain this is ("public" or "private") */
    public ObservedUpstreamClient(UpstreamClient delegate, String chain, List<Listener> listeners) {
        this.delegate = delegate;
        this.chain = chain;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public <T> T get(String path, long maxBytes, BodyReader<T> reader) {
        long start = System.nanoTime();
        long[] bytes = new long[1];
        Outcome outcome = Outcome.ERROR;
        int status = 502;
        try {
            T result = delegate.get(path, maxBytes, in -> reader.read(new Counting(in, bytes)));
            outcome = Outcome.OK;
            status = 200;
            return result;
        } catch (NotFoundException e) {
            outcome = Outcome.NOT_FOUND;
            status = e.gone() ? 410 : 404;
            throw e;
        } finally {
            Fetch fetch = new Fetch(chain, path, outcome, status, bytes[0], System.nanoTime() - start);
            for (Listener listener : listeners) {
                listener.fetched(fetch);
            }
        }
    }

    /** Counts the bytes of the current attempt's body (a retry starts again from zero). */
    private static final class Counting extends FilterInputStream {
        private final long[] count;

        Counting(InputStream in, long[] count) {
            super(in);
            this.count = count;
            count[0] = 0;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count[0]++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count[0] += n;
            }
            return n;
        }
    }
}
