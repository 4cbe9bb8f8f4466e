package dev.modvault.storage.s3;

import dev.modvault.storage.ObjectMetadata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ObjectMetadata} as S3 user metadata ({@code x-amz-meta-*}), which travels with the object and is replaced
 * with it atomically:
 * <ul>
 *   <li>{@code modvault-sha256}: the body's SHA-256 (hex);</li>
 *   <li>{@code modvault-content-type}: the content type, percent-encoded (it is also sent as {@code Content-Type}
 *       for direct downloads, but read back from here, where no gateway normalizes it);</li>
 *   <li>{@code a-<name>}: each attribute, its value percent-encoded.</li>
 * </ul>
 * Percent-encoding keeps values to the characters every HTTP stack passes unchanged: header values lose leading and
 * trailing spaces, and S3 allows only US-ASCII. The size is the Content-Length. S3 allows 2 KB of user metadata per
 * object (names and values); {@link #encode} refuses more with a message.
 */
final class UserMetadata {

    static final String SHA256 = "modvault-sha256";
    static final String CONTENT_TYPE = "modvault-content-type";
    static final String ATTRIBUTE_PREFIX = "a-";
    /** S3's limit on the user metadata of one object, names and values, in bytes. */
    static final int MAX_BYTES = 2048;

    private UserMetadata() {
    }

    /** The user metadata of {@code metadata}, or throws IllegalArgumentException if S3 could not hold it. */
    static Map<String, String> encode(ObjectMetadata metadata) {
        Map<String, String> user = new HashMap<>();
        user.put(SHA256, metadata.sha256());
        user.put(CONTENT_TYPE, percentEncode(metadata.contentType()));
        metadata.attributes().forEach((name, value) -> user.put(ATTRIBUTE_PREFIX + name, percentEncode(value)));
        int bytes = user.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("the metadata takes " + bytes + " bytes as S3 user metadata, S3 allows "
                    + MAX_BYTES);
        }
        return user;
    }

    /**
     * The metadata of an object of {@code size} bytes with these user metadata (names in any case), or empty if the
     * object was not written by Modvault (no or malformed {@code modvault-*} entries).
     */
    static Optional<ObjectMetadata> decode(long size, Map<String, String> user, String contentTypeHeader) {
        Map<String, String> attributes = new HashMap<>();
        String sha256 = null;
        String contentType = null;
        for (Map.Entry<String, String> entry : user.entrySet()) {
            String name = entry.getKey().toLowerCase(java.util.Locale.ROOT);
            if (name.equals(SHA256)) {
                sha256 = entry.getValue();
            } else if (name.equals(CONTENT_TYPE)) {
                contentType = percentDecode(entry.getValue());
            } else if (name.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(name.substring(ATTRIBUTE_PREFIX.length()), percentDecode(entry.getValue()));
            }
        }
        if (sha256 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectMetadata(size, sha256,
                    contentType != null ? contentType : contentTypeHeader != null ? contentTypeHeader
                            : "application/octet-stream", attributes));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** Whether a content type can be sent as a header value as it is (printable US-ASCII). */
    static boolean headerSafe(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** UTF-8 with every byte but {@code A-Z a-z 0-9 - . _ ~ / ; = :} as {@code %XX}: printable ASCII without spaces. */
    static String percentEncode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '/' || c == ';' || c == '=' || c == ':') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String percentDecode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            out.write(c);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
