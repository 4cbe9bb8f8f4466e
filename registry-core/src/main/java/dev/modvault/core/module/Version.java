package dev.modvault.core.module;

/**
 * A canonical semantic version as the go command uses it (golang.org/x/mod/semver, canonical form: "v1.2.3",
 * "v1.2.3-pre.1", "v2.0.0+incompatible", pseudo-versions such as "v0.0.0-20240101120000-abcdefabcdef").
 * Ordered by semver precedence. Built only through {@link #of} or {@link #fromEscaped}, which reject anything that
 * is not canonical with {@link dev.modvault.core.error.InvalidRequestException}.
 */
public final class Version implements Comparable<Version> {

    private final String value;

    private Version(String value) {
        this.value = value;
    }

    /** Accepts a canonical version only (semver.IsValid and semver.Canonical(v) == v, "+incompatible" allowed). */
    public static Version of(String version) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Unescapes (module.UnescapeVersion) then {@link #of}. */
    public static Version fromEscaped(String escapedVersion) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Whether the string is a canonical version {@link #of} would accept. */
    public static boolean isCanonical(String version) {
        throw new UnsupportedOperationException("TODO");
    }

    public String value() {
        return value;
    }

    /** The case-escaped form (module.EscapeVersion). */
    public String escaped() {
        throw new UnsupportedOperationException("TODO");
    }

    /** "v0", "v1", "v2", ... */
    public String major() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Has a pre-release part (a pseudo-version built on a pre-release base counts too). */
    public boolean isPrerelease() {
        throw new UnsupportedOperationException("TODO");
    }

    /** module.IsPseudoVersion. */
    public boolean isPseudo() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Ends in "+incompatible". */
    public boolean isIncompatible() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public int compareTo(Version other) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version other && value.equals(other.value);
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
