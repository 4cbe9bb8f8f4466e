package dev.modvault.core.sumdb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Record (inclusion) and tree (consistency) proofs of the log, compatible with RFC 6962's Merkle audit paths and
 * consistency proofs (x/mod tlog ProveRecord / CheckRecord / ProveTree / CheckTree). A proof is a list of hashes.
 */
public final class TlogProofs {

    private TlogProofs() {
    }

    /** The proof that the tree of size {@code t} contains record {@code n} (x/mod tlog.ProveRecord). */
    public static List<Hash> proveRecord(long t, long n, HashReader r) throws IOException, SumdbException {
        if (t < 0 || n < 0 || n >= t) {
            throw new IllegalArgumentException("tlog: invalid inputs in proveRecord(" + t + ", " + n + ")");
        }
        List<Long> need = new ArrayList<>();
        leafProofIndex(0, t, n, need);
        if (need.isEmpty()) {
            return List.of();
        }
        Tlog.Cursor c = new Tlog.Cursor(Tlog.read(r, Tlog.toArray(need)));
        List<Hash> p = leafProof(0, t, n, c);
        c.requireConsumed("proveRecord");
        return List.copyOf(p);
    }

    /**
     * Checks that {@code proof} shows that the tree of size {@code t} with hash {@code treeHash} has record {@code n}
     * with hash {@code recordHash} (x/mod tlog.CheckRecord).
     *
     * @throws InvalidProofException when it does not
     */
    public static void checkRecord(List<Hash> proof, long t, Hash treeHash, long n, Hash recordHash)
            throws InvalidProofException {
        if (t < 0 || n < 0 || n >= t) {
            throw new IllegalArgumentException("tlog: invalid inputs in checkRecord(" + t + ", " + n + ")");
        }
        if (!runRecordProof(proof, 0, t, n, recordHash).equals(treeHash)) {
            throw new InvalidProofException();
        }
    }

    /** The proof that the tree of size {@code t} contains the tree of size {@code n} as a prefix (x/mod ProveTree). */
    public static List<Hash> proveTree(long t, long n, HashReader r) throws IOException, SumdbException {
        if (t < 1 || n < 1 || n > t) {
            throw new IllegalArgumentException("tlog: invalid inputs in proveTree(" + t + ", " + n + ")");
        }
        List<Long> need = new ArrayList<>();
        treeProofIndex(0, t, n, need);
        if (need.isEmpty()) {
            return List.of();
        }
        Tlog.Cursor c = new Tlog.Cursor(Tlog.read(r, Tlog.toArray(need)));
        List<Hash> p = treeProof(0, t, n, c);
        c.requireConsumed("proveTree");
        return List.copyOf(p);
    }

    /**
     * Checks that {@code proof} shows that the tree of size {@code t} with hash {@code treeHash} contains as a prefix
     * the tree of size {@code n} with hash {@code oldHash} (x/mod tlog.CheckTree).
     *
     * @throws InvalidProofException when it does not
     */
    public static void checkTree(List<Hash> proof, long t, Hash treeHash, long n, Hash oldHash)
            throws InvalidProofException {
        if (t < 1 || n < 1 || n > t) {
            throw new IllegalArgumentException("tlog: invalid inputs in checkTree(" + t + ", " + n + ")");
        }
        Hash[] hs = runTreeProof(proof, 0, t, n, oldHash);
        if (!hs[0].equals(oldHash) || !hs[1].equals(treeHash)) {
            throw new InvalidProofException();
        }
    }

    // ---- record proofs (RFC 6962 2.1.1) ----

    private static void leafProofIndex(long lo, long hi, long n, List<Long> need) {
        if (!(lo <= n && n < hi)) {
            throw new IllegalStateException("tlog: bad math in leafProofIndex");
        }
        if (lo + 1 == hi) {
            return;
        }
        long k = Tlog.maxPow2(hi - lo);
        if (n < lo + k) {
            leafProofIndex(lo, lo + k, n, need);
            Tlog.subTreeIndex(lo + k, hi, need);
        } else {
            Tlog.subTreeIndex(lo, lo + k, need);
            leafProofIndex(lo + k, hi, n, need);
        }
    }

