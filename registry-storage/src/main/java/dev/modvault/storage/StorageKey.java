package dev.modvault.storage;

import java.util.regex.Pattern;

/**
 * The name of a stored object: '/'-separated segments, each made of the characters a case-escaped module path or
 * version may hold ({@code A-Z a-z 0-9 . _ ~ - + ! @}). Keys are validated when built, so no key can name a file
 * outside the store: no empty, "." or ".." segment, no leading or trailing '/', no control or other characters, at
 * most 1024 characters (the S3 limit).
 */
public record StorageKey(String value) implements Comparable<StorageKey> {

    public static final int MAX_LENGTH = 1024;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~+!@-]+");

    public StorageKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("storage key must have 1 to " + MAX_LENGTH + " characters");
        }
        for (String segment : value.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("invalid storage key: " + value);
            }
        }
    }

    public static StorageKey of(String value) {
        return new StorageKey(value);
    }

    /** This key followed by '/' and the given relative key. */
    public StorageKey resolve(String child) {
        return new StorageKey(value + "/" + child);
    }

    /** The last segment. */
    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public int compareTo(StorageKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
