package dev.modvault.core.sumdb;

import java.util.List;
import java.util.Objects;

/**
 * A note's text and its signatures (x/mod note.Note). {@link SignedNotes#open} fills {@code signatures} with the
 * verified ones and {@code unverifiedSignatures} with those by unknown keys.
 *
 * @param text                 the text, ending in a newline
 * @param signatures           signatures verified by a known key
 * @param unverifiedSignatures signatures by keys that were not known
 */
public record Note(String text, List<NoteSignature> signatures, List<NoteSignature> unverifiedSignatures) {

    public Note {
        Objects.requireNonNull(text, "text");
        signatures = List.copyOf(signatures);
        unverifiedSignatures = List.copyOf(unverifiedSignatures);
    }

    /** An unsigned note with this text. */
    public static Note of(String text) {
        return new Note(text, List.of(), List.of());
    }
}
