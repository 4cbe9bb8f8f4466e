package dev.modvault.core.sumdb;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The tamper-evident log of the Go checksum database (golang.org/x/mod/sumdb/tlog): an RFC 6962 Merkle tree of
 * records, record hashes SHA-256(0x00 || data), interior hashes SHA-256(0x01 || left || right), and the dense
 * "stored hash index" order of the tree's hashes (Crosby and Wallach, section 3.3) in which a log writes them.
 * Proofs are in {@link TlogProofs}.
 */
public final class Tlog {

    private Tlog() {
    }

    /** The leaf hash of a record: SHA-256(0x00 || data) (x/mod tlog.RecordHash). */
    public static Hash recordHash(byte[] data) {
        MessageDigest d = KeyHashes.sha256();
        d.update((byte) 0x00);
        d.update(data);
        return Hash.wrap(d.digest());
    }

    /** The hash of an interior node: SHA-256(0x01 || left || right) (x/mod tlog.NodeHash). */
    public static Hash nodeHash(Hash left, Hash right) {
        byte[] buf = new byte[1 + 2 * Hash.SIZE];
        buf[0] = 0x01;
        left.copyTo(buf, 1);
        right.copyTo(buf, 1 + Hash.SIZE);
        return Hash.wrap(KeyHashes.sha256().digest(buf));
    }

    /** A node of the tree: the {@code n}th hash (from 0) at {@code level} (0 = the record hashes). */
    public record Node(int level, long n) {
    }

    /**
     * Where the {@code n}th hash at {@code level} is stored in the dense linear order (x/mod tlog.StoredHashIndex):
     * level L's n'th hash is written right after level L+1's 2n+1'th hash.
     */
    public static long storedHashIndex(int level, long n) {
        if (level < 0 || n < 0) {
            throw new IllegalArgumentException("invalid tree node (" + level + ", " + n + ")");
        }
        for (int l = level; l > 0; l--) {
            n = 2 * n + 1;
        }
        long i = 0;
        for (; n > 0; n >>= 1) {
            i += n;
        }
        return i + level;
    }

