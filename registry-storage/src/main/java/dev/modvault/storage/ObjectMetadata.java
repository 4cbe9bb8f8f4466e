package dev.modvault.storage;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What travels with a stored object.
 *
 * @param size        the body's length in bytes
 * @param sha256      the body's SHA-256, lowercase hex
 * @param contentType the MIME type the body is served with
 * @param attributes  further small string attributes (for example the module's {@code h1:} hash or the time a
 *                    mutable entry was fetched); keys are lowercase {@code [a-z0-9-]+}, values printable ASCII
 */
public record ObjectMetadata(long size, String sha256, String contentType, Map<String, String> attributes) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[\\x20-\\x7e]{0,1024}");

    public ObjectMetadata {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        Objects.requireNonNull(sha256, "sha256");
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: " + sha256);
        }
        Objects.requireNonNull(contentType, "contentType");
        attributes = Map.copyOf(attributes);
        attributes.forEach((k, v) -> {
            if (!ATTRIBUTE_NAME.matcher(k).matches()) {
                throw new IllegalArgumentException("invalid attribute name: " + k);
            }
            if (!ATTRIBUTE_VALUE.matcher(v).matches()) {
                throw new IllegalArgumentException("invalid value of attribute " + k);
            }
        });
    }

    public ObjectMetadata(long size, String sha256, String contentType) {
        this(size, sha256, contentType, Map.of());
    }

    public String attribute(String name) {
        return attributes.get(name);
    }
}
