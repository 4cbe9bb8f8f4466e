package dev.modvault.core.sumdb;

import java.util.List;
import java.util.Objects;

/**
 * SECURITY ALERT: a checksum database signed two tree heads that cannot both be true — a tree that does not extend
 * the one verified before, or two different trees of the same size. Either the database's key is compromised or the
 * database (or someone between it and us) is showing different histories to different clients. Nothing it says
 * should be trusted until this is investigated; the signed notes and the proof in this exception are the evidence.
 *
 * <p>The message follows the go command's report ("SECURITY ERROR ... old database: ... new database: ... proof of
 * misbehavior: ...") and names both tree sizes and hashes.
 */
public final class TreeForkException extends SumdbException {

    private final transient SignedTreeHead older;
    private final transient SignedTreeHead newer;
    private final transient Hash olderHashInNewer;
    private final transient List<Hash> proof;

    TreeForkException(String database, SignedTreeHead older, SignedTreeHead newer, Hash olderHashInNewer,
            List<Hash> proof, String proofProblem) {
        super(message(database, older, newer, olderHashInNewer, proof, proofProblem));
        this.older = Objects.requireNonNull(older);
        this.newer = Objects.requireNonNull(newer);
        this.olderHashInNewer = Objects.requireNonNull(olderHashInNewer);
        this.proof = List.copyOf(proof);
    }

    /** The smaller (or, for equal sizes, the previously verified) tree head. */
    public SignedTreeHead older() {
        return older;
    }

    /** The larger (or, for equal sizes, the newly received) tree head. */
    public SignedTreeHead newer() {
        return newer;
    }

    /** The hash the newer tree gives the first {@code older().size()} records, which differs from the older hash. */
    public Hash olderHashInNewer() {
        return olderHashInNewer;
    }

    /** The proof that the newer tree contains {@link #olderHashInNewer()} at the older size (may be empty). */
    public List<Hash> proof() {
        return proof;
    }

    private static String message(String database, SignedTreeHead older, SignedTreeHead newer, Hash inNewer,
            List<Hash> proof, String proofProblem) {
        StringBuilder sb = new StringBuilder("SECURITY ERROR\n");
        sb.append("checksum database ").append(database).append(" has forked (server misbehavior detected): ");
        if (older.size() == newer.size()) {
            sb.append("it signed two different trees of size ").append(older.size()).append(": hash ")
                    .append(older.hash()).append(" and hash ").append(newer.hash());
        } else {
            sb.append("tree#").append(newer.size()).append(" (hash ").append(newer.hash())
                    .append(") does not extend tree#")
                    .append(older.size()).append(" (hash ").append(older.hash()).append("): it holds hash ")
                    .append(inNewer).append(" for the first ").append(older.size()).append(" records");
        }
        sb.append(". Both tree heads are validly signed; do not trust this database until this is investigated.\n\n");
        sb.append("old database:\n\t").append(indent(older.note())).append('\n');
        sb.append("new database:\n\t").append(indent(newer.note())).append('\n');
        sb.append("proof of misbehavior:\n\t").append(inNewer);
        if (proofProblem != null) {
            sb.append("\n\t").append(proofProblem);
        }
        for (Hash h : proof) {
            sb.append("\n\t").append(h);
        }
        return sb.toString();
    }

    private static String indent(String s) {
        return s.replace("\n", "\n\t");
    }
}
