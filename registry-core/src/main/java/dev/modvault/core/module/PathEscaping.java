package dev.modvault.core.module;

import dev.modvault.core.error.InvalidRequestException;
import java.util.Objects;

/**
 * The case-escaping used for module paths and versions in proxy URLs and storage keys (golang.org/x/mod/module
 * EscapePath, UnescapePath, EscapeVersion, UnescapeVersion).
 *
 * <p>Every upper-case ASCII letter is written as {@code '!'} followed by its lower-case form, so that
 * {@code github.com/Azure/x} becomes {@code github.com/!azure/x} and two paths never differ only by case. Valid module
 * paths and versions never contain {@code '!'}, so no other escape is needed. Unescaping rejects {@code '!'} not
 * followed by a lower-case letter, a trailing {@code '!'}, raw upper-case letters and non-ASCII characters.
 *
 * <p>This class also holds the helpers that build this package's user-facing error messages.
 */
public final class PathEscaping {

    /** Upper bound on the length of any message this package puts in an {@link InvalidRequestException}. */
    static final int MAX_MESSAGE_LENGTH = 200;

    /** Upper bound on the characters a quoted piece of user input may take inside a message (quotes excluded). */
    private static final int MAX_QUOTED_LENGTH = 40;

    private PathEscaping() {
    }

    /** Escapes a module path after validating it (module.EscapePath). */
    public static String escapePath(String path) {
        ModulePath.requireValid(path);
        String escaped = escapeString(path);
        if (escaped == null) {
            // Unreachable for a valid path; kept as a guard because the escaping relies on it.
            throw invalid("malformed module path " + quote(path) + ": cannot be escaped");
        }
        return escaped;
    }

    /** Unescapes an escaped module path and validates the result (module.UnescapePath). */
    public static String unescapePath(String escaped) {
        Objects.requireNonNull(escaped, "escaped");
        String problem = unescapeProblem(escaped);
        if (problem != null) {
            throw invalid("invalid escaped module path " + quote(escaped) + ": " + problem);
        }
        String path = unescapeString(escaped);
        String reason = ModulePath.checkPath(path);
        if (reason != null) {
            throw invalid("invalid escaped module path " + quote(escaped) + ": malformed module path " + quote(path)
                    + ": " + reason);
        }
        return path;
    }

    /**
     * Escapes a version string (module.EscapeVersion). Versions need not be semantic versions here, but must be valid
     * file names (ASCII only, as the escaping requires) and must not contain {@code '!'}.
     */
    public static String escapeVersion(String version) {
        Objects.requireNonNull(version, "version");
        String escaped = null;
        if (ModulePath.checkElem(version, ModulePath.Kind.FILE) == null && version.indexOf('!') < 0) {
            escaped = escapeString(version);
        }
        if (escaped == null) {
            throw invalid("version " + quote(version) + " invalid: disallowed version string");
        }
        return escaped;
    }

    /** Unescapes an escaped version and checks it is a valid file name (module.UnescapeVersion). */
    public static String unescapeVersion(String escaped) {
        Objects.requireNonNull(escaped, "escaped");
        String problem = unescapeProblem(escaped);
        if (problem != null) {
            throw invalid("invalid escaped version " + quote(escaped) + ": " + problem);
        }
        String version = unescapeString(escaped);
        String reason = ModulePath.checkElem(version, ModulePath.Kind.FILE);
        if (reason != null) {
            throw invalid("invalid escaped version " + quote(version) + ": " + reason);
        }
        return version;
    }

    /** '!'+lower-case for each upper-case letter; null if {@code s} holds '!' or non-ASCII (callers forbid both). */
    static String escapeString(String s) {
        boolean haveUpper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '!' || c >= 0x80) {
                return null;
            }
            if ('A' <= c && c <= 'Z') {
                haveUpper = true;
            }
        }
        if (!haveUpper) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ('A' <= c && c <= 'Z') {
                sb.append('!').append((char) (c + ('a' - 'A')));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Why {@code escaped} is not a well-formed escaped string, or null when it is. */
    private static String unescapeProblem(String escaped) {
        boolean bang = false;
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c >= 0x80) {
                return "non-ASCII character";
            }
            if (bang) {
                bang = false;
                if (c < 'a' || 'z' < c) {
                    return "'!' must be followed by a lower-case letter, not " + quoteRune(c);
                }
                continue;
            }
            if (c == '!') {
                bang = true;
            } else if ('A' <= c && c <= 'Z') {
                return "upper-case letter " + quoteRune(c) + " must be escaped";
            }
        }
        return bang ? "trailing '!'" : null;
    }

    /** Reverses {@link #escapeString}; only call once {@link #unescapeProblem} returned null. */
    private static String unescapeString(String escaped) {
        if (escaped.indexOf('!') < 0) {
            return escaped;
        }
        StringBuilder sb = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '!') {
                sb.append((char) (escaped.charAt(++i) - ('a' - 'A')));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- message helpers --------------------------------------------------------------------------------------

    /** An {@link InvalidRequestException} whose message is capped at {@link #MAX_MESSAGE_LENGTH} characters. */
    static InvalidRequestException invalid(String message) {
        if (message.length() > MAX_MESSAGE_LENGTH) {
            int cut = MAX_MESSAGE_LENGTH - 3;
            if (Character.isHighSurrogate(message.charAt(cut - 1))) {
                cut--;
            }
            message = message.substring(0, cut) + "...";
        }
        return new InvalidRequestException(message);
    }

    /**
     * Double-quotes user input the way Go's {@code %q} does (backslash escapes for quotes, backslashes, control,
     * format, separator and unpaired surrogate characters; printable characters kept), so a message stays on one line
     * and never echoes raw control characters. Input whose quoted form would be too long is cut and marked with
     * {@code ...} after the closing quote.
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_QUOTED_LENGTH) + 6).append('"');
        int i = 0;
        boolean truncated = false;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            String piece = escapeCodePoint(cp, '"');
            if (sb.length() - 1 + piece.length() > MAX_QUOTED_LENGTH) {
                truncated = true;
                break;
            }
            sb.append(piece);
            i += Character.charCount(cp);
        }
        sb.append('"');
        if (truncated) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** Single-quotes one character the way Go's {@code %q} does for a rune, e.g. {@code '\x00'} or {@code 'A'}. */
    static String quoteRune(int cp) {
        return "'" + escapeCodePoint(cp, '\'') + "'";
    }

    private static String escapeCodePoint(int cp, char quote) {
        if (cp == quote || cp == '\\') {
            return "\\" + (char) cp;
        }
        if (isPrintable(cp)) {
            return new String(Character.toChars(cp));
        }
        return switch (cp) {
            case 0x07 -> "\\a";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case 0x0b -> "\\v";
            default -> {
                if (cp < ' ' || cp == 0x7f) {
                    yield String.format("\\x%02x", cp);
                } else if (cp < 0x10000) {
                    yield String.format("\\u%04x", cp);
                } else {
                    yield String.format("\\U%08x", cp);
                }
            }
        };
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
                    true;
            default -> false;
        };
    }
}
