package dev.modvault.core.sumdb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The keys a note may be verified with, found by name and key hash (x/mod note.Verifiers). */
@FunctionalInterface
public interface NoteVerifiers {

    /**
     * The verifier of the key {@code name+keyHash}; empty when the key is unknown (its signatures are then kept as
     * unverified).
     *
     * @throws NoteVerificationException when the key cannot be decided, e.g. two known keys match
     */
    Optional<NoteVerifier> find(String name, int keyHash) throws NoteVerificationException;

    /** The verifiers of a list of keys (x/mod note.VerifierList); a name and hash listed twice is ambiguous. */
    static NoteVerifiers of(NoteVerifier... verifiers) {
        return of(List.of(verifiers));
    }

    /** See {@link #of(NoteVerifier...)}. */
    static NoteVerifiers of(List<? extends NoteVerifier> verifiers) {
        Map<String, List<NoteVerifier>> byKey = new HashMap<>();
        for (NoteVerifier v : verifiers) {
            byKey.computeIfAbsent(v.name() + "+" + KeyHashes.hex(v.keyHash()), k -> new ArrayList<>()).add(v);
        }
        return (name, keyHash) -> {
            String id = name + "+" + KeyHashes.hex(keyHash);
            List<NoteVerifier> found = byKey.get(id);
            if (found == null) {
                return Optional.empty();
            }
            if (found.size() > 1) {
                throw new NoteVerificationException(NoteVerificationException.Reason.AMBIGUOUS_KEY,
                        "ambiguous key " + id, null);
            }
            return Optional.of(found.get(0));
        };
    }
}
