package dev.modvault.core.sumdb;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A checksum database's public key in the verifier-key form {@code <name>+<hash>+<base64(alg||key)>}, e.g.
 * {@code sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8} (x/mod note.NewVerifier), the form
 * GOSUMDB takes.
 *
 * <p>The name must be non-empty, without spaces or '+'; the hash is 8 hex digits and must equal the first 4 bytes,
 * big-endian, of SHA-256(name + "\n" + alg||key); the algorithm byte must be 1 (Ed25519) with a 32-byte key.
 * Verification uses the JDK's Ed25519. Immutable.
 */
public final class VerifierKey implements NoteVerifier {

    private final String name;
    private final int keyHash;
    private final byte[] publicKey; // raw 32 bytes
    private final PublicKey jdkKey;

    private VerifierKey(String name, int keyHash, byte[] publicKey) {
        this.name = name;
        this.keyHash = keyHash;
        this.publicKey = publicKey;
        this.jdkKey = Ed25519.publicKey(publicKey);
    }

    /**
     * Parses a verifier key.
     *
     * @throws IllegalArgumentException naming what is wrong: a malformed name, hash or key encoding, an unknown
     *                                  algorithm, a key of the wrong size, or a hash that does not match the key
     */
    public static VerifierKey parse(String vkey) {
        Objects.requireNonNull(vkey, "vkey");
        String[] a = KeyHashes.chop(vkey, '+');
        String name = a[0];
        String[] b = KeyHashes.chop(a[1], '+');
        String hash16 = b[0];
        String key64 = b[1];
        if (!GoText.isValidName(name)) {
            throw new IllegalArgumentException("malformed verifier key: invalid name " + quote(name)
                    + " (must be non-empty, without spaces or '+')");
        }
        Long hash = KeyHashes.parseHex8(hash16);
        if (hash == null) {
            throw new IllegalArgumentException("malformed verifier key " + quote(name)
                    + ": key hash must be 8 hex digits, got " + quote(hash16));
        }
        byte[] key = Base64Strict.decode(key64);
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("malformed verifier key " + quote(name)
                    + ": key data is not non-empty standard base64");
        }
        if (hash.intValue() != KeyHashes.keyHash(name, key)) {
            throw new IllegalArgumentException("invalid verifier key " + quote(name) + ": key hash " + hash16
                    + " does not match the key (want " + KeyHashes.hex(KeyHashes.keyHash(name, key)) + ")");
        }
        if (key[0] != KeyHashes.ALG_ED25519) {
            throw new IllegalArgumentException("unknown verifier algorithm " + (key[0] & 0xFF) + " in key "
                    + quote(name) + " (only 1, Ed25519, is defined)");
        }
        if (key.length != 1 + Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException("malformed verifier key " + quote(name) + ": an Ed25519 key has "
                    + Ed25519.KEY_SIZE + " bytes, got " + (key.length - 1));
        }
        return new VerifierKey(name, hash.intValue(), Arrays.copyOfRange(key, 1, key.length));
    }

    /** The verifier key for a server name and a raw 32-byte Ed25519 public key (x/mod NewEd25519VerifierKey). */
    public static VerifierKey ofEd25519(String name, byte[] publicKey) {
        if (!GoText.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name " + quote(name));
        }
        if (publicKey.length != Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException("invalid public key size " + publicKey.length + ", expected 32");
        }
        return new VerifierKey(name, KeyHashes.keyHash(name, algAndKey(publicKey)), publicKey.clone());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int keyHash() {
        return keyHash;
    }

    /** The raw 32-byte Ed25519 public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519.verify(jdkKey, message, signature);
    }

    /** The encoded form {@code name+hash+base64(alg||key)}. */
    public String encoded() {
        return name + "+" + KeyHashes.hex(keyHash) + "+" + Base64.getEncoder().encodeToString(algAndKey(publicKey));
    }

    @Override
    public String toString() {
        return encoded();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey k && name.equals(k.name) && keyHash == k.keyHash
                && Arrays.equals(publicKey, k.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyHash);
    }

    static byte[] algAndKey(byte[] publicKey) {
        byte[] out = new byte[1 + publicKey.length];
        out[0] = KeyHashes.ALG_ED25519;
        System.arraycopy(publicKey, 0, out, 1, publicKey.length);
        return out;
    }

    private static String quote(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return "\"" + cut + "\"";
    }
}
