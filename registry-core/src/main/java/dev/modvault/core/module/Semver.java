package dev.modvault.core.module;

import java.util.Objects;

/**
 * Semantic version strings as the go command understands them (a port of golang.org/x/mod/semver).
 *
 * <p>Accepted syntax is {@code vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]}: the leading {@code v} is required,
 * numbers carry no leading zeros, pre-release and build parts are non-empty dot-separated identifiers of
 * {@code [0-9A-Za-z-]}, and numeric pre-release identifiers have no leading zeros. {@code vMAJOR} and
 * {@code vMAJOR.MINOR} (without suffixes) are shorthands for {@code vMAJOR.0.0} and {@code vMAJOR.MINOR.0}.
 *
 * <p>Like the Go package, every accessor answers {@code ""} for an invalid version instead of failing.
 */
public final class Semver {

    private static final String INCOMPATIBLE = "+incompatible";

    private Semver() {
    }

    /** The pieces of a parsed version; {@code shortSuffix} is what {@link #canonical} must append. */
    private record Parsed(String major, String minor, String patch, String shortSuffix, String prerelease,
                          String build) {
    }

    /** Whether {@code v} is a valid semantic version. */
    public static boolean isValid(String v) {
        return parse(v) != null;
    }

    /**
     * The canonical form of {@code v}: missing minor/patch filled in, build metadata dropped; {@code ""} if invalid.
     * Two versions have equal precedence exactly when their canonical forms are equal.
     */
    public static String canonical(String v) {
        Parsed p = parse(v);
        if (p == null) {
            return "";
        }
        if (!p.build().isEmpty()) {
            return v.substring(0, v.length() - p.build().length());
        }
        return v + p.shortSuffix();
    }

    /**
     * Whether {@code v} is its own module.CanonicalVersion: valid, in full {@code vMAJOR.MINOR.PATCH} form, and with
     * no build suffix other than {@code +incompatible}. One scan of the string, without allocating.
     */
    public static boolean isModuleCanonical(String v) {
        Objects.requireNonNull(v, "version");
        if (v.isEmpty() || v.charAt(0) != 'v') {
            return false;
        }
        int end = numberEnd(v, 1);
        if (end < 0 || end == v.length() || v.charAt(end) != '.') {
            return false; // not vMAJOR.MINOR.PATCH: a shorthand (not canonical) or invalid
        }
        end = numberEnd(v, end + 1);
        if (end < 0 || end == v.length() || v.charAt(end) != '.') {
            return false;
        }
        int pos = numberEnd(v, end + 1);
        if (pos >= 0 && pos < v.length() && v.charAt(pos) == '-') {
            pos = prereleaseEnd(v, pos);
        }
        if (pos < 0) {
            return false;
        }
        if (pos == v.length()) {
            return true;
        }
        return v.length() - pos == INCOMPATIBLE.length() && v.startsWith(INCOMPATIBLE, pos);
    }

    /** The major prefix, e.g. {@code "v2"} for {@code "v2.1.0"}; {@code ""} if invalid. */
    public static String major(String v) {
        Parsed p = parse(v);
        return p == null ? "" : v.substring(0, 1 + p.major().length());
    }

    /** The major.minor prefix, e.g. {@code "v2.1"} for {@code "v2.1.0"} and {@code "v2.0"} for {@code "v2"}. */
    public static String majorMinor(String v) {
        Parsed p = parse(v);
        if (p == null) {
            return "";
        }
        int i = 1 + p.major().length();
        int j = i + 1 + p.minor().length();
        if (j <= v.length() && v.charAt(i) == '.' && v.substring(i + 1, j).equals(p.minor())) {
            return v.substring(0, j);
        }
        return v.substring(0, i) + "." + p.minor();
    }

    /** The pre-release suffix including its dash, e.g. {@code "-pre"} for {@code "v2.1.0-pre+meta"}. */
    public static String prerelease(String v) {
        Parsed p = parse(v);
        return p == null ? "" : p.prerelease();
    }

    /** The build suffix including its plus sign, e.g. {@code "+meta"} for {@code "v2.1.0+meta"}. */
    public static String build(String v) {
        Parsed p = parse(v);
        return p == null ? "" : p.build();
    }

    /**
     * Compares by semantic version precedence: -1, 0 or +1. Build metadata is ignored; an invalid version is less than
     * every valid one, and all invalid versions are equal to each other.
     */
    public static int compare(String v, String w) {
        Parsed pv = parse(v);
        Parsed pw = parse(w);
        if (pv == null && pw == null) {
            return 0;
        }
        if (pv == null) {
            return -1;
        }
        if (pw == null) {
            return +1;
        }
        int c = compareInt(pv.major(), pw.major());
        if (c != 0) {
            return c;
        }
        c = compareInt(pv.minor(), pw.minor());
        if (c != 0) {
            return c;
        }
        c = compareInt(pv.patch(), pw.patch());
        if (c != 0) {
            return c;
        }
        return comparePrerelease(pv.prerelease(), pw.prerelease());
    }

    // ---- parsing --------------------------------------------------------------------------------------------

