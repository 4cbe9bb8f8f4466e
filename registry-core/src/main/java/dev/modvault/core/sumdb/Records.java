package dev.modvault.core.sumdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Log records as a checksum database serves them in lookup answers and data tiles (x/mod tlog FormatRecord /
 * ParseRecord): the record id in decimal on its own line, the record text (valid UTF-8, no control characters but
 * newline, no blank line, ending in a newline), then a blank line.
 */
public final class Records {

    private Records() {
    }

    /** A parsed record and what followed it (in a lookup answer, the signed tree note). */
    public record Parsed(long id, byte[] text, byte[] rest) {

        /** The record text as a string. */
        public String textString() {
            return new String(text, StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code <id>\n<text>\n} (x/mod tlog.FormatRecord).
     *
     * @throws IllegalArgumentException "malformed record data" when the text is not valid record text
     */
    public static byte[] format(long id, byte[] text) {
        if (id < 0) {
            throw new IllegalArgumentException("negative record id " + id);
        }
        if (!isValidRecordText(text)) {
            throw new IllegalArgumentException("malformed record data");
        }
        byte[] head = (id + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + text.length + 1);
        System.arraycopy(text, 0, out, head.length, text.length);
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * Parses a record at the start of {@code msg}, up to and including its terminating blank line
     * (x/mod tlog.ParseRecord).
     *
     * @throws SumdbFormatException "malformed record data"
     */
    public static Parsed parse(byte[] msg) throws SumdbFormatException {
        Objects.requireNonNull(msg, "msg");
        int i = indexOf(msg, 0, (byte) '\n');
        if (i < 0) {
            throw malformed();
        }
        String idText = new String(msg, 0, i, StandardCharsets.ISO_8859_1);
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw malformed();
        }
        if (id < 0) {
            throw malformed();
        }
        int start = i + 1;
        int end = -1;
        for (int j = start; j + 1 < msg.length; j++) {
            if (msg[j] == '\n' && msg[j + 1] == '\n') {
                end = j;
                break;
            }
        }
        if (end < 0) {
            throw malformed();
        }
        byte[] text = Arrays.copyOfRange(msg, start, end + 1);
        byte[] rest = Arrays.copyOfRange(msg, end + 2, msg.length);
        if (!isValidRecordText(text)) {
            throw malformed();
        }
        return new Parsed(id, text, rest);
    }

    /** Whether {@code text} is valid record text: UTF-8, no control character but '\n', no blank line, final '\n'. */
    public static boolean isValidRecordText(byte[] text) {
        if (text.length == 0 || text[text.length - 1] != '\n') {
            return false;
        }
        String s = GoText.decodeUtf8(text, 0, text.length);
        return s != null && !GoText.hasControlOtherThanNewline(s) && !s.contains("\n\n");
    }

    private static int indexOf(byte[] a, int from, byte b) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static SumdbFormatException malformed() {
        return new SumdbFormatException("malformed record data");
    }
}
