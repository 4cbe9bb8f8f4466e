package dev.modvault.storage.disk;

import dev.modvault.storage.ObjectMetadata;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The metadata sidecar of a disk object: UTF-8 text, a header line then {@code name=value} lines with URL-encoded
 * values, for example
 * <pre>
 * modvault-sidecar 1
 * size=1234
 * sha256=9f86d0...
 * content-type=application%2Fzip
 * body-id=%28dev%3D803%2Cino%3D4242%29%402025-01-02T03%3A04%3A05.123456789Z
 * attr.h1=h1%3Aabc...
 * </pre>
 * {@code body-id} is the {@link DiskArtifactStore#identity identity} (inode and modification time) of the body the
 * sidecar was written for, empty where the file system has none; it lets a reader tell a sidecar that belongs to the
 * body in place from one of a concurrent put.
 *
 * @param bodyId the body's identity, or null if unknown
 */
record Sidecar(long size, String sha256, String contentType, Map<String, String> attributes, String bodyId) {

    private static final String HEADER = "modvault-sidecar 1";
    private static final String ATTRIBUTE_PREFIX = "attr.";

    /** @param bodyId the body's {@link DiskArtifactStore#identity identity}, null if the file system has none */
    static Sidecar of(ObjectMetadata metadata, String bodyId) {
        return new Sidecar(metadata.size(), metadata.sha256(), metadata.contentType(), metadata.attributes(), bodyId);
    }

    /** Whether this sidecar was written for the body with the given identity (true if either is unknown). */
    boolean describes(String bodyIdentity) {
        return bodyId == null || bodyIdentity == null || bodyId.equals(bodyIdentity);
    }

    /** This sidecar, recording another body identity. */
    Sidecar forBody(String bodyIdentity) {
        return new Sidecar(size, sha256, contentType, attributes, bodyIdentity);
    }

    ObjectMetadata toMetadata(long fileLength) {
        return new ObjectMetadata(fileLength, sha256, contentType, attributes);
    }

    byte[] encode() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        line(text, "size", Long.toString(size));
        line(text, "sha256", sha256);
        line(text, "content-type", contentType);
        line(text, "body-id", bodyId == null ? "" : bodyId);
        new TreeMap<>(attributes).forEach((name, value) -> line(text, ATTRIBUTE_PREFIX + name, value));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder text, String name, String value) {
        text.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('\n');
    }

    /** @return the sidecar, or null if there is none */
    static Sidecar read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return decode(text);
        } catch (RuntimeException e) {
            throw new IOException("corrupt metadata sidecar " + path.getFileName() + ": " + e.getMessage(), e);
        }
    }

    static Sidecar decode(String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("unknown format");
        }
        Long size = null;
        String sha256 = null;
        String contentType = null;
        String bodyId = null;
        Map<String, String> attributes = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("line " + (i + 1) + " has no '='");
            }
            String name = line.substring(0, eq);
            String value = URLDecoder.decode(line.substring(eq + 1), StandardCharsets.UTF_8);
            switch (name) {
                case "size" -> size = Long.parseLong(value);
                case "sha256" -> sha256 = value;
                case "content-type" -> contentType = value;
                case "body-id" -> bodyId = value.isEmpty() ? null : value;
                default -> {
                    if (name.startsWith(ATTRIBUTE_PREFIX)) {
                        attributes.put(name.substring(ATTRIBUTE_PREFIX.length()), value);
                    } // unknown lines are ignored, for forward compatibility
                }
            }
        }
        Objects.requireNonNull(size, "size missing");
        Objects.requireNonNull(sha256, "sha256 missing");
        Objects.requireNonNull(contentType, "content-type missing");
        new ObjectMetadata(size, sha256, contentType, attributes); // validates
        return new Sidecar(size, sha256, contentType, Map.copyOf(attributes), bodyId);
    }
}
