package dev.modvault.core.policy;

import dev.modvault.core.module.Semver;
import java.util.ArrayList;
import java.util.List;

/**
 * A semver range over module versions: comparators separated by spaces must all hold ({@code >=v1.0.0 <v1.2.0});
 * alternatives are separated by {@code ||} ({@code <v1.0.0 || >=v2.0.0}). A comparator is {@code <}, {@code <=},
 * {@code >}, {@code >=} or {@code =} followed by a valid semantic version, or a bare version for equality.
 * Versions are compared as the go command orders them (golang.org/x/mod/semver): pre-releases sort before their
 * release, pseudo-versions by their base and timestamp, build suffixes such as {@code +incompatible} are ignored.
 */
public final class VersionConstraint {

    private record Comparator(String op, String version) {
        boolean test(String candidate) {
            int c = Semver.compare(candidate, version);
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> c == 0;
            };
        }
    }

    private final String text;
    private final List<List<Comparator>> alternatives;

    private VersionConstraint(String text, List<List<Comparator>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /** @throws IllegalArgumentException naming the offending part */
    public static VersionConstraint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty version constraint");
        }
        List<List<Comparator>> alternatives = new ArrayList<>();
        for (String alternative : text.split("\\|\\|", -1)) {
            List<Comparator> all = new ArrayList<>();
            for (String part : alternative.trim().split("\\s+")) {
                if (part.isEmpty()) {
                    throw new IllegalArgumentException("empty alternative in version constraint \"" + text + "\"");
                }
                String op = part.startsWith("<=") || part.startsWith(">=") ? part.substring(0, 2)
                        : part.startsWith("<") || part.startsWith(">") || part.startsWith("=") ? part.substring(0, 1)
                        : "=";
                String version = part.substring(op.equals("=") && !part.startsWith("=") ? 0 : op.length());
                if (!Semver.isValid(version)) {
                    throw new IllegalArgumentException("\"" + version + "\" is not a semantic version (want e.g. v1.4.2)");
                }
                all.add(new Comparator(op, version));
            }
            alternatives.add(List.copyOf(all));
        }
        return new VersionConstraint(text.trim(), List.copyOf(alternatives));
    }

    /** Whether the version (a valid semantic version) is in the range. */
    public boolean matches(String version) {
        if (!Semver.isValid(version)) {
            return false;
        }
        for (List<Comparator> all : alternatives) {
            if (all.stream().allMatch(c -> c.test(version))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
