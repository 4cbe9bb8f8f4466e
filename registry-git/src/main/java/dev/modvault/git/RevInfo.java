package dev.modvault.git;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A resolved module version, the content of a GOPROXY {@code .info} answer: {@code Version}, {@code Time} (the commit
 * time, UTC) and {@code Origin} (where it came from).
 */
public record RevInfo(String version, Instant time, Origin origin) {

    /**
     * Where a version came from, as the go command records it: the VCS, the repository URL, the module's
     * subdirectory, the ref a query was resolved through ({@code refs/tags/v1.2.3}, {@code refs/heads/main},
     * {@code HEAD}; null when a commit hash was asked) and the commit hash.
     */
    public record Origin(String vcs, String url, String subdir, String ref, String hash) {
    }

    public RevInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(time, "time");
    }

    /** The JSON the go command expects ({@code {"Version":..,"Time":..,"Origin":{..}}}), Go's field names. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"Version\":").append(json(version))
                .append(",\"Time\":").append(json(DateTimeFormatter.ISO_INSTANT.format(time)));
        if (origin != null) {
            sb.append(",\"Origin\":{\"VCS\":").append(json(origin.vcs())).append(",\"URL\":").append(json(origin.url()));
            if (origin.subdir() != null && !origin.subdir().isEmpty()) {
                sb.append(",\"Subdir\":").append(json(origin.subdir()));
            }
            if (origin.ref() != null) {
                sb.append(",\"Ref\":").append(json(origin.ref()));
            }
            sb.append(",\"Hash\":").append(json(origin.hash())).append('}');
        }
        return sb.append('}').toString();
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '<', '>', '&', 0x2028, 0x2029 -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
