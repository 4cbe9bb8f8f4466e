package dev.modvault.core.sumdb;

import java.io.IOException;
import java.util.List;

/**
 * Reads tiles of one log for a {@link TileHashReader} (x/mod tlog.TileReader). Tiles come from a cache or the
 * database; the reader authenticates them and then calls {@link #saveTiles} so that only verified tiles are kept.
 */
public interface TileReader {

    /** The height of the tiles the log serves (8 for the Go checksum database). */
    int height();

    /**
     * The data of each tile, in order: for each, exactly {@code tile.w() * 32} bytes (a reader may return a longer
     * array; only that prefix is used). The data is unverified until {@link #saveTiles}.
     */
    List<byte[]> readTiles(List<Tile> tiles) throws IOException, SumdbException;

    /** The tiles returned by the last {@link #readTiles} have been authenticated against a signed tree hash. */
    void saveTiles(List<Tile> tiles, List<byte[]> data);
}
