package dev.modvault.core.sumdb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link TileCache} in memory, least recently used tiles dropped beyond a maximum count. Thread-safe. */
public final class InMemoryTileCache implements TileCache {

    private final int maxTiles;
    private final Map<String, byte[]> tiles;

    /** A cache of at most {@code maxTiles} tiles (a full height-8 tile is 8 KiB). */
    public InMemoryTileCache(int maxTiles) {
        if (maxTiles < 1) {
            throw new IllegalArgumentException("maxTiles must be positive");
        }
        this.maxTiles = maxTiles;
        this.tiles = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > InMemoryTileCache.this.maxTiles;
            }
        };
    }

    @Override
    public synchronized Optional<byte[]> get(String name, Tile tile) {
        byte[] d = tiles.get(name + "/" + tile.path());
        return d == null ? Optional.empty() : Optional.of(d.clone());
    }

    @Override
    public synchronized void put(String name, Tile tile, byte[] data) {
        if (!tile.isFull()) {
            throw new IllegalArgumentException("only full tiles are cached, not " + tile.path());
        }
        tiles.put(name + "/" + tile.path(), data.clone());
    }

    /** How many tiles are cached. */
    public synchronized int size() {
        return tiles.size();
    }
}
