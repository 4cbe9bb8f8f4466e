package dev.modvault.core.sumdb;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A checksum database's private key in the signer-key form {@code PRIVATE+KEY+<name>+<hash>+<base64(alg||seed)>}
 * (x/mod note.NewSigner), and generation of new key pairs (x/mod note.GenerateKey). The hash is that of the public
 * key, so parsing derives the public key from the seed and checks it. Anyone holding the encoded key can sign: keep
 * it secret ({@link #toString()} does not show it; {@link #encoded()} does).
 */
public final class SignerKey implements NoteSigner {

    private final String name;
    private final int keyHash;
    private final byte[] seed;
    private final PrivateKey jdkKey;
    private final VerifierKey verifierKey;

    private SignerKey(String name, byte[] seed) {
        this.name = name;
        this.seed = seed;
        byte[] publicKey = Ed25519.publicKeyOfSeed(seed);
        this.verifierKey = VerifierKey.ofEd25519(name, publicKey);
        this.keyHash = verifierKey.keyHash();
        this.jdkKey = Ed25519.privateKey(seed);
    }

    /**
     * Parses a signer key.
     *
     * @throws IllegalArgumentException naming what is wrong (missing {@code PRIVATE+KEY+} prefix, bad name, hash or
     *                                  encoding, unknown algorithm, wrong size, hash not matching the derived key)
     */
    public static SignerKey parse(String skey) {
        Objects.requireNonNull(skey, "skey");
        String[] p1 = KeyHashes.chop(skey, '+');
        String[] p2 = KeyHashes.chop(p1[1], '+');
        String[] n = KeyHashes.chop(p2[1], '+');
        String[] h = KeyHashes.chop(n[1], '+');
        String name = n[0];
        String hash16 = h[0];
        String key64 = h[1];
        if (!p1[0].equals("PRIVATE") || !p2[0].equals("KEY")) {
            throw new IllegalArgumentException("malformed signer key: must start with PRIVATE+KEY+");
        }
        if (!GoText.isValidName(name)) {
            throw new IllegalArgumentException("malformed signer key: invalid name (must be non-empty, without spaces"
                    + " or '+')");
        }
        Long hash = KeyHashes.parseHex8(hash16);
        if (hash == null) {
            throw new IllegalArgumentException("malformed signer key for " + name + ": key hash must be 8 hex digits");
        }
        byte[] key = Base64Strict.decode(key64);
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("malformed signer key for " + name
                    + ": key data is not non-empty standard base64");
        }
        if (key[0] != KeyHashes.ALG_ED25519) {
            throw new IllegalArgumentException("unknown signer algorithm " + (key[0] & 0xFF) + " in key for " + name);
        }
        if (key.length != 1 + Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException("malformed signer key for " + name + ": an Ed25519 seed has "
                    + Ed25519.KEY_SIZE + " bytes, got " + (key.length - 1));
        }
        SignerKey s = new SignerKey(name, Arrays.copyOfRange(key, 1, key.length));
        if (s.keyHash != hash.intValue()) {
            throw new IllegalArgumentException("invalid signer key for " + name + ": key hash " + hash16
                    + " does not match the key");
        }
        return s;
    }

    /** The signer for a server name and a 32-byte Ed25519 seed. */
    public static SignerKey fromSeed(String name, byte[] seed) {
        if (!GoText.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name \"" + name + "\"");
        }
        if (seed.length != Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException("invalid seed size " + seed.length + ", expected 32");
        }
        return new SignerKey(name, seed.clone());
    }

    /** A new key pair for {@code name}, from a strong random seed. */
    public static SignerKey generate(String name) {
        return generate(name, new SecureRandom());
    }

    /** A new key pair for {@code name}, the seed drawn from {@code random}. */
    public static SignerKey generate(String name, SecureRandom random) {
        byte[] seed = new byte[Ed25519.KEY_SIZE];
        random.nextBytes(seed);
        return fromSeed(name, seed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int keyHash() {
        return keyHash;
    }

    /** The matching public key. */
    public VerifierKey verifierKey() {
        return verifierKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        return Ed25519.sign(jdkKey, message);
    }

    /** The secret encoded form {@code PRIVATE+KEY+name+hash+base64(alg||seed)}. */
    public String encoded() {
        byte[] algAndSeed = new byte[1 + seed.length];
        algAndSeed[0] = KeyHashes.ALG_ED25519;
        System.arraycopy(seed, 0, algAndSeed, 1, seed.length);
        return "PRIVATE+KEY+" + name + "+" + KeyHashes.hex(keyHash) + "+"
                + Base64.getEncoder().encodeToString(algAndSeed);
    }

    /** Names the key without revealing it. */
    @Override
    public String toString() {
        return "SignerKey[" + name + "+" + KeyHashes.hex(keyHash) + "]";
    }
}
