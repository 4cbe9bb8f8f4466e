package dev.modvault.git;

import dev.modvault.core.error.InvalidRequestException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Semver;
import java.nio.charset.StandardCharsets;

/**
 * The golang.org/x/mod/module and modfile helpers the git source needs with the go command's exact semantics on
 * arbitrary strings (registry-core's value types accept valid input only): SplitPathVersion, CheckPathMajor,
 * PathMajorPrefix, CanonicalVersion, Check and modfile.ModulePath.
 */
final class GoModules {

    private GoModules() {
    }

    /** module.SplitPathVersion: {prefix, pathMajor} or null when the last element is a malformed major version. */
    static String[] splitPathVersion(String path) {
        if (path.startsWith("gopkg.in/")) {
            int i = path.length();
            if (path.endsWith("-unstable")) {
                i -= "-unstable".length();
            }
            while (i > 0 && isDigit(path.charAt(i - 1))) {
                i--;
            }
            if (i <= 1 || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '.') {
                return null;
            }
            String prefix = path.substring(0, i - 2);
            String major = path.substring(i - 2);
            if (major.length() <= 2 || major.charAt(2) == '0' && !major.equals(".v0")) {
                return null;
            }
            return new String[] {prefix, major};
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
            return new String[] {path, ""};
        }
        String prefix = path.substring(0, i - 2);
        String major = path.substring(i - 2);
        if (dot || major.length() <= 2 || major.charAt(2) == '0' || major.equals("/v1")) {
            return null;
        }
        return new String[] {prefix, major};
    }

    /** module.CheckPathMajor: why {@code v} does not fit the path's major suffix, or null if it does. */
    static String checkPathMajor(String v, String pathMajor) {
        if (pathMajor.startsWith(".v") && pathMajor.endsWith("-unstable")) {
            pathMajor = pathMajor.substring(0, pathMajor.length() - "-unstable".length());
        }
        if (v.startsWith("v0.0.0-") && pathMajor.equals(".v1")) {
            return null; // gopkg.in/...v1 accepts the v0.0.0 pseudo-versions early tooling made
        }
        String m = Semver.major(v);
        if (pathMajor.isEmpty()) {
            if (m.equals("v0") || m.equals("v1") || Semver.build(v).equals("+incompatible")) {
                return null;
            }
            pathMajor = "v0 or v1";
        } else if (pathMajor.charAt(0) == '/' || pathMajor.charAt(0) == '.') {
            if (m.equals(pathMajor.substring(1))) {
                return null;
            }
            pathMajor = pathMajor.substring(1);
        }
        return "should be " + pathMajor + ", not " + m;
    }

    /** module.MatchPathMajor. */
    static boolean matchPathMajor(String v, String pathMajor) {
        return checkPathMajor(v, pathMajor) == null;
    }

    /** module.PathMajorPrefix: "/v2" and ".v2" give "v2", "" gives "". */
    static String pathMajorPrefix(String pathMajor) {
        if (pathMajor.isEmpty()) {
            return "";
        }
        if (pathMajor.startsWith(".v") && pathMajor.endsWith("-unstable")) {
            pathMajor = pathMajor.substring(0, pathMajor.length() - "-unstable".length());
        }
        return pathMajor.substring(1);
    }

    /** module.CanonicalVersion: semver.Canonical, keeping a "+incompatible" suffix; "" when invalid. */
    static String canonicalVersion(String v) {
        String c = Semver.canonical(v);
        if (Semver.build(v).equals("+incompatible")) {
            c += "+incompatible";
        }
        return c;
    }

    /** module.IsPseudoVersion. */
    static boolean isPseudo(String v) {
        return dev.modvault.core.module.PseudoVersion.isPseudo(v);
    }

    /**
     * module.Check plus the canonical-version test of x/mod zip: the go command's message when {@code path@version}
     * may not name a module zip, or null.
     */
    static String checkModuleVersion(String path, String version) {
        String canonical = canonicalVersion(version);
        if (!canonical.equals(version)) {
            return "version " + GoText.quote(version) + " is not canonical (should be " + GoText.quote(canonical) + ")";
        }
        if (!GoText.isValidUtf8(path)) {
            return "malformed module path " + GoText.quote(path) + ": invalid UTF-8";
        }
        try {
            ModulePath.of(path);
        } catch (InvalidRequestException e) {
            return e.getMessage();
        }
        String[] split = splitPathVersion(path);
        String reason = checkPathMajor(version, split == null ? "" : split[1]);
        return reason == null ? null : path + "@" + version + ": invalid version: " + reason;
    }

