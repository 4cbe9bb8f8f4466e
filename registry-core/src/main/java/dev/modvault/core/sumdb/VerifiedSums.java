package dev.modvault.core.sumdb;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The go.sum lines a checksum database holds for one module version, verified: the record is in a validly signed
 * tree consistent with every tree verified before.
 *
 * @param path       the module path (unescaped)
 * @param version    the version
 * @param recordId   the record's position in the log
 * @param zipLines   the lines {@code <path> <version> <hash>} (normally one, {@code h1:...})
 * @param goModLines the lines {@code <path> <version>/go.mod <hash>}
 * @param tree       the tree head the record was verified against
 */
public record VerifiedSums(String path, String version, long recordId, List<String> zipLines,
        List<String> goModLines, SignedTreeHead tree) {

    public VerifiedSums {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        zipLines = List.copyOf(zipLines);
        goModLines = List.copyOf(goModLines);
        Objects.requireNonNull(tree, "tree");
    }

    /** The {@code h1:} hash of the module zip, e.g. {@code h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=}. */
    public Optional<String> zipHash() {
        return h1(zipLines, path + " " + version + " ");
    }

    /** The {@code h1:} hash of the go.mod file. */
    public Optional<String> goModHash() {
        return h1(goModLines, path + " " + version + "/go.mod ");
    }

    /** All lines, zip lines first: what go.sum gets for this version. */
    public List<String> lines() {
        return java.util.stream.Stream.concat(zipLines.stream(), goModLines.stream()).toList();
    }

    private static Optional<String> h1(List<String> lines, String prefix) {
        return lines.stream()
                .map(l -> l.substring(prefix.length()))
                .filter(h -> h.startsWith("h1:"))
                .findFirst();
    }
}
