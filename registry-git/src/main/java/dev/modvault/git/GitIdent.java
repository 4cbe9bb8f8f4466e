package dev.modvault.git;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The {@code ident} attribute as {@code git archive} applies it (git's convert.c ident_to_worktree): {@code $Id$} and
 * an already expanded {@code $Id:...$} (on one line, without inner spaces) become {@code $Id: <blob hash> $}.
 */
final class GitIdent {

    /** Files with the ident attribute are expanded in memory; larger ones are refused. */
    static final int MAX_SIZE = 64 << 20;

    private GitIdent() {
    }

    static byte[] expand(byte[] src, ObjectId blob) {
        if (countIdent(src) == 0) {
            return src;
        }
        byte[] replacement = ("Id: " + blob.name() + " $").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length + 64);
        int pos = 0;
        int len = src.length;
        while (true) {
            int dollar = indexOf(src, (byte) '$', pos, len);
            if (dollar < 0) {
                break;
            }
            out.write(src, pos, dollar + 1 - pos);
            pos = dollar + 1;
            if (len - pos < 3 || src[pos] != 'I' || src[pos + 1] != 'd') {
                continue;
            }
            if (src[pos + 2] == '$') {
                pos += 3;
            } else if (src[pos + 2] == ':') {
                int close = indexOf(src, (byte) '$', pos + 3, len);
                if (close < 0) {
                    break; // incomplete keyword: copy the rest
                }
                if (indexOf(src, (byte) '\n', pos + 3, close) >= 0) {
                    continue; // line break before the closing dollar
                }
                int spc = indexOf(src, (byte) ' ', pos + 4, close);
                if (spc >= 0 && spc < close - 1) {
                    continue; // spaces in unexpected places: some other system's id
                }
                pos = close + 1;
            } else {
                continue;
            }
            out.write(replacement, 0, replacement.length);
        }
        out.write(src, pos, len - pos);
        return out.toByteArray();
    }

    /** count_ident: how many {@code $Id$} or {@code $Id:...$} keywords there are. */
    static int countIdent(byte[] cp) {
        int cnt = 0;
        int i = 0;
        int size = cp.length;
        while (i < size) {
            byte ch = cp[i++];
            if (ch != '$') {
                continue;
            }
            if (size - i < 3) {
                break;
            }
            if (cp[i] != 'I' || cp[i + 1] != 'd') {
                continue;
            }
            ch = cp[i + 2];
            i += 3;
            if (ch == '$') {
                cnt++;
            }
            if (ch != ':') {
                continue;
            }
            while (i < size) {
                ch = cp[i++];
                if (ch == '$') {
                    cnt++;
                    break;
                }
                if (ch == '\n') {
                    break;
                }
            }
        }
        return cnt;
    }

    private static int indexOf(byte[] b, byte v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
