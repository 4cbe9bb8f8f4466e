package dev.modvault.storage;

/**
 * The name of a stored object: '/'-separated segments, each made of the characters a case-escaped module path or
 * version may hold ({@code A-Z a-z 0-9 . _ ~ - + ! @}). Keys are validated when built, so no key can name a file
 * outside the store: no empty, "." or ".." segment, no leading or trailing '/', no control or other characters, at
 * most 1024 characters (the S3 limit).
 */
public record StorageKey(String value) implements Comparable<StorageKey> {

    public static final int MAX_LENGTH = 1024;

    public StorageKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("storage key must have 1 to " + MAX_LENGTH + " characters");
        }
        int segmentStart = 0;
        for (int i = 0; i <= value.length(); i++) { // one pass, no regex: built on every request
            char c = i < value.length() ? value.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0 || (value.charAt(segmentStart) == '.'
                        && (length == 1 || (length == 2 && value.charAt(segmentStart + 1) == '.')))) {
                    throw new IllegalArgumentException("invalid storage key: " + value);
                }
                segmentStart = i + 1;
            } else if (!segmentChar(c)) {
                throw new IllegalArgumentException("invalid storage key: " + value);
            }
        }
    }

    /** {@code A-Z a-z 0-9 . _ ~ + ! @ -} */
    private static boolean segmentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '~' || c == '+' || c == '!' || c == '@' || c == '-';
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
