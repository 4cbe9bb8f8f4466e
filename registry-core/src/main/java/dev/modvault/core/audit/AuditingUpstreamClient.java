package dev.modvault.core.audit;

import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.module.PathEscaping;
import dev.modvault.core.upstream.BodyReader;
import dev.modvault.core.upstream.UpstreamClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** Records every upstream fetch (path, outcome, bytes, duration) in the audit log, as actor "system". */
public final class AuditingUpstreamClient implements UpstreamClient {

    private final UpstreamClient delegate;
    private final String name;
    private final AuditSink audit;
    private final Clock clock;

    /** @param name which chain this is ("public" or "private"), kept in the event's details */
    public AuditingUpstreamClient(UpstreamClient delegate, String name, AuditSink audit, Clock clock) {
        this.delegate = delegate;
        this.name = name;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public <T> T get(String path, long maxBytes, BodyReader<T> reader) {
        long start = clock.millis();
        AtomicLong bytes = new AtomicLong();
        String outcome = "error";
        int status = 502;
        try {
            T result = delegate.get(path, maxBytes, in -> reader.read(new Counting(in, bytes)));
            outcome = "ok";
            status = 200;
            return result;
        } catch (NotFoundException e) {
            outcome = "not_found";
            status = e.gone() ? 410 : 404;
            throw e;
        } finally {
            String[] parts = split(path);
            audit.record(new AuditEvent(clock.instant(), AuditAction.UPSTREAM_FETCH, "system", null, null,
                    parts[0], parts[1], parts[2], status, bytes.get(), false, clock.millis() - start,
                    "{\"upstream\":\"" + name + "\",\"outcome\":\"" + outcome + "\"}"));
        }
    }

    /** module, version, artifact of a GOPROXY path; the escaped form where unescaping fails. */
    static String[] split(String path) {
        int at = path.indexOf("/@");
        if (at < 0) {
            return new String[] {null, null, null};
        }
        String module = unescapePath(path.substring(0, at));
        String rest = path.substring(at + 1);
        if (rest.equals("@latest")) {
            return new String[] {module, null, "latest"};
        }
        if (rest.equals("@v/list")) {
            return new String[] {module, null, "list"};
        }
        String file = rest.startsWith("@v/") ? rest.substring(3) : rest;
        int dot = file.lastIndexOf('.');
        if (dot <= 0) {
            return new String[] {module, null, null};
        }
        String version;
        try {
            version = PathEscaping.unescapeVersion(file.substring(0, dot));
        } catch (RuntimeException e) {
            version = file.substring(0, dot);
        }
        return new String[] {module, version, file.substring(dot + 1)};
    }

    private static String unescapePath(String escaped) {
        try {
            return PathEscaping.unescapePath(escaped);
        } catch (RuntimeException e) {
            return escaped;
        }
    }

    private static final class Counting extends FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
