package dev.modvault.core.module;

/**
 * A valid module path (golang.org/x/mod/module.CheckPath), with its case-escaped form (EscapePath).
 * Built only through {@link #of} or {@link #fromEscaped}, which reject invalid paths with
 * {@link dev.modvault.core.error.InvalidRequestException}.
 */
public final class ModulePath implements Comparable<ModulePath> {

    private final String value;
    private final String escaped;

    private ModulePath(String value, String escaped) {
        this.value = value;
        this.escaped = escaped;
    }

    /** Validates an unescaped module path with module.CheckPath rules. */
    public static ModulePath of(String path) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Unescapes (module.UnescapePath) then validates. */
    public static ModulePath fromEscaped(String escapedPath) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The module path as the go command writes it in go.mod, e.g. {@code github.com/Azure/azure-sdk}. */
    public String value() {
        return value;
    }

    /** The case-escaped form used in URLs and storage keys, e.g. {@code github.com/!azure/azure-sdk}. */
    public String escaped() {
        return escaped;
    }

    /**
     * The major-version suffix of the path (module.SplitPathVersion): "/v2", ".v1" for gopkg.in paths, or "" when
     * there is none.
     */
    public String pathMajor() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Whether the version may be a version of this module (module.CheckPathMajor, +incompatible rules). */
    public boolean admits(Version version) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public int compareTo(ModulePath other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModulePath other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
