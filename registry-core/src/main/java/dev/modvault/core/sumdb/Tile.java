package dev.modvault.core.sumdb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tile of the log (x/mod tlog.Tile): the {@code w} consecutive hashes at tree level {@code h*l}, starting at hash
 * {@code n * 2^h} of that level. A full tile has {@code w == 2^h} hashes and never changes; a partial one has fewer
 * and is superseded as the log grows. Level {@code -1} is a data tile: the records themselves.
 *
 * <p>Path form {@code tile/H/L/NNN[.p/W]}: N is written in 3-digit elements, all but the last prefixed with 'x'
 * (1234067 is {@code x001/x234/067}); {@code .p/W} marks a partial tile; L is {@code data} for level -1.
 *
 * @param h height, 1..30 (the Go checksum database uses 8)
 * @param l level in the tiling, -1 (data) .. 63
 * @param n index within the level, at least 0
 * @param w width, 1..2^h
 */
public record Tile(int h, int l, long n, int w) {

    private static final int PATH_BASE = 1000;

    public Tile {
        if (h < 1 || h > 30 || l < -1 || l > 63 || n < 0 || w < 1 || w > (1 << h)) {
            throw new IllegalArgumentException("invalid tile H=" + h + " L=" + l + " N=" + n + " W=" + w);
        }
    }

    /** Whether this tile is full ({@code w == 2^h}) and so immutable. */
    public boolean isFull() {
        return w == 1 << h;
    }

    /** Whether this is a data tile (level -1). */
    public boolean isData() {
        return l == -1;
    }

    /** This tile at full width. */
    public Tile full() {
        return new Tile(h, l, n, 1 << h);
    }

    /** The tile coordinate path, e.g. {@code tile/8/0/x001/234.p/5} (x/mod Tile.Path). */
    public String path() {
        long m = n;
        String nStr = String.format("%03d", m % PATH_BASE);
        while (m >= PATH_BASE) {
            m /= PATH_BASE;
            nStr = String.format("x%03d/%s", m % PATH_BASE, nStr);
        }
        String p = isFull() ? "" : ".p/" + w;
        return "tile/" + h + "/" + (l == -1 ? "data" : Integer.toString(l)) + "/" + nStr + p;
    }

    @Override
    public String toString() {
        return path();
    }

    /**
     * Parses a tile coordinate path (x/mod tlog.ParseTilePath); only the canonical form {@link #path()} writes is
     * accepted.
     *
     * @throws IllegalArgumentException "malformed tile path"
     */
    public static Tile parse(String path) {
        Objects.requireNonNull(path, "path");
        String[] f = path.split("/", -1);
        if (f.length < 4 || !f[0].equals("tile")) {
            throw badPath(path);
        }
        try {
            int h = Integer.parseInt(f[1]);
            boolean isData = f[2].equals("data");
            int l = isData ? 0 : Integer.parseInt(f[2]);
            if (h < 1 || l < 0 || h > 30) {
                throw badPath(path);
            }
            int w = 1 << h;
            int last = f.length;
            String dotP = f[f.length - 2];
            if (dotP.endsWith(".p")) {
                int ww = Integer.parseInt(f[f.length - 1]);
                if (ww <= 0 || ww >= w) {
                    throw badPath(path);
                }
                w = ww;
                f[f.length - 2] = dotP.substring(0, dotP.length() - 2);
                last = f.length - 1;
            }
            if (last - 3 > 7) {
                throw badPath(path); // more than 21 digits: beyond any long
            }
            long n = 0;
            for (int i = 3; i < last; i++) {
                String s = f[i].startsWith("x") ? f[i].substring(1) : f[i];
                int nn = Integer.parseInt(s);
                if (nn < 0 || nn >= PATH_BASE) {
                    throw badPath(path);
                }
                n = Math.addExact(Math.multiplyExact(n, PATH_BASE), nn);
            }
            Tile t = new Tile(h, isData ? -1 : l, n, w);
            if (!path.equals(t.path())) {
                throw badPath(path);
            }
            return t;
        } catch (IllegalArgumentException | ArithmeticException e) {
            // NumberFormatException, an invalid Tile, overflow: all the same malformed path
            throw badPath(path);
        }
    }

    /** The tile of height {@code h} and least width that stores the hash at {@code index} (x/mod TileForIndex). */
    public static Tile forIndex(int h, long index) {
        return Located.of(h, index).tile();
    }

