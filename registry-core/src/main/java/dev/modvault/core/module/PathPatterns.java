package dev.modvault.core.module;

import dev.modvault.core.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A GOPRIVATE / GONOPROXY / GONOSUMDB style list of module path globs (golang.org/x/mod/module.MatchPrefixPatterns).
 *
 * <p>The list is comma-separated; empty entries are ignored and one trailing slash is dropped from each glob. A glob
 * with N slashes is matched, with {@link #match Go's path.Match rules}, against the first N+1 slash-separated
 * elements of the module path, so {@code corp.example.com} covers {@code corp.example.com/team/repo} and
 * {@code *.corp.example.com/team} covers every module under that team. Matching is case-sensitive. Unlike the go
 * command, which silently skips malformed globs, {@link #parse} rejects them so that configuration mistakes surface.
 */
public final class PathPatterns {

    private static final PathPatterns NONE = new PathPatterns(List.of());

    private final List<String> globs;

    private PathPatterns(List<String> globs) {
        this.globs = globs;
    }

    /**
     * Parses a comma-separated glob list; {@code null} or {@code ""} (variable unset) gives a list matching nothing.
     *
     * @throws InvalidRequestException naming the first syntactically bad glob
     */
    public static PathPatterns parse(String globList) {
        if (globList == null || globList.isEmpty()) {
            return NONE;
        }
        List<String> globs = new ArrayList<>();
        int start = 0;
        while (start <= globList.length()) {
            int comma = globList.indexOf(',', start);
            int end = comma < 0 ? globList.length() : comma;
            String glob = globList.substring(start, end);
            if (glob.endsWith("/")) {
                glob = glob.substring(0, glob.length() - 1);
            }
            if (!glob.isEmpty()) {
                if (!new Matcher(glob).isWellFormed()) {
                    throw badPattern(glob);
                }
                globs.add(glob);
            }
            start = end + 1;
        }
        return globs.isEmpty() ? NONE : new PathPatterns(List.copyOf(globs));
    }

    /** Whether some path prefix of {@code modulePath} matches one of the globs. */
    public boolean matches(String modulePath) {
        Objects.requireNonNull(modulePath, "modulePath");
        for (String glob : globs) {
            // A glob with n slashes is matched against the target cut just before its (n+1)th slash.
            int n = (int) glob.chars().filter(c -> c == '/').count();
            String prefix = modulePath;
            for (int i = 0; i < modulePath.length(); i++) {
                if (modulePath.charAt(i) == '/') {
                    if (n == 0) {
                        prefix = modulePath.substring(0, i);
                        break;
                    }
                    n--;
                }
            }
            if (n > 0) {
                continue; // the target has too few elements
            }
            if (match(glob, prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The non-empty globs, trailing slash removed, in list order. */
    public List<String> globs() {
        return globs;
    }

    /** Whether the list holds no glob (and so matches nothing). */
    public boolean isEmpty() {
        return globs.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(",", globs);
    }

    /**
     * Go's path.Match: whether all of {@code name} matches the shell pattern. {@code *} matches any run of non-slash
     * characters, {@code ?} one non-slash character, {@code [...]} a character class of characters and {@code lo-hi}
     * ranges (negated by a leading {@code ^}, non-empty), and {@code \c} the character c, inside a class too.
     *
     * @throws InvalidRequestException if the pattern is malformed (Go's ErrBadPattern)
     */
    public static boolean match(String pattern, String name) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(name, "name");
        Matcher m = new Matcher(pattern);
        int result = m.match(name.codePoints().toArray());
        if (result == Matcher.BAD) {
            throw badPattern(pattern);
        }
        return result == Matcher.MATCH;
    }

    private static InvalidRequestException badPattern(String glob) {
        return PathEscaping.invalid("syntax error in module path pattern " + PathEscaping.quote(glob));
    }

    /** The path.Match algorithm over code points; results are encoded as ints to avoid allocation and exceptions. */
    private static final class Matcher {
        static final int MATCH = 1;
        static final int NO_MATCH = 0;
        /** Also what {@link #matchChunk} and {@link #getEsc} return for a malformed pattern. */
        static final int BAD = -2;
        /** What {@link #matchChunk} returns when the chunk does not match. */
        private static final int FAIL = -1;

        private final int[] p;
        private int[] s = new int[0];
        /** Index just after the character {@link #getEsc} read. */
        private int escNext;

        Matcher(String pattern) {
            this.p = pattern.codePoints().toArray();
        }

        /** Whether the pattern is free of syntax errors: every chunk parses (checked against empty input). */
        boolean isWellFormed() {
            int pi = 0;
            while (pi < p.length) {
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                int end = chunkEnd(pi);
                if (matchChunk(pi, end, s.length) == BAD) {
                    return false;
                }
                pi = end;
            }
            return true;
        }

        int match(int[] name) {
            this.s = name;
            int pi = 0;
            int ni = 0;
            pattern:
            while (pi < p.length) {
                boolean star = false;
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                    star = true;
                }
                int cs = pi;
                int ce = chunkEnd(pi);
                pi = ce;
                if (star && cs == ce) {
                    // A trailing star matches the rest of the name unless it holds a slash.
                    for (int i = ni; i < s.length; i++) {
                        if (s[i] == '/') {
                            return NO_MATCH;
                        }
                    }
                    return MATCH;
                }
                int t = matchChunk(cs, ce, ni);
                // The last chunk must consume the whole name; otherwise a star may still extend it.
                if (t >= 0 && (t == s.length || pi < p.length)) {
                    ni = t;
                    continue;
                }
                if (t == BAD) {
                    return BAD;
                }
                if (star) {
                    // Let the star swallow one more character at a time, never a slash.
                    for (int i = ni; i < s.length && s[i] != '/'; i++) {
                        t = matchChunk(cs, ce, i + 1);
                        if (t >= 0) {
                            if (pi == p.length && t < s.length) {
                                continue;
                            }
                            ni = t;
                            continue pattern;
                        }
                        if (t == BAD) {
                            return BAD;
                        }
                    }
                }
                // No match; still report a syntax error anywhere in the rest of the pattern.
                while (pi < p.length) {
                    while (pi < p.length && p[pi] == '*') {
                        pi++;
                    }
                    int end = chunkEnd(pi);
                    if (matchChunk(pi, end, s.length) == BAD) {
                        return BAD;
                    }
                    pi = end;
                }
                return NO_MATCH;
            }
            return ni == s.length ? MATCH : NO_MATCH;
        }

        /** End of the star-free chunk starting at {@code i} (a '*' inside a class does not end it). */
        private int chunkEnd(int i) {
            boolean inRange = false;
            for (; i < p.length; i++) {
                switch (p[i]) {
                    case '\\' -> {
                        if (i + 1 < p.length) {
                            i++; // a trailing lone backslash is reported by matchChunk
                        }
                    }
                    case '[' -> inRange = true;
                    case ']' -> inRange = false;
                    case '*' -> {
                        if (!inRange) {
                            return i;
                        }
                    }
                    default -> {
                    }
                }
            }
            return i;
        }

        /**
         * Matches chunk {@code p[c..ce)} (literals, classes and '?') against the start of {@code s[si..]}: the index
         * after the match, {@link #FAIL}, or {@link #BAD}. The whole chunk is always parsed, even after a mismatch,
         * so syntax errors are found regardless of the input.
         */
        private int matchChunk(int c, int ce, int si) {
            boolean failed = false;
            while (c < ce) {
                if (!failed && si == s.length) {
                    failed = true;
                }
                switch (p[c]) {
                    case '[' -> {
                        int r = 0;
                        if (!failed) {
                            r = s[si++];
                        }
                        c++;
                        boolean negated = false;
                        if (c < ce && p[c] == '^') {
                            negated = true;
                            c++;
                        }
                        boolean match = false;
                        int nrange = 0;
                        while (true) {
                            if (c < ce && p[c] == ']' && nrange > 0) {
                                c++;
                                break;
                            }
                            int lo = getEsc(c, ce);
                            if (lo == BAD) {
                                return BAD;
                            }
                            c = escNext;
                            int hi = lo;
                            if (p[c] == '-') {
                                hi = getEsc(c + 1, ce);
                                if (hi == BAD) {
                                    return BAD;
                                }
                                c = escNext;
                            }
                            if (lo <= r && r <= hi) {
                                match = true;
                            }
                            nrange++;
                        }
                        if (match == negated) {
                            failed = true;
                        }
                    }
                    case '?' -> {
                        if (!failed) {
                            if (s[si] == '/') {
                                failed = true;
                            }
                            si++;
                        }
                        c++;
                    }
                    default -> {
                        if (p[c] == '\\') {
                            c++;
                            if (c == ce) {
                                return BAD;
                            }
                        }
                        if (!failed) {
                            if (p[c] != s[si]) {
                                failed = true;
                            }
                            si++;
                        }
                        c++;
                    }
                }
            }
            return failed ? FAIL : si;
        }

        /**
         * Reads a possibly escaped character of a class at {@code p[c]}, setting {@link #escNext}; {@link #BAD} if
         * there is none, it is an unescaped '-' or ']', or the class ends right after it.
         */
        private int getEsc(int c, int ce) {
            if (c >= ce || p[c] == '-' || p[c] == ']') {
                return BAD;
            }
            if (p[c] == '\\') {
                c++;
                if (c >= ce) {
                    return BAD;
                }
            }
            int r = p[c];
            if (Character.isSurrogate((char) r) && r < 0x10000) {
                return BAD; // an unpaired surrogate, Java's analogue of invalid UTF-8
            }
            escNext = c + 1;
            if (escNext >= ce) {
                return BAD;
            }
            return r;
        }
    }
}
