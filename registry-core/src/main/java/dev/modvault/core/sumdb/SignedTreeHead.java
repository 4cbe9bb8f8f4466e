package dev.modvault.core.sumdb;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A tree head and the signed note it was read from. Kept together so the note can be shown as evidence (a fork
 * report quotes both notes) and stored as the newest verified head.
 *
 * @param tree the tree the note describes
 * @param note the signed note, as the database sent it
 */
public record SignedTreeHead(TreeHead tree, String note) {

    public SignedTreeHead {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(note, "note");
    }

    /**
     * Opens a signed tree note: verifies it carries a valid signature by {@code key} and parses its text.
     *
     * @throws SumdbFormatException       the note or its tree text is malformed
     * @throws NoteVerificationException the note is not validly signed by {@code key}
     */
    public static SignedTreeHead open(byte[] note, VerifierKey key)
            throws SumdbFormatException, NoteVerificationException {
        Note n = SignedNotes.open(note, NoteVerifiers.of(key));
        return new SignedTreeHead(TreeHead.parse(n.text()), new String(note, StandardCharsets.UTF_8));
    }

    /** Signs {@code tree} with {@code signer}: a database's {@code /latest}. */
    public static SignedTreeHead sign(TreeHead tree, NoteSigner signer) {
        try {
            byte[] note = SignedNotes.sign(Note.of(tree.format()), signer);
            return new SignedTreeHead(tree, new String(note, StandardCharsets.UTF_8));
        } catch (SumdbFormatException e) {
            throw new IllegalStateException("a formatted tree is a well-formed note", e);
        }
    }

    public long size() {
        return tree.size();
    }

    public Hash hash() {
        return tree.hash();
    }

    /** The note's bytes. */
    public byte[] noteBytes() {
        return note.getBytes(StandardCharsets.UTF_8);
    }
}