    /**
     * The hash at stored index {@code index} from this tile's data (x/mod tlog.HashFromTile): the tile must be
     * {@code forIndex(h, index)} or a wider version of it, {@code data} at least {@code w * 32} bytes.
     *
     * @throws IllegalArgumentException when the index is not in this tile or the data is too short
     */
    public Hash hashFromTile(byte[] data, long index) {
        if (l < 0) {
            throw new IllegalArgumentException("invalid tile " + path() + ": a data tile holds no hashes");
        }
        if (data.length < w * Hash.SIZE) {
            throw new IllegalArgumentException("data len " + data.length + " too short for tile " + path());
        }
        Located t1 = Located.of(h, index);
        if (l != t1.tile().l() || n != t1.tile().n() || w < t1.tile().w()) {
            throw new IllegalArgumentException("index " + index + " is in " + t1.tile().path() + " not " + path());
        }
        return subtreeHash(data, t1.start(), t1.end());
    }

    /**
     * The tiles of height {@code h} to publish when the tree grows from {@code oldTreeSize} to {@code newTreeSize}
     * (x/mod tlog.NewTiles).
     */
    public static List<Tile> newTiles(int h, long oldTreeSize, long newTreeSize) {
        if (h <= 0) {
            throw new IllegalArgumentException("newTiles: invalid height " + h);
        }
        List<Tile> tiles = new ArrayList<>();
        for (int level = 0; (newTreeSize >> (h * level)) > 0; level++) {
            long oldN = oldTreeSize >> (h * level);
            long newN = newTreeSize >> (h * level);
            for (long k = oldN >> h; k < newN >> h; k++) {
                tiles.add(new Tile(h, level, k, 1 << h));
            }
            long k = newN >> h;
            int maxW = (int) (newN - (k << h));
            int minW = 1;
            if (oldN > k << h) {
                minW = (int) (oldN - (k << h));
            }
            for (int w = minW; w <= maxW; w++) {
                tiles.add(new Tile(h, level, k, w));
            }
        }
        return tiles;
    }

    /** This (hash) tile's data, read from {@code r}: {@code w} hashes of 32 bytes (x/mod tlog.ReadTileData). */
    public byte[] readTileData(HashReader r) throws IOException, SumdbException {
        if (l < 0) {
            throw new IllegalArgumentException("readTileData: " + path() + " is a data tile");
        }
        long start = n << h;
        long[] indexes = new long[w];
        for (int i = 0; i < w; i++) {
            indexes[i] = Tlog.storedHashIndex(h * l, start + i);
        }
        List<Hash> hashes = Tlog.read(r, indexes);
        byte[] data = new byte[w * Hash.SIZE];
        for (int i = 0; i < w; i++) {
            hashes.get(i).copyTo(data, i * Hash.SIZE);
        }
        return data;
    }

    /**
     * This tile's {@code k}th parent in the tiles of a tree of {@code treeSize} records, or null when there is none
     * (x/mod tileParent).
     */
    Tile parent(int k, long treeSize) {
        int pl = l + k;
        long pn = n >> (k * h);
        int pw = 1 << h;
        long max = treeSize >> (pl * h);
        if ((pn << h) + pw >= max) {
            if ((pn << h) >= max) {
                return null;
            }
            pw = (int) (max - (pn << h));
        }
        return new Tile(h, pl, pn, pw);
    }

    /** The hash of the subtree whose (2^k) leaf hashes are data[start, end) (x/mod tileHash). */
    static Hash subtreeHash(byte[] data, int start, int end) {
        int len = end - start;
        if (len <= 0) {
            throw new IllegalStateException("bad math in tileHash");
        }
        if (len == Hash.SIZE) {
            return Hash.of(data, start);
        }
        int mid = start + len / 2;
        return Tlog.nodeHash(subtreeHash(data, start, mid), subtreeHash(data, mid, end));
    }

    /** A tile holding a stored hash, and where in the tile's data the hashes that make it up lie. */
    record Located(Tile tile, int start, int end) {
        static Located of(int h, long index) {
            if (h <= 0) {
                throw new IllegalArgumentException("tileForIndex: invalid height " + h);
            }
            Tlog.Node node = Tlog.splitStoredHashIndex(index);
            int level = node.level();
            long n = node.n();
            int tl = level / h;
            level -= tl * h; // now level within tile
            long tn = n << level >> h;
            n -= tn << h >> level; // now n within tile at level
            int tw = (int) ((n + 1) << level);
            return new Located(new Tile(h, tl, tn, tw), (int) (n << level) * Hash.SIZE,
                    (int) ((n + 1) << level) * Hash.SIZE);
        }
    }

    private static IllegalArgumentException badPath(String path) {
        return new IllegalArgumentException("malformed tile path \"" + path + "\"");
    }
}
