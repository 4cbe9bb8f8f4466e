package dev.modvault.core.sumdb;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A SHA-256 hash in a transparency log: a record hash, an interior node hash or a tree hash (x/mod tlog.Hash).
 * Immutable; {@link #toString()} is the standard base64 form used in tree notes and proofs.
 */
public final class Hash {

    /** Bytes in a hash. */
    public static final int SIZE = 32;

    /** The all-zero hash: the hash of the empty tree. */
    public static final Hash ZERO = new Hash(new byte[SIZE]);

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A hash with a copy of these 32 bytes. */
    public static Hash of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("a hash has " + SIZE + " bytes, got " + bytes.length);
        }
        return new Hash(bytes.clone());
    }

    /** The hash stored in {@code data[offset, offset+32)}. */
    public static Hash of(byte[] data, int offset) {
        Objects.checkFromIndexSize(offset, SIZE, data.length);
        return new Hash(Arrays.copyOfRange(data, offset, offset + SIZE));
    }

    /** Wraps a fresh array without copying; callers in this package only. */
    static Hash wrap(byte[] bytes) {
        return new Hash(bytes);
    }

    /**
     * Parses the base64 form (x/mod tlog.ParseHash).
     *
     * @throws IllegalArgumentException "malformed hash" unless {@code s} is padded base64 of 32 bytes
     */
    public static Hash parse(String s) {
        byte[] b = Base64Strict.decode(s);
        if (b == null || b.length != SIZE) {
            throw new IllegalArgumentException("malformed hash");
        }
        return new Hash(b);
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the 32 bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, SIZE);
    }

    /** Whether this hash equals the 32 bytes of {@code data} at {@code offset}. */
    boolean equalsAt(byte[] data, int offset) {
        return Arrays.equals(bytes, 0, SIZE, data, offset, offset + SIZE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The standard (padded) base64 encoding, e.g. {@code TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=}. */
    @Override
    public String toString() {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
