package dev.modvault.core.sumdb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link HashReader} over the tiles of one signed tree (x/mod tlog.TileHashReader). For each request it plans the
 * tiles needed, fetches them in one {@link TileReader#readTiles} call, and authenticates them before using anything:
 * the tiles that hold the tree's top-level subtree hashes must hash to the tree hash, and each further full tile
 * must hash to the hash its parent tile stores for it. Any hash it returns is therefore proven to be in the tree.
 */
public final class TileHashReader implements HashReader {

    private final TreeHead tree;
    private final TileReader tiles;

    public TileHashReader(TreeHead tree, TileReader tiles) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.tiles = Objects.requireNonNull(tiles, "tiles");
    }

    /**
     * @throws IllegalArgumentException   when an index is not in the tree
     * @throws TileVerificationException when the tiles read do not authenticate against the tree hash, or have the
     *                                    wrong size
     */
    @Override
    public List<Hash> readHashes(long[] indexes) throws IOException, SumdbException {
        if (indexes.length == 0) {
            return List.of();
        }
        int h = tiles.height();
        long n = tree.size();
        Map<Tile, Integer> tileOrder = new HashMap<>();
        List<Tile> plan = new ArrayList<>();

        // The tiles needed to recompute the tree hash; if it matches, they are authenticated.
        List<Long> stxList = new ArrayList<>();
        Tlog.subTreeIndex(0, n, stxList);
        long[] stx = Tlog.toArray(stxList);
        int[] stxTileOrder = new int[stx.length];
        for (int i = 0; i < stx.length; i++) {
            Tile tile = Tile.forIndex(h, stx[i]).parent(0, n);
            Integer j = tileOrder.get(tile);
            if (j != null) {
                stxTileOrder[i] = j;
                continue;
            }
            stxTileOrder[i] = plan.size();
            tileOrder.put(tile, plan.size());
            plan.add(tile);
        }

        // The tiles holding the indexes, and any parent tiles needed to authenticate them (for most calls the
        // parents are being fetched anyway).
        int[] indexTileOrder = new int[indexes.length];
        long limit = n == 0 ? 0 : Tlog.storedHashIndex(0, n);
        for (int i = 0; i < indexes.length; i++) {
            long x = indexes[i];
            if (x < 0 || x >= limit) {
                throw new IllegalArgumentException("indexes not in tree: " + x + " (tree size " + n + ")");
            }
            Tile tile = Tile.forIndex(h, x);
            // Walk up parent tiles until one we've planned: that one will be authenticated.
            int k = 0;
            for (;; k++) {
                Tile p = tile.parent(k, n);
                Integer j = p == null ? null : tileOrder.get(p);
                if (j != null) {
                    if (k == 0) {
                        indexTileOrder[i] = j;
                    }
                    break;
                }
                if (p == null) {
                    throw new IllegalStateException("bad math in TileHashReader: no planned parent for " + tile);
                }
            }
            // Walk back down, recording child tiles after their parents.
            for (k--; k >= 0; k--) {
                Tile p = tile.parent(k, n);
                if (p == null || !p.isFull()) {
                    // Only full tiles have parents; this one has a parent, so it must be full.
                    throw new IllegalStateException("bad math in TileHashReader: " + n + " " + x + " " + p);
                }
                tileOrder.put(p, plan.size());
                if (k == 0) {
                    indexTileOrder[i] = plan.size();
                }
                plan.add(p);
            }
        }

        // Fetch all the tile data.
        List<byte[]> data = tiles.readTiles(List.copyOf(plan));
        if (data == null || data.size() != plan.size()) {
            throw new TileVerificationException("tile reader returned " + (data == null ? 0 : data.size())
                    + " tiles, want " + plan.size());
        }
        List<byte[]> exact = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            Tile tile = plan.get(i);
            byte[] d = data.get(i);
            int want = tile.w() * Hash.SIZE;
            if (d == null || d.length < want) {
                throw new TileVerificationException("tile " + tile.path() + " has " + (d == null ? 0 : d.length)
                        + " bytes, want " + want);
            }
            exact.add(d.length == want ? d : Arrays.copyOf(d, want));
        }

        // Authenticate the tiles of the tree hash (parents come before children in the plan).
        int last = stx.length - 1;
        Hash th = plan.get(stxTileOrder[last]).hashFromTile(exact.get(stxTileOrder[last]), stx[last]);
        for (int i = stx.length - 2; i >= 0; i--) {
            Hash hi = plan.get(stxTileOrder[i]).hashFromTile(exact.get(stxTileOrder[i]), stx[i]);
            th = Tlog.nodeHash(hi, th);
        }
        if (!th.equals(tree.hash())) {
            // At least one tile is wrong; which one cannot be known.
            throw new TileVerificationException("downloaded inconsistent tile: tiles for " + tree
                    + " hash to " + th);
        }

        // Authenticate the full tiles against their parents.
        for (int i = stx.length; i < plan.size(); i++) {
            Tile tile = plan.get(i);
            Tile p = tile.parent(1, n);
            Integer j = p == null ? null : tileOrder.get(p);
            if (j == null) {
                throw new IllegalStateException("bad math in TileHashReader " + n + ": lost parent of " + tile);
            }
            Hash expected = p.hashFromTile(exact.get(j), Tlog.storedHashIndex(p.l() * p.h(), tile.n()));
            if (!expected.equals(Tile.subtreeHash(exact.get(i), 0, exact.get(i).length))) {
                throw new TileVerificationException("downloaded inconsistent tile: " + tile.path()
                        + " does not match its parent " + p.path() + " in " + tree);
            }
        }

        // All tiles are authenticated against the trusted tree hash.
        tiles.saveTiles(List.copyOf(plan), List.copyOf(exact));

        List<Hash> hashes = new ArrayList<>(indexes.length);
        for (int i = 0; i < indexes.length; i++) {
            int j = indexTileOrder[i];
            hashes.add(plan.get(j).hashFromTile(exact.get(j), indexes[i]));
        }
        return hashes;
    }
}
