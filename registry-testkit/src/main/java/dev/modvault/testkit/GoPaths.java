package dev.modvault.testkit;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * The few module-path and version rules the test kit needs, kept private to it on purpose: the test kit must not use
 * the production {@code dev.modvault.core.module} types it is there to check.
 */
final class GoPaths {

    /** golang.org/x/mod/module pseudoVersionRE. */
    private static final Pattern PSEUDO = Pattern.compile(
            "^v[0-9]+\\.(0\\.0-|\\d+\\.\\d+-([^+]*\\.)?0\\.)\\d{14}-[A-Za-z0-9]+(\\+[0-9A-Za-z-]+)?$");

    private static final Pattern SEMVER = Pattern.compile(
            "^v(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$");

    private GoPaths() {
    }

    /** module.EscapePath / EscapeVersion case encoding: each uppercase letter becomes '!' + its lowercase. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                sb.append('!').append((char) (c + ('a' - 'A')));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean isSemver(String version) {
        return SEMVER.matcher(version).matches();
    }

    static boolean isPseudo(String version) {
        return PSEUDO.matcher(version).matches();
    }

    static boolean isPrerelease(String version) {
        var m = SEMVER.matcher(version);
        return m.matches() && m.group(4) != null;
    }

    static boolean isIncompatible(String version) {
        return version.endsWith("+incompatible");
    }

    /** Semantic-version precedence (build metadata ignored, ties broken by the full string for a total order). */
    static final Comparator<String> SEMVER_ORDER = (a, b) -> {
        int c = compareSemver(a, b);
        return c != 0 ? c : a.compareTo(b);
    };

    private static int compareSemver(String a, String b) {
        var ma = SEMVER.matcher(a);
        var mb = SEMVER.matcher(b);
        if (!ma.matches() || !mb.matches()) {
            throw new IllegalArgumentException("not a semantic version: " + (ma.matches() ? b : a));
        }
        for (int g = 1; g <= 3; g++) {
            int c = compareNumeric(ma.group(g), mb.group(g));
            if (c != 0) {
                return c;
            }
        }
        String pa = ma.group(4);
        String pb = mb.group(4);
        if (pa == null || pb == null) {
            return pa == null ? (pb == null ? 0 : 1) : -1;
        }
        String[] xa = pa.substring(1).split("\\.");
        String[] xb = pb.substring(1).split("\\.");
        for (int i = 0; i < Math.min(xa.length, xb.length); i++) {
            boolean na = xa[i].chars().allMatch(Character::isDigit);
            boolean nb = xb[i].chars().allMatch(Character::isDigit);
            int c;
            if (na && nb) {
                c = compareNumeric(xa[i], xb[i]);
            } else if (na || nb) {
                c = na ? -1 : 1;
            } else {
                c = xa[i].compareTo(xb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(xa.length, xb.length);
    }

    private static int compareNumeric(String x, String y) {
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
}
