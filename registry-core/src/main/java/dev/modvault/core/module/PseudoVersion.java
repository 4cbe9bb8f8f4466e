package dev.modvault.core.module;

import dev.modvault.core.error.InvalidRequestException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Pseudo-versions: versions naming an untagged commit (a port of golang.org/x/mod/module/pseudo.go).
 *
 * <p>The five shapes, where the timestamp is the commit time in UTC and the revision a commit hash prefix:
 * <ol>
 *   <li>{@code vX.0.0-yyyymmddhhmmss-rev} when no earlier tag exists for major vX;</li>
 *   <li>{@code vX.Y.(Z+1)-0.yyyymmddhhmmss-rev} after tag vX.Y.Z;</li>
 *   <li>the same with {@code +incompatible} after tag vX.Y.Z+incompatible;</li>
 *   <li>{@code vX.Y.Z-pre.0.yyyymmddhhmmss-rev} after pre-release tag vX.Y.Z-pre;</li>
 *   <li>the same with {@code +incompatible} after vX.Y.Z-pre+incompatible.</li>
 * </ol>
 * Each sorts after its base tag and before any later tag.
 */
public final class PseudoVersion {

    private static final Pattern PSEUDO = Pattern.compile(
            "^v[0-9]+\\.(0\\.0-|\\d+\\.\\d+-([^+]*\\.)?0\\.)\\d{14}-[A-Za-z0-9]+(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$");

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

    /** What {@link #parse} splits a pseudo-version into. */
    private record Parts(String base, String timestamp, String rev, String build) {
    }

    private PseudoVersion() {
    }

    /** module.IsPseudoVersion: whether {@code v} is a valid semantic version shaped like a pseudo-version. */
    public static boolean isPseudo(String v) {
        Objects.requireNonNull(v, "version");
        return v.chars().filter(c -> c == '-').count() >= 2 && Semver.isValid(v) && PSEUDO.matcher(v).matches();
    }

    /**
     * module.PseudoVersionBase: the tagged version the pseudo-version builds on ({@code v1.2.3},
     * {@code v1.2.3-pre}, {@code v2.0.0+incompatible}, ...), or {@code ""} for shape 1 (no base).
     *
     * @throws InvalidRequestException if {@code v} is not a pseudo-version or names an
     *         impossible base (patch below zero, or {@code +incompatible} without a base)
     */
    public static String base(String v) {
        Parts p = parse(v);
        String base = p.base();
        String pre = Semver.prerelease(base);
        if (pre.isEmpty()) {
            // vX.0.0-yyyymmddhhmmss-rev: no base; build metadata makes no sense there.
            if (!p.build().isEmpty()) {
                throw invalid(v, "lacks base version, but has build metadata " + PathEscaping.quote(p.build()));
            }
            return "";
        }
        if (pre.equals("-0")) {
            // vX.Y.(Z+1)-0.timestamp-rev -> vX.Y.Z
            base = base.substring(0, base.length() - pre.length());
            int i = base.lastIndexOf('.');
            String patch = decDecimal(base.substring(i + 1));
            if (patch.isEmpty()) {
                throw invalid(v, "version before " + base + " would have negative patch number");
            }
            return base.substring(0, i + 1) + patch + p.build();
        }
        // vX.Y.Z-pre.0.timestamp-rev -> vX.Y.Z-pre
        return base.substring(0, base.length() - ".0".length()) + p.build();
    }

    /** module.PseudoVersionRev: the revision identifier, e.g. {@code abcdef123456}. */
    public static String rev(String v) {
        return parse(v).rev();
    }

    /** module.PseudoVersionTime: the commit time encoded in the pseudo-version. */
    public static Instant time(String v) {
        String timestamp = parse(v).timestamp();
        try {
            return LocalDateTime.parse(timestamp, TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw invalid(v, "malformed time " + PathEscaping.quote(timestamp));
        }
    }

    /**
     * module.PseudoVersion: the pseudo-version for revision {@code rev} committed at {@code t}.
     *
     * @param older the most recent tag before the commit ({@code ""} if none; "+incompatible" and other build
     *        metadata carry over; an invalid version counts as none)
     * @param t the commit time; sub-second precision is dropped and the year must lie in 0000..9999
     * @param rev the revision identifier, usually a 12-character commit hash prefix
     * @param major the major version ({@code "v2"}) used when there is no {@code older} tag; {@code ""} means v0
     */
    public static String build(String older, Instant t, String rev, String major) {
        Objects.requireNonNull(older, "older");
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(rev, "rev");
        Objects.requireNonNull(major, "major");
        if (major.isEmpty()) {
            major = "v0";
        }
        LocalDateTime utc = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            throw new IllegalArgumentException("commit time out of range for a pseudo-version: " + t);
        }
        String segment = TIMESTAMP.format(utc) + "-" + rev;
        String build = Semver.build(older);
        older = Semver.canonical(older);
        if (older.isEmpty()) {
            return major + ".0.0-" + segment; // shape 1
        }
        if (!Semver.prerelease(older).isEmpty()) {
            return older + ".0." + segment + build; // shapes 4 and 5
        }
        // Shapes 2 and 3: bump the patch number.
        int i = older.lastIndexOf('.') + 1;
        return older.substring(0, i) + incDecimal(older.substring(i)) + "-0." + segment + build;
    }

    /** A decimal string plus one, of any length. */
    static String incDecimal(String decimal) {
        char[] digits = decimal.toCharArray();
        int i = digits.length - 1;
        while (i >= 0 && digits[i] == '9') {
            digits[i] = '0';
            i--;
        }
        if (i >= 0) {
            digits[i]++;
            return new String(digits);
        }
        return "1" + new String(digits);
    }

    /** A decimal string minus one, or {@code ""} when it is zero (or empty). */
    static String decDecimal(String decimal) {
        char[] digits = decimal.toCharArray();
        int i = digits.length - 1;
        while (i >= 0 && digits[i] == '0') {
            digits[i] = '9';
            i--;
        }
        if (i < 0) {
            return "";
        }
        if (i == 0 && digits[0] == '1' && digits.length > 1) {
            return new String(digits, 1, digits.length - 1);
        }
        digits[i]--;
        return new String(digits);
    }

    /** Splits a pseudo-version; throws if {@code v} is not one. */
    private static Parts parse(String v) {
        if (!isPseudo(v)) {
            throw invalid(v, "syntax error");
        }
        String build = Semver.build(v);
        String rest = v.substring(0, v.length() - build.length());
        int j = rest.lastIndexOf('-');
        String rev = rest.substring(j + 1);
        rest = rest.substring(0, j);
        int i = rest.lastIndexOf('-');
        int dot = rest.lastIndexOf('.');
        if (dot > i) {
            return new Parts(rest.substring(0, dot), rest.substring(dot + 1), rev, build); // vX.Y.Z-pre.0, vX.Y.(Z+1)-0
        }
        return new Parts(rest.substring(0, i), rest.substring(i + 1), rev, build); // vX.0.0
    }

    private static InvalidRequestException invalid(String v, String reason) {
        return PathEscaping.invalid("pseudo-version " + PathEscaping.quote(v) + " invalid: " + reason);
    }
}