    /** modfile.ModulePath: the path of the first {@code module} directive, or "" when there is none or it is bad. */
    static String modulePathOf(byte[] goMod) {
        if (goMod == null) {
            return "";
        }
        int pos = 0;
        while (pos < goMod.length) {
            int nl = indexOf(goMod, (byte) '\n', pos);
            int end = nl < 0 ? goMod.length : nl;
            String line = GoText.decode(goMod, pos, end - pos);
            pos = end + 1;
            int comment = line.indexOf("//");
            if (comment >= 0) {
                line = line.substring(0, comment);
            }
            line = trimSpace(line);
            if (!line.startsWith("module")) {
                continue;
            }
            line = line.substring("module".length());
            int n = line.length();
            line = trimSpace(line);
            if (line.length() == n || line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == '"' || line.charAt(0) == '`') {
                String p = unquote(line);
                return p == null ? "" : p;
            }
            return line;
        }
        return "";
    }

    /** modfile.AutoQuote for the synthesized go.mod: quotes a path only if it is not a plain token. */
    static String autoQuote(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '"' || c == '\'' || c == '`' || c == '\\' || c == '(' || c == ')' || c == '['
                    || c == ']' || c == '{' || c == '}' || c == ',' || c >= 0x7f) {
                return GoText.quote(s);
            }
        }
        if (s.isEmpty() || s.contains("//") || s.contains("/*")) {
            return GoText.quote(s);
        }
        return s;
    }

    /** The synthesized go.mod of a module without one (modfetch.LegacyGoMod). */
    static byte[] legacyGoMod(String modulePath) {
        return ("module " + autoQuote(modulePath) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** bytes.TrimSpace: trims Unicode white space (unicode.IsSpace). */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200a;
        };
    }

    /** strconv.Unquote for one double-quoted or back-quoted string that is the whole input; null if malformed. */
    static String unquote(String s) {
        if (s.length() < 2) {
            return null;
        }
        char q = s.charAt(0);
        if (s.charAt(s.length() - 1) != q) {
            return null;
        }
        String body = s.substring(1, s.length() - 1);
        if (q == '`') {
            return body.indexOf('`') >= 0 ? null : body.replace("\r", "");
        }
        StringBuilder sb = new StringBuilder(body.length());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < body.length(); ) {
            char c = body.charAt(i);
            if (c == '"' || c == '\n') {
                return null;
            }
            if (c != '\\') {
                flush(bytes, sb);
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 >= body.length()) {
                return null;
            }
            char e = body.charAt(i + 1);
            i += 2;
            if (e != 'x' && (e < '0' || e > '7')) {
                flush(bytes, sb);
            }
            switch (e) {
                case 'a' -> sb.append((char) 7);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append((char) 0x0b);
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n > body.length()) {
                        return null;
                    }
                    int v;
                    try {
                        v = Integer.parseUnsignedInt(body.substring(i, i + n), 16);
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    i += n;
                    if (e == 'x') {
                        bytes.write(v);
                        continue;
                    }
                    if (!Character.isValidCodePoint(v) || v >= 0xD800 && v < 0xE000) {
                        return null;
                    }
                    flush(bytes, sb);
                    sb.appendCodePoint(v);
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) {
                        return null;
                    }
                    String oct = e + body.substring(i, i + 2);
                    int v;
                    try {
                        v = Integer.parseInt(oct, 8);
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    if (v > 255) {
                        return null;
                    }
                    i += 2;
                    bytes.write(v);
                    continue;
                }
                default -> {
                    return null;
                }
            }
            flush(bytes, sb);
        }
        flush(bytes, sb);
        return sb.toString();
    }

    private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder sb) {
        if (bytes.size() > 0) {
            sb.append(GoText.decode(bytes.toByteArray()));
            bytes.reset();
        }
    }

    private static boolean isDigit(char c) {
        return '0' <= c && c <= '9';
    }
}
