package dev.modvault.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash tokens are stored as: HMAC-SHA-256 over the whole token string with a server key. Tokens carry 256
 * random bits, so a fast hash is safe (there is nothing to brute-force, unlike a human password) and costs about a
 * microsecond per request; the key means a copy of the token table alone cannot even confirm a guess.
 */
public final class TokenHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final Mac prototype;

    /** @param key at least 32 bytes */
    public TokenHasher(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("the token hash key must have at least 32 bytes");
        }
        try {
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    public byte[] hash(String token) {
        return mac().doFinal(token.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code token} hashes to {@code expected}, compared in constant time. */
    public boolean matches(String token, byte[] expected) {
        return MessageDigest.isEqual(hash(token), expected);
    }

    /** A fresh, initialised Mac: cloning the keyed prototype skips the provider lookup and key setup. */
    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HMAC-SHA-256 provider cannot clone", e);
        }
    }
}
