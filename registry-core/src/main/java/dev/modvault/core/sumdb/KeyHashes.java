package dev.modvault.core.sumdb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The key-hash and text helpers shared by {@link VerifierKey} and {@link SignerKey}. */
final class KeyHashes {

    /** The only algorithm the note format defines. */
    static final int ALG_ED25519 = 1;

    private KeyHashes() {
    }

    /** The first 4 bytes, big-endian, of SHA-256(name + "\n" + key) where key is alg||public key. */
    static int keyHash(String name, byte[] algAndKey) {
        MessageDigest d = sha256();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(algAndKey);
        byte[] sum = d.digest();
        return ((sum[0] & 0xFF) << 24) | ((sum[1] & 0xFF) << 16) | ((sum[2] & 0xFF) << 8) | (sum[3] & 0xFF);
    }

    /** Eight lowercase hex digits. */
    static String hex(int hash) {
        return String.format("%08x", hash);
    }

    /** Parses exactly eight hex digits (either case, no sign), or returns null. */
    static Long parseHex8(String s) {
        if (s.length() != 8) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            char c = s.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                    : -1;
            if (d < 0) {
                return null;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** {@code s} cut at the first {@code sep}: before and after; after is "" when there is no {@code sep}. */
    static String[] chop(String s, char sep) {
        int i = s.indexOf(sep);
        return i < 0 ? new String[] {s, ""} : new String[] {s.substring(0, i), s.substring(i + 1)};
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