    /** Returns null when {@code v} is not a valid version. */
    private static Parsed parse(String v) {
        Objects.requireNonNull(v, "version");
        if (v.isEmpty() || v.charAt(0) != 'v') {
            return null;
        }
        int pos = 1;
        int end = numberEnd(v, pos);
        if (end < 0) {
            return null;
        }
        String major = v.substring(pos, end);
        pos = end;
        if (pos == v.length()) {
            return new Parsed(major, "0", "0", ".0.0", "", "");
        }
        if (v.charAt(pos) != '.') {
            return null;
        }
        end = numberEnd(v, pos + 1);
        if (end < 0) {
            return null;
        }
        String minor = v.substring(pos + 1, end);
        pos = end;
        if (pos == v.length()) {
            return new Parsed(major, minor, "0", ".0", "", "");
        }
        if (v.charAt(pos) != '.') {
            return null;
        }
        end = numberEnd(v, pos + 1);
        if (end < 0) {
            return null;
        }
        String patch = v.substring(pos + 1, end);
        pos = end;
        String prerelease = "";
        if (pos < v.length() && v.charAt(pos) == '-') {
            end = prereleaseEnd(v, pos);
            if (end < 0) {
                return null;
            }
            prerelease = v.substring(pos, end);
            pos = end;
        }
        String build = "";
        if (pos < v.length() && v.charAt(pos) == '+') {
            end = buildEnd(v, pos);
            if (end < 0) {
                return null;
            }
            build = v.substring(pos, end);
            pos = end;
        }
        if (pos != v.length()) {
            return null;
        }
        return new Parsed(major, minor, patch, "", prerelease, build);
    }

    /** End index of a decimal number without a superfluous leading zero starting at {@code start}, or -1. */
    private static int numberEnd(String v, int start) {
        if (start >= v.length() || !isDigit(v.charAt(start))) {
            return -1;
        }
        int i = start + 1;
        while (i < v.length() && isDigit(v.charAt(i))) {
            i++;
        }
        if (v.charAt(start) == '0' && i != start + 1) {
            return -1;
        }
        return i;
    }

    /** End index of a pre-release part starting with the '-' at {@code start} (it ends at '+' or the end), or -1. */
    private static int prereleaseEnd(String v, int start) {
        int i = start + 1;
        int identStart = i;
        while (i < v.length() && v.charAt(i) != '+') {
            char c = v.charAt(i);
            if (!isIdentChar(c) && c != '.') {
                return -1;
            }
            if (c == '.') {
                if (identStart == i || isBadNum(v, identStart, i)) {
                    return -1;
                }
                identStart = i + 1;
            }
            i++;
        }
        if (identStart == i || isBadNum(v, identStart, i)) {
            return -1;
        }
        return i;
    }

    /** End index of a build part starting with the '+' at {@code start} (it runs to the end), or -1. */
    private static int buildEnd(String v, int start) {
        int i = start + 1;
        int identStart = i;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (!isIdentChar(c) && c != '.') {
                return -1;
            }
            if (c == '.') {
                if (identStart == i) {
                    return -1;
                }
                identStart = i + 1;
            }
            i++;
        }
        return identStart == i ? -1 : i;
    }

    private static boolean isDigit(char c) {
        return '0' <= c && c <= '9';
    }

    private static boolean isIdentChar(char c) {
        return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || isDigit(c) || c == '-';
    }

    /** A numeric identifier with a leading zero, such as "01". */
    private static boolean isBadNum(String v, int from, int to) {
        return to - from > 1 && v.charAt(from) == '0' && isNum(v, from, to);
    }

    /** Whether {@code s} holds only digits from {@code from} to {@code to}. */
    private static boolean isNum(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // ---- comparison -----------------------------------------------------------------------------------------

    /** Compares decimal strings without leading zeros, of any length. */
    private static int compareInt(String x, String y) {
        if (x.equals(y)) {
            return 0;
        }
        if (x.length() != y.length()) {
            return x.length() < y.length() ? -1 : +1;
        }
        return x.compareTo(y) < 0 ? -1 : +1;
    }

    /**
     * Semver 2.0.0 pre-release precedence: no pre-release sorts after any pre-release; identifiers are compared left
     * to right, numeric ones numerically and below alphanumeric ones, alphanumeric ones in ASCII order; a longer list
     * wins when all shared identifiers are equal.
     */
    private static int comparePrerelease(String x, String y) {
        if (x.equals(y)) {
            return 0;
        }
        if (x.isEmpty()) {
            return +1;
        }
        if (y.isEmpty()) {
            return -1;
        }
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            i++; // skip the leading '-' or '.'
            j++;
            int xe = identEnd(x, i);
            int ye = identEnd(y, j);
            String dx = x.substring(i, xe);
            String dy = y.substring(j, ye);
            i = xe;
            j = ye;
            if (!dx.equals(dy)) {
                boolean nx = isNum(dx, 0, dx.length());
                boolean ny = isNum(dy, 0, dy.length());
                if (nx != ny) {
                    return nx ? -1 : +1;
                }
                if (nx && dx.length() != dy.length()) {
                    return dx.length() < dy.length() ? -1 : +1;
                }
                return dx.compareTo(dy) < 0 ? -1 : +1;
            }
        }
        return i >= x.length() ? -1 : +1;
    }

    private static int identEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) != '.') {
            i++;
        }
        return i;
    }
}
