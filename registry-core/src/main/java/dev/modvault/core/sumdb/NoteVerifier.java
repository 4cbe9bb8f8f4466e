package dev.modvault.core.sumdb;

/** Verifies signatures by one server key (x/mod note.Verifier). {@link VerifierKey} is the standard one. */
public interface NoteVerifier {

    /** The server name the key belongs to, e.g. {@code sum.golang.org}. */
    String name();

    /** The key hash: the first 4 bytes, big-endian, of SHA-256(name + "\n" + alg||key). */
    int keyHash();

    /** Whether {@code signature} is a valid signature of {@code message} by this key. */
    boolean verify(byte[] message, byte[] signature);
}