    private static List<Hash> leafProof(long lo, long hi, long n, Tlog.Cursor hashes) {
        if (!(lo <= n && n < hi)) {
            throw new IllegalStateException("tlog: bad math in leafProof");
        }
        if (lo + 1 == hi) {
            // The leaf itself: the verifier knows its hash.
            return new ArrayList<>();
        }
        // Walk down toward n, recording the hash of the path not taken.
        List<Hash> p;
        Hash th;
        long k = Tlog.maxPow2(hi - lo);
        if (n < lo + k) {
            p = leafProof(lo, lo + k, n, hashes);
            th = Tlog.subTreeHash(lo + k, hi, hashes);
        } else {
            th = Tlog.subTreeHash(lo, lo + k, hashes);
            p = leafProof(lo + k, hi, n, hashes);
        }
        p.add(th);
        return p;
    }

    /** The hash of records [lo, hi) the proof implies; a proof of the wrong length is invalid. */
    private static Hash runRecordProof(List<Hash> p, long lo, long hi, long n, Hash leafHash)
            throws InvalidProofException {
        if (!(lo <= n && n < hi)) {
            throw new IllegalStateException("tlog: bad math in runRecordProof");
        }
        if (lo + 1 == hi) {
            if (!p.isEmpty()) {
                throw new InvalidProofException(); // unnecessary hashes
            }
            return leafHash;
        }
        if (p.isEmpty()) {
            throw new InvalidProofException();
        }
        long k = Tlog.maxPow2(hi - lo);
        Hash last = p.get(p.size() - 1);
        List<Hash> rest = p.subList(0, p.size() - 1);
        if (n < lo + k) {
            return Tlog.nodeHash(runRecordProof(rest, lo, lo + k, n, leafHash), last);
        }
        return Tlog.nodeHash(last, runRecordProof(rest, lo + k, hi, n, leafHash));
    }

    // ---- tree proofs (RFC 6962 2.1.2) ----

    private static void treeProofIndex(long lo, long hi, long n, List<Long> need) {
        if (!(lo < n && n <= hi)) {
            throw new IllegalStateException("tlog: bad math in treeProofIndex");
        }
        if (n == hi) {
            if (lo != 0) {
                Tlog.subTreeIndex(lo, hi, need);
            }
            return;
        }
        long k = Tlog.maxPow2(hi - lo);
        if (n <= lo + k) {
            treeProofIndex(lo, lo + k, n, need);
            Tlog.subTreeIndex(lo + k, hi, need);
        } else {
            Tlog.subTreeIndex(lo, lo + k, need);
            treeProofIndex(lo + k, hi, n, need);
        }
    }

    private static List<Hash> treeProof(long lo, long hi, long n, Tlog.Cursor hashes) {
        if (!(lo < n && n <= hi)) {
            throw new IllegalStateException("tlog: bad math in treeProof");
        }
        if (n == hi) {
            List<Hash> p = new ArrayList<>();
            if (lo != 0) {
                // lo == 0 is exactly the old tree, whose hash the verifier knows.
                p.add(Tlog.subTreeHash(lo, hi, hashes));
            }
            return p;
        }
        List<Hash> p;
        Hash th;
        long k = Tlog.maxPow2(hi - lo);
        if (n <= lo + k) {
            p = treeProof(lo, lo + k, n, hashes);
            th = Tlog.subTreeHash(lo + k, hi, hashes);
        } else {
            th = Tlog.subTreeHash(lo, lo + k, hashes);
            p = treeProof(lo + k, hi, n, hashes);
        }
        p.add(th);
        return p;
    }

    /** The implied hashes {old subtree, new subtree} of records [lo, hi). */
    private static Hash[] runTreeProof(List<Hash> p, long lo, long hi, long n, Hash old)
            throws InvalidProofException {
        if (!(lo < n && n <= hi)) {
            throw new IllegalStateException("tlog: bad math in runTreeProof");
        }
        if (n == hi) {
            if (lo == 0) {
                if (!p.isEmpty()) {
                    throw new InvalidProofException();
                }
                return new Hash[] {old, old};
            }
            if (p.size() != 1) {
                throw new InvalidProofException();
            }
            return new Hash[] {p.get(0), p.get(0)};
        }
        if (p.isEmpty()) {
            throw new InvalidProofException();
        }
        long k = Tlog.maxPow2(hi - lo);
        Hash last = p.get(p.size() - 1);
        List<Hash> rest = p.subList(0, p.size() - 1);
        if (n <= lo + k) {
            Hash[] r = runTreeProof(rest, lo, lo + k, n, old);
            return new Hash[] {r[0], Tlog.nodeHash(r[1], last)};
        }
        Hash[] r = runTreeProof(rest, lo + k, hi, n, old);
        return new Hash[] {Tlog.nodeHash(last, r[0]), Tlog.nodeHash(last, r[1])};
    }
}
