package dev.modvault.core.module;

import java.util.List;
import java.util.Objects;

/**
 * A valid module path (golang.org/x/mod/module.CheckPath), with its case-escaped form (EscapePath).
 * Built only through {@link #of} or {@link #fromEscaped}, which reject invalid paths with
 * {@link dev.modvault.core.error.InvalidRequestException}.
 */
public final class ModulePath implements Comparable<ModulePath> {

    /** Longest module path accepted; the go command has no limit, but a proxy must bound what it stores. */
    static final int MAX_LENGTH = 2048;

    /** Reserved device names on Windows, rejected (in any case) as the part of a path element before its first dot. */
    private static final List<String> BAD_WINDOWS_NAMES = List.of(
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    /** Which rule set a path is checked against (x/mod checks module, import and file paths slightly differently). */
    enum Kind { MODULE, IMPORT, FILE }

    /** Result of {@link #splitPathVersion}: {@code prefix + pathMajor} is always the input. */
    record Split(String prefix, String pathMajor, boolean ok) {
    }

    private final String value;
    private final String escaped;
    private final String pathMajor;

    private ModulePath(String value, String escaped, String pathMajor) {
        this.value = value;
        this.escaped = escaped;
        this.pathMajor = pathMajor;
    }

    /** Validates an unescaped module path with module.CheckPath rules. */
    public static ModulePath of(String path) {
        requireValid(path);
        return new ModulePath(path, PathEscaping.escapeString(path), splitPathVersion(path).pathMajor());
    }

    /** Unescapes (module.UnescapePath) then validates. */
    public static ModulePath fromEscaped(String escapedPath) {
        return of(PathEscaping.unescapePath(escapedPath));
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
        return pathMajor;
    }

    /** Whether the version may be a version of this module (module.CheckPathMajor, +incompatible rules). */
    public boolean admits(Version version) {
        // Without a major suffix: v0 and v1, and v2+ only as +incompatible. "/vN" and gopkg.in ".vN": major N only
        // (gopkg.in ".v1" also takes legacy v0.0.0- pseudo-versions). "+incompatible" is never admitted by a path
        // with a suffix (gopkg.in included), nor with major v0 or v1, as cmd/go's module fetcher rules.
        Objects.requireNonNull(version, "version");
        if (version.isIncompatible()) {
            String major = version.major();
            return pathMajor.isEmpty() && !major.equals("v0") && !major.equals("v1");
        }
        return checkPathMajor(version.value(), pathMajor) == null;
    }

    // ---- validation (port of golang.org/x/mod/module CheckPath and helpers) ----------------------------------

    /** Throws {@code malformed module path "...": reason} unless {@code path} passes {@link #checkPath(String)}. */
    static void requireValid(String path) {
        Objects.requireNonNull(path, "path");
        String reason = checkPath(path);
        if (reason != null) {
            throw PathEscaping.invalid("malformed module path " + PathEscaping.quote(path) + ": " + reason);
        }
    }

    /**
     * module.CheckPath: why {@code path} is not a valid module path, or null if it is. On top of the general rules,
     * the first element must be a lower-case LDH domain name containing a dot and not starting with a dash, and a
     * trailing major-version element must be well formed.
     */
    static String checkPath(String path) {
        if (path.length() > MAX_LENGTH) {
            return "path too long (" + path.length() + " characters, at most " + MAX_LENGTH + ")";
        }
        String reason = checkPath(path, Kind.MODULE);
        if (reason != null) {
            return reason;
        }
        int slash = path.indexOf('/');
        int firstEnd = slash < 0 ? path.length() : slash;
        if (firstEnd == 0) {
            return "leading slash";
        }
        String first = path.substring(0, firstEnd);
        if (first.indexOf('.') < 0) {
            return "missing dot in first path element";
        }
        if (path.charAt(0) == '-') {
            return "leading dash in first path element";
        }
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            if (!(c == '-' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z')) {
                return "invalid char " + PathEscaping.quoteRune(c) + " in first path element";
            }
        }
        if (!splitPathVersion(path).ok()) {
            return "invalid version";
        }
        return null;
    }

    /**
     * The rules shared by module, import and file paths: well-formed text, not empty, no leading dash (except file
     * paths), no empty elements (so no leading, trailing or double slash), and every element valid.
     */
    static String checkPath(String path, Kind kind) {
        if (!isWellFormed(path)) {
            return "invalid UTF-8";
        }
        if (path.isEmpty()) {
            return "empty string";
        }
        if (path.charAt(0) == '-' && kind != Kind.FILE) {
            return "leading dash";
        }
        if (path.contains("//")) {
            return "double slash";
        }
        if (path.charAt(path.length() - 1) == '/') {
            return "trailing slash";
        }
        int elemStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                String reason = checkElem(path.substring(elemStart, i), kind);
                if (reason != null) {
                    return reason;
                }
                elemStart = i + 1;
            }
        }
        return null;
    }

    /** Why one path element (or a version, checked as a file name) is invalid, or null if it is valid. */
    static String checkElem(String elem, Kind kind) {
        if (elem.isEmpty()) {
            return "empty path element";
        }
        if (elem.chars().allMatch(c -> c == '.')) {
            return "invalid path element " + PathEscaping.quote(elem);
        }
        if (elem.charAt(0) == '.' && kind == Kind.MODULE) {
            return "leading dot in path element";
        }
        if (elem.charAt(elem.length() - 1) == '.') {
            return "trailing dot in path element";
        }
        for (int i = 0; i < elem.length(); ) {
            int cp = elem.codePointAt(i);
            boolean ok = switch (kind) {
                case MODULE -> modPathOK(cp);
                case IMPORT -> modPathOK(cp) || cp == '+';
                case FILE -> fileNameOK(cp);
            };
            if (!ok) {
                return "invalid char " + PathEscaping.quoteRune(cp);
            }
            i += Character.charCount(cp);
        }

        int dot = elem.indexOf('.');
        String shortName = dot < 0 ? elem : elem.substring(0, dot);
        for (String bad : BAD_WINDOWS_NAMES) {
            if (bad.equalsIgnoreCase(shortName)) {
                return PathEscaping.quote(shortName) + " disallowed as path element component on Windows";
            }
        }
        if (kind == Kind.FILE) {
            // Windows short names (NAME~1) only matter for import paths.
            return null;
        }
        int tilde = shortName.lastIndexOf('~');
        if (tilde >= 0 && tilde < shortName.length() - 1
                && shortName.substring(tilde + 1).chars().allMatch(c -> '0' <= c && c <= '9')) {
            return "trailing tilde and digits in path element";
        }
        return null;
    }

    /** ASCII letters, digits and {@code - . _ ~}: what module path elements may contain. */
    private static boolean modPathOK(int c) {
        return c == '-' || c == '.' || c == '_' || c == '~'
                || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z';
    }

    /** ASCII letters and digits, space, {@code !#$%&()+,-.=@[]^_{}~}, and any Unicode letter. */
    private static boolean fileNameOK(int c) {
        if (c < 0x80) {
            return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z'
                    || "!#$%&()+,-.=@[]^_{}~ ".indexOf(c) >= 0;
        }
        return Character.isLetter(c);
    }

    /** Java's analogue of Go's utf8.ValidString: no unpaired surrogates. */
    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * module.SplitPathVersion: splits a trailing {@code /vN} (N >= 2, no leading zero, no dots) or, for gopkg.in
     * paths, a required {@code .vN} (optionally followed by {@code -unstable}). {@code ok} is false when the last
     * element looks like a major version but is not a valid one ({@code /v1}, {@code /v0}, {@code /v2.0}, ...).
     */
    static Split splitPathVersion(String path) {
        if (path.startsWith("gopkg.in/")) {
            return splitGopkgIn(path);
        }
        int i = path.length();
        boolean dot = false;
        while (i > 0 && (isDigit(path.charAt(i - 1)) || path.charAt(i - 1) == '.')) {
            if (path.charAt(i - 1) == '.') {
                dot = true;
            }
            i--;
        }
        if (i <= 1 || i == path.length() || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '/') {
            return new Split(path, "", true);
        }
        String prefix = path.substring(0, i - 2);
        String major = path.substring(i - 2);
        if (dot || major.length() <= 2 || major.charAt(2) == '0' || major.equals("/v1")) {
            return new Split(path, "", false);
        }
        return new Split(prefix, major, true);
    }

    private static Split splitGopkgIn(String path) {
        int i = path.length();
        if (path.endsWith("-unstable")) {
            i -= "-unstable".length();
        }
        while (i > 0 && isDigit(path.charAt(i - 1))) {
            i--;
        }
        if (i <= 1 || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '.') {
            // gopkg.in paths must end in .vN
            return new Split(path, "", false);
        }
        String prefix = path.substring(0, i - 2);
        String major = path.substring(i - 2);
        if (major.length() <= 2 || major.charAt(2) == '0' && !major.equals(".v0")) {
            return new Split(path, "", false);
        }
        return new Split(prefix, major, true);
    }

    private static boolean isDigit(char c) {
        return '0' <= c && c <= '9';
    }

    /**
     * module.CheckPathMajor: why version {@code v} does not match the path's major suffix, or null if it does. An
     * empty suffix takes v0, v1 and any {@code +incompatible}; {@code /vN} and {@code .vN} take vN; gopkg.in
     * {@code .v1} also takes {@code v0.0.0-} pseudo-versions that early module tooling generated.
     */
    static String checkPathMajor(String v, String pathMajor) {
        if (pathMajor.startsWith(".v") && pathMajor.endsWith("-unstable")) {
            pathMajor = pathMajor.substring(0, pathMajor.length() - "-unstable".length());
        }
        if (v.startsWith("v0.0.0-") && pathMajor.equals(".v1")) {
            return null;
        }
        String m = Semver.major(v);
        String want;
        if (pathMajor.isEmpty()) {
            if (m.equals("v0") || m.equals("v1") || Semver.build(v).equals("+incompatible")) {
                return null;
            }
            want = "v0 or v1";
        } else if (pathMajor.charAt(0) == '/' || pathMajor.charAt(0) == '.') {
            if (m.equals(pathMajor.substring(1))) {
                return null;
            }
            want = pathMajor.substring(1);
        } else {
            want = pathMajor;
        }
        return "should be " + want + ", not " + m;
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
