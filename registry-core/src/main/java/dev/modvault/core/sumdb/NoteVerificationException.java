package dev.modvault.core.sumdb;

import java.util.Objects;
import java.util.Optional;

/**
 * A well-formed signed note whose signatures do not establish it (x/mod note.Open's verification errors): no
 * signature by a known key, a signature by a known key that does not verify, or a key list that cannot decide.
 */
public final class NoteVerificationException extends SumdbException {

    /** Why the note was not accepted. */
    public enum Reason {
        /** No signature by a known key (x/mod UnverifiedNoteError: "note has no verifiable signatures"). */
        NO_VERIFIABLE_SIGNATURE,
        /** A known key's signature does not verify (x/mod InvalidSignatureError). */
        INVALID_SIGNATURE,
        /** Two known keys have the same name and key hash ("ambiguous key name+hash"). */
        AMBIGUOUS_KEY,
        /** The key list returned a verifier for another name or hash. */
        MISMATCHED_VERIFIER
    }

    private final Reason reason;
    private final transient Note note;

    NoteVerificationException(Reason reason, String message, Note note) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
        this.note = note;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#NO_VERIFIABLE_SIGNATURE}: the parsed note, all of its signatures unverified. */
    public Optional<Note> unverifiedNote() {
        return Optional.ofNullable(note);
    }
}
