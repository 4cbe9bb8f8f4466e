package dev.modvault.core.sumdb;

/** Signs notes with one server key (x/mod note.Signer). {@link SignerKey} is the standard one. */
public interface NoteSigner {

    /** The server name, e.g. {@code sum.test.example}. */
    String name();

    /** The hash of the public key (see {@link NoteVerifier#keyHash()}). */
    int keyHash();

    /** The signature of {@code message}. */
    byte[] sign(byte[] message);
}
