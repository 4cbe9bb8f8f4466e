package dev.modvault.storage.azure;

import dev.modvault.storage.ObjectMetadata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ObjectMetadata} as Azure blob metadata ({@code x-ms-meta-*}), which is committed and replaced atomically
 * with the blob:
 * <ul>
 *   <li>{@code modvault_sha256}: the body's SHA-256 (hex);</li>
 *   <li>{@code modvault_content_type}: the content type, percent-encoded (also sent as the blob's Content-Type for
 *       SAS downloads, but read back from here);</li>
 *   <li>{@code a_<name>}: each attribute, '-' in its name as '_' (metadata names must be C# identifiers; attribute
 *       names never hold '_', so this is reversible), its value percent-encoded.</li>
 * </ul>
 * Percent-encoding keeps values to the characters every HTTP stack passes unchanged (header values lose leading and
 * trailing spaces; Azure allows only ASCII). The size is the blob's length. Azure allows 8 KB of metadata per blob.
 */
final class BlobMetadata {

    static final String SHA256 = "modvault_sha256";
    static final String CONTENT_TYPE = "modvault_content_type";
    static final String ATTRIBUTE_PREFIX = "a_";
    /** Azure's limit on the metadata of one blob, names and values, in bytes. */
    static final int MAX_BYTES = 8 * 1024;

    private BlobMetadata() {
    }

    /** The blob metadata of {@code metadata}, or throws IllegalArgumentException if Azure could not hold it. */
    static Map<String, String> encode(ObjectMetadata metadata) {
        Map<String, String> blob = new HashMap<>();
        blob.put(SHA256, metadata.sha256());
        blob.put(CONTENT_TYPE, percentEncode(metadata.contentType()));
        metadata.attributes().forEach((name, value) ->
                blob.put(ATTRIBUTE_PREFIX + name.replace('-', '_'), percentEncode(value)));
        int bytes = blob.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("the metadata takes " + bytes + " bytes as blob metadata, Azure allows "
                    + MAX_BYTES);
        }
        return blob;
    }

    /** The metadata of a blob of {@code size} bytes, or empty if Modvault did not write it. */
    static Optional<ObjectMetadata> decode(long size, Map<String, String> blob, String contentTypeHeader) {
        Map<String, String> attributes = new HashMap<>();
        String sha256 = null;
        String contentType = null;
        for (Map.Entry<String, String> entry : blob.entrySet()) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (name.equals(SHA256)) {
                sha256 = entry.getValue();
            } else if (name.equals(CONTENT_TYPE)) {
                contentType = percentDecode(entry.getValue());
            } else if (name.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(name.substring(ATTRIBUTE_PREFIX.length()).replace('_', '-'),
                        percentDecode(entry.getValue()));
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