    /** The inverse of {@link #storedHashIndex} (x/mod tlog.SplitStoredHashIndex). */
    public static Node splitStoredHashIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative stored hash index " + index);
        }
        // StoredHashIndex(0, n) < 2*n, so the n we want is in [index/2, index/2+log2(index)].
        long n = index / 2;
        long indexN = storedHashIndex(0, n);
        if (indexN > index) {
            throw new IllegalStateException("bad math in splitStoredHashIndex");
        }
        while (true) {
            // Each new record n adds 1 + trailingZeros(n+1) hashes.
            long x = indexN + 1 + Long.numberOfTrailingZeros(n + 1);
            if (x > index) {
                break;
            }
            n++;
            indexN = x;
        }
        // The hash we want was committed with record n: one of (0, n), (1, n/2), (2, n/4), ...
        int level = (int) (index - indexN);
        return new Node(level, n >> level);
    }

    /** How many hashes a log of {@code n} records stores (x/mod tlog.StoredHashCount). */
    public static long storedHashCount(long n) {
        if (n == 0) {
            return 0;
        }
        long numHash = storedHashIndex(0, n - 1) + 1;
        for (long i = n - 1; (i & 1) != 0; i >>= 1) {
            numHash++;
        }
        return numHash;
    }

    /**
     * The hashes to store, starting at {@code storedHashIndex(0, n)}, when writing record {@code n} with this data
     * (x/mod tlog.StoredHashes); reads up to log n earlier hashes for the subtrees the record completes.
     */
    public static List<Hash> storedHashes(long n, byte[] data, HashReader r) throws IOException, SumdbException {
        return storedHashesForRecordHash(n, recordHash(data), r);
    }

    /** {@link #storedHashes} given the record hash (x/mod tlog.StoredHashesForRecordHash). */
    public static List<Hash> storedHashesForRecordHash(long n, Hash h, HashReader r)
            throws IOException, SumdbException {
        List<Hash> hashes = new ArrayList<>();
        hashes.add(h);
        // Each trailing 1 bit of n completes a subtree and consumes a hash from an adjacent one.
        int m = Long.numberOfTrailingZeros(n + 1);
        long[] indexes = new long[m];
        for (int i = 0; i < m; i++) {
            indexes[m - 1 - i] = storedHashIndex(i, (n >> i) - 1);
        }
        List<Hash> old = read(r, indexes);
        for (int i = 0; i < m; i++) {
            h = nodeHash(old.get(m - 1 - i), h);
            hashes.add(h);
        }
        return hashes;
    }

    /**
     * The hash of the tree of the first {@code n} records (x/mod tlog.TreeHash), from at most 1 + log2 n stored
     * hashes read in one call. The empty tree's hash is {@link Hash#ZERO}.
     */
    public static Hash treeHash(long n, HashReader r) throws IOException, SumdbException {
        if (n < 0) {
            throw new IllegalArgumentException("negative tree size " + n);
        }
        if (n == 0) {
            return Hash.ZERO;
        }
        List<Long> need = new ArrayList<>();
        subTreeIndex(0, n, need);
        Cursor c = new Cursor(read(r, toArray(need)));
        Hash h = subTreeHash(0, n, c);
        c.requireConsumed("treeHash");
        return h;
    }

    // ---- internals shared with TlogProofs and TileHashReader ----

    /** k, the largest power of 2 smaller than n, and l = log2 k. */
    static long maxPow2(long n) {
        int l = 0;
        while ((1L << (l + 1)) < n) {
            l++;
        }
        return 1L << l;
    }

    /** Appends the stored hash indexes needed for the hash of records [lo, hi). */
    static void subTreeIndex(long lo, long hi, List<Long> need) {
        while (lo < hi) {
            long k = maxPow2(hi - lo + 1);
            int level = Long.numberOfTrailingZeros(k);
            if ((lo & (k - 1)) != 0) {
                throw new IllegalStateException("bad math in subTreeIndex");
            }
            need.add(storedHashIndex(level, lo >> level));
            lo += k;
        }
    }

    /** The hash of records [lo, hi) from hashes laid out as {@link #subTreeIndex} asked for them. */
    static Hash subTreeHash(long lo, long hi, Cursor hashes) {
        // Partition into a left side with 2^level records, as large as possible, and the right fringe.
        int numTree = 0;
        while (lo < hi) {
            long k = maxPow2(hi - lo + 1);
            if ((lo & (k - 1)) != 0) {
                throw new IllegalStateException("bad math in subTreeHash");
            }
            numTree++;
            lo += k;
        }
        List<Hash> hs = hashes.take(numTree);
        Hash h = hs.get(numTree - 1);
        for (int i = numTree - 2; i >= 0; i--) {
            h = nodeHash(hs.get(i), h);
        }
        return h;
    }

    static List<Hash> read(HashReader r, long[] indexes) throws IOException, SumdbException {
        if (indexes.length == 0) {
            return List.of();
        }
        List<Hash> hashes = r.readHashes(indexes);
        if (hashes == null || hashes.size() != indexes.length) {
            throw new IllegalStateException("tlog: readHashes(" + indexes.length + " indexes) = "
                    + (hashes == null ? "null" : hashes.size() + " hashes"));
        }
        return hashes;
    }

    static long[] toArray(List<Long> list) {
        long[] a = new long[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    /** Hashes being consumed in order. */
    static final class Cursor {
        private final List<Hash> hashes;
        private int pos;

        Cursor(List<Hash> hashes) {
            this.hashes = hashes;
        }

        List<Hash> take(int n) {
            if (pos + n > hashes.size()) {
                throw new IllegalStateException("tlog: bad index math: too few hashes");
            }
            List<Hash> out = hashes.subList(pos, pos + n);
            pos += n;
            return out;
        }

        void requireConsumed(String where) {
            if (pos != hashes.size()) {
                throw new IllegalStateException("tlog: bad index math in " + where);
            }
        }
    }
}
