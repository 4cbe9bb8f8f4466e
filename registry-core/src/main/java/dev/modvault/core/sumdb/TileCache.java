package dev.modvault.core.sumdb;

import java.util.Optional;

/**
 * Keeps authenticated full tiles ({@link Tile#isFull()}: width 256 at height 8) of checksum databases. A full tile
 * never changes, so once it has been verified against a signed tree it can be reused for every later tree without
 * fetching it again; partial tiles are superseded as the log grows and are not cached. Implementations must be
 * thread-safe and may drop entries at any time.
 */
public interface TileCache {

    /** The data of a full tile of database {@code name}, if cached (exactly {@code tile.w() * 32} bytes). */
    Optional<byte[]> get(String name, Tile tile);

    /** Keeps an authenticated full tile of database {@code name}. */
    void put(String name, Tile tile, byte[] data);

    /** A cache that keeps nothing. */
    static TileCache none() {
        return new TileCache() {
            @Override
            public Optional<byte[]> get(String name, Tile tile) {
                return Optional.empty();
            }

            @Override
            public void put(String name, Tile tile, byte[] data) {
            }
        };
    }
}
