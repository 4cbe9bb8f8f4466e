package dev.modvault.core.sumdb;

import java.io.IOException;

/**
 * Fetches paths from a checksum database: {@code /latest}, {@code /lookup/<escaped path>@<escaped version>},
 * {@code /tile/...}. Where the bytes come from is the implementation's business: the database's own URL, a
 * proxy's {@code <proxy>/sumdb/<name>} prefix ({@link HttpSumdbFetcher}), a test double. Implementations must be
 * safe for concurrent use.
 */
@FunctionalInterface
public interface SumdbFetcher {

    /**
     * The body served at {@code path} with status 200.
     *
     * @param path a path starting with '/', e.g. {@code /tile/8/0/x001/234.p/5}
     * @throws SumdbNotFoundException for a 404 or 410 answer
     * @throws IOException            for any other failure (network, other status, a body too large)
     */
    byte[] fetch(String path) throws IOException, SumdbNotFoundException;
}
