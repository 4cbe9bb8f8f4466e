package dev.modvault.core.sumdb;

import java.util.Base64;

/**
 * Standard padded base64 as Go's {@code base64.StdEncoding.DecodeString} accepts it in the formats of this package:
 * the length must be a multiple of 4 (the JDK decoder would also take unpadded input).
 */
final class Base64Strict {

    private Base64Strict() {
    }

    /** The decoded bytes, or null when {@code s} is not padded standard base64. */
    static byte[] decode(String s) {
        if (s == null || s.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
