package dev.modvault.core.module;

import java.util.Objects;

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
        Objects.requireNonNull(version, "version");
        if (isCanonical(version)) {
            return new Version(version);
        }
        if (!Semver.isValid(version)) {
            throw PathEscaping.invalid("version " + PathEscaping.quote(version) + " invalid: not a semantic version");
        }
        throw PathEscaping.invalid("version " + PathEscaping.quote(version) + " is not canonical");
    }

    /** Unescapes (module.UnescapeVersion) then {@link #of}. */
    public static Version fromEscaped(String escapedVersion) {
        return of(PathEscaping.unescapeVersion(escapedVersion));
    }

    /** Whether the string is a canonical version {@link #of} would accept. */
    public static boolean isCanonical(String version) {
        Objects.requireNonNull(version, "version");
        // module.CanonicalVersion: semver.Canonical, but keeping the one meaningful build suffix.
        return Semver.isModuleCanonical(version);
    }

    public String value() {
        return value;
    }

    /** The case-escaped form (module.EscapeVersion). */
    public String escaped() {
        // A canonical version is ASCII, has no '!' and is a valid file name, so escaping cannot fail.
        return PathEscaping.escapeString(value);
    }

    /** "v0", "v1", "v2", ... */
    public String major() {
        return Semver.major(value);
    }

    /** Has a pre-release part (a pseudo-version built on a pre-release base counts too). */
    public boolean isPrerelease() {
        // The semver notion: every pseudo-version has a pre-release part ("-0.2006...-abc", "-2006...-abc"), whatever
        // its base, so all of them count.
        return !Semver.prerelease(value).isEmpty();
    }

    /** module.IsPseudoVersion. */
    public boolean isPseudo() {
        return PseudoVersion.isPseudo(value);
    }

    /** Ends in "+incompatible". */
    public boolean isIncompatible() {
        return value.endsWith("+incompatible");
    }

    @Override
    public int compareTo(Version other) {
        // Precedence first; the string breaks ties (v2.0.0 vs v2.0.0+incompatible) so that compareTo agrees with equals.
        int c = Semver.compare(value, other.value);
        return c != 0 ? c : value.compareTo(other.value);
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
