package dev.modvault.auth.token;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The shape of a Modvault API token: {@code mvt_<id>_<secret>}, where {@code id} is 16 lower-case hex digits (the
 * public handle: lookup key, listed, audited) and {@code secret} 32 random bytes in unpadded base64url (256 bits).
 * The fixed layout lets a presented string be told apart from other credentials, and its id found, without any
 * lookup; secret scanners can match the {@code mvt_} prefix.
 */
public final class TokenFormat {

    public static final String PREFIX = "mvt_";
    static final int ID_CHARS = 16;
    static final int SECRET_BYTES = 32;
    static final int SECRET_CHARS = 43;
    static final int LENGTH = PREFIX.length() + ID_CHARS + 1 + SECRET_CHARS;

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFormat() {
    }

    /** A new random token. */
    public static String generate() {
        byte[] id = new byte[ID_CHARS / 2];
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return PREFIX + HexFormat.of().formatHex(id) + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Whether the string has the token shape (it may still be unknown or wrong). */
    public static boolean looksLikeToken(String presented) {
        return presented != null && presented.startsWith(PREFIX);
    }

    /** The id of a well-formed token; empty when the string is not one. */
    public static Optional<String> id(String presented) {
        if (presented == null || presented.length() != LENGTH || !presented.startsWith(PREFIX)
                || presented.charAt(PREFIX.length() + ID_CHARS) != '_') {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < PREFIX.length() + ID_CHARS; i++) {
            char c = presented.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return Optional.empty();
            }
        }
        for (int i = LENGTH - SECRET_CHARS; i < LENGTH; i++) {
            char c = presented.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return Optional.empty();
            }
        }
        return Optional.of(presented.substring(PREFIX.length(), PREFIX.length() + ID_CHARS));
    }
}
