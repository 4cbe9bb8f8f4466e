package dev.modvault.core.sumdb;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The text rules the signed-note and record formats share with Go: strict UTF-8, Go's idea of a space. */
final class GoText {

    private GoText() {
    }

    /** {@code data} decoded as UTF-8, or null when it is not valid UTF-8 (overlong forms and surrogates included). */
    static String decodeUtf8(byte[] data, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether {@code s} is well-formed UTF-16 (no unpaired surrogate), i.e. encodes to valid UTF-8. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code unicode.IsSpace}: the Latin-1 spaces and every code point with the White_Space property. */
    static boolean isSpace(int cp) {
        if (cp <= 0xFF) {
            return cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r' || cp == ' ' || cp == 0x85
                    || cp == 0xA0;
        }
        int type = Character.getType(cp);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * A key or server name in a signed note (x/mod note isValidName): non-empty, well-formed, without Unicode spaces
     * and without '+'.
     */
    static boolean isValidName(String name) {
        return name != null && !name.isEmpty() && isWellFormed(name) && name.indexOf('+') < 0
                && name.codePoints().noneMatch(GoText::isSpace);
    }

    /** Whether {@code s} holds a character below U+0020 other than newline. */
    static boolean hasControlOtherThanNewline(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                return true;
            }
        }
        return false;
    }
}
