package dev.modvault.core.sumdb;

import java.util.Objects;

/**
 * One signature line of a signed note, verified or not (x/mod note.Signature): the signer's name and key hash, and
 * the base64 of keyhash||signature as it appeared.
 */
public record NoteSignature(String name, int keyHash, String base64) {

    public NoteSignature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base64, "base64");
    }

    /** {@code name+hash}, the way errors name a key. */
    public String keyId() {
        return name + "+" + KeyHashes.hex(keyHash);
    }
}
