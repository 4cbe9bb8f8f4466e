package dev.modvault.core.sumdb;

import java.io.IOException;
import java.util.List;

/**
 * Reads hashes of a log's tree by stored hash index (x/mod tlog.HashReader); see {@link Tlog#storedHashIndex}.
 * A {@link TileHashReader} reads them from authenticated tiles; a server reads them from its own storage.
 */
@FunctionalInterface
public interface HashReader {

    /**
     * The hashes at these stored hash indexes, in the same order: exactly {@code indexes.length} of them. Callers in
     * this package ask in increasing order.
     *
     * @throws IOException    when fetching the hashes failed
     * @throws SumdbException when fetched data could not be verified
     */
    List<Hash> readHashes(long[] indexes) throws IOException, SumdbException;
}
