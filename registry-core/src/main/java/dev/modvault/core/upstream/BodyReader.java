package dev.modvault.core.upstream;

import java.io.IOException;
import java.io.InputStream;

/**
 * Consumes an upstream response body. Called once per attempt, so it MUST start afresh each time (a retried
 * download truncates what an earlier attempt spooled). The stream ends early with an {@link IOException} when the
 * body is shorter than its Content-Length or the connection breaks.
 */
@FunctionalInterface
public interface BodyReader<T> {
    T read(InputStream body) throws IOException;
}
