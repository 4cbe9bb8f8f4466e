package dev.modvault.git;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The file-name rules of module zips: golang.org/x/mod/module.CheckFilePath, Go's path.Clean, the vendor-directory
 * rule of golang.org/x/mod/zip (isVendoredPackage) and the case-folding used to find file name collisions
 * (strToFold). File names are Java strings made by {@link GoText#decode}, so invalid UTF-8 shows as lone surrogates.
 */
final class FilePaths {

    /** Reserved device names on Windows, rejected (in any case) as the part of a path element before its first dot. */
    private static final List<String> BAD_WINDOWS_NAMES = List.of(
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private FilePaths() {
    }

    /** module.CheckFilePath: the error message ({@code malformed file path "p": reason}) or null if valid. */
    static String checkFilePath(String path) {
        String reason = checkPath(path);
        return reason == null ? null : "malformed file path " + GoText.quote(path) + ": " + reason;
    }

    private static String checkPath(String path) {
        if (!GoText.isValidUtf8(path)) {
            return "invalid UTF-8";
        }
        if (path.isEmpty()) {
            return "empty string";
        }
        if (path.contains("//")) {
            return "double slash";
        }
        if (path.charAt(path.length() - 1) == '/') {
            return "trailing slash";
        }
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                String reason = checkElem(path.substring(start, i));
                if (reason != null) {
                    return reason;
                }
                start = i + 1;
            }
        }
        return null;
    }

    private static String checkElem(String elem) {
        if (elem.isEmpty()) {
            return "empty path element";
        }
        if (elem.chars().allMatch(c -> c == '.')) {
            return "invalid path element " + GoText.quote(elem);
        }
        if (elem.charAt(elem.length() - 1) == '.') {
            return "trailing dot in path element";
        }
        for (int i = 0; i < elem.length(); ) {
            int cp = elem.codePointAt(i);
            if (!fileNameOK(cp)) {
                return "invalid char " + GoText.quoteRune(cp);
            }
            i += Character.charCount(cp);
        }
        int dot = elem.indexOf('.');
        String shortName = dot < 0 ? elem : elem.substring(0, dot);
        for (String bad : BAD_WINDOWS_NAMES) {
            if (bad.equalsIgnoreCase(shortName) && isAscii(shortName)) {
                return GoText.quote(shortName) + " disallowed as path element component on Windows";
            }
        }
        return null;
    }

    /** ASCII letters and digits, space, {@code !#$%&()+,-.=@[]^_{}~}, and any Unicode letter. */
    private static boolean fileNameOK(int c) {
        if (c < 0x80) {
            return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z'
                    || "!#$%&()+,-.=@[]^_{}~ ".indexOf(c) >= 0;
        }
        return Character.isLetter(c);
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    /** Whether Go's path.Clean leaves {@code p} unchanged. */
    static boolean isClean(String p) {
        return clean(p).equals(p);
    }

    /** Go's path.Clean: the shortest equivalent path by purely lexical processing. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        int n = path.length();
        StringBuilder out = new StringBuilder(n);
        int r = 0;
        int dotdot = 0;
        if (rooted) {
            out.append('/');
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            if (path.charAt(r) == '/') {
                r++;
            } else if (path.charAt(r) == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
                r++;
            } else if (path.charAt(r) == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
                r += 2;
                if (out.length() > dotdot) {
                    int w = out.length() - 1;
                    while (w > dotdot && out.charAt(w) != '/') {
                        w--;
                    }
                    out.setLength(w);
                } else if (!rooted) {
                    if (!out.isEmpty()) {
                        out.append('/');
                    }
                    out.append("..");
                    dotdot = out.length();
                }
            } else {
                if (rooted && out.length() != 1 || !rooted && !out.isEmpty()) {
                    out.append('/');
                }
                while (r < n && path.charAt(r) != '/') {
                    out.append(path.charAt(r));
                    r++;
                }
            }
        }
        return out.isEmpty() ? "." : out.toString();
    }

    /**
     * x/mod zip isVendoredPackage: whether the file lies in a package below a {@code vendor} directory. Files directly
     * in {@code vendor/} (such as {@code vendor/modules.txt}) are kept; the offset bug of golang.org/issue/31562 is
     * kept too, since changing it would change module checksums.
     */
    static boolean isVendoredPackage(String name) {
        int i;
        if (name.startsWith("vendor/")) {
            i = "vendor/".length();
        } else if (name.contains("/vendor/")) {
            // Go adds len("/vendor/") to 0 here rather than to the match index (the bug mentioned above).
            i = "/vendor/".length();
        } else {
            return false;
        }
        return name.substring(Math.min(i, name.length())).contains("/");
    }

    /** Go's path.Dir for slash-separated relative paths: "." when there is no slash. */
    static String dir(String p) {
        int slash = p.lastIndexOf('/');
        return slash < 0 ? "." : clean(p.substring(0, slash));
    }

    /**
     * x/mod zip strToFold: a key such that two strings have equal keys iff Go's strings.EqualFold says they are
     * equal; each character is replaced by the smallest member of its simple case-folding orbit, A-Z by a-z.
     */
    static String strToFold(String s) {
        boolean fast = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || 'A' <= c && c <= 'Z') {
                fast = false;
                break;
            }
        }
        if (fast) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int folded = minOfOrbit(cp);
            if ('A' <= folded && folded <= 'Z') {
                folded += 'a' - 'A';
            }
            sb.appendCodePoint(folded);
        }
        return sb.toString();
    }

    /** The smallest code point reachable from {@code cp} through simple upper, lower and title case mappings. */
    private static int minOfOrbit(int cp) {
        Set<Integer> seen = new HashSet<>();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        todo.add(cp);
        int min = cp;
        while (!todo.isEmpty() && seen.size() < 16) {
            int c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            min = Math.min(min, c);
            todo.add(Character.toUpperCase(c));
            todo.add(Character.toLowerCase(c));
            todo.add(Character.toTitleCase(c));
        }
        return min;
    }

    /** strings.ToLower for the go.mod case check. */
    static String toLower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
