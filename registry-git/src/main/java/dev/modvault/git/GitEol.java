package dev.modvault.git;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.Attributes;

/**
 * The end-of-line conversion {@code git -c core.autocrlf=input -c core.eol=lf archive} applies to a file, as the go
 * command runs it to make module zips (a port of git's convert.c for that configuration). Under it, only files whose
 * attributes ask for CRLF ({@code eol=crlf}, {@code text eol=crlf}, {@code text=auto eol=crlf}, or the legacy
 * {@code crlf} attribute with {@code eol=crlf}) are changed: each LF not preceded by CR becomes CRLF; for
 * {@code text=auto} only when the file looks like text and has no CR at all.
 */
final class GitEol {

    /** git's convert_crlf_action values that remain possible with core.autocrlf=input. */
    enum Action { BINARY, TEXT_INPUT, TEXT_CRLF, AUTO, AUTO_INPUT, AUTO_CRLF }

    private GitEol() {
    }

    /** convert_attrs: the action for a file with these attributes (core.autocrlf=input, core.eol=lf). */
    static Action action(Attributes attrs) {
        Action crlf = checkCrlf(attrs.get("text"));
        if (crlf == null) {
            crlf = checkCrlf(attrs.get("crlf"));
        }
        if (crlf != Action.BINARY) {
            String eol = eolValue(attrs.get("eol"));
            if (crlf == Action.AUTO && "lf".equals(eol)) {
                crlf = Action.AUTO_INPUT;
            } else if (crlf == Action.AUTO && "crlf".equals(eol)) {
                crlf = Action.AUTO_CRLF;
            } else if ("lf".equals(eol)) {
                crlf = Action.TEXT_INPUT;
            } else if ("crlf".equals(eol)) {
                crlf = Action.TEXT_CRLF;
            }
        }
        if (crlf == null) {
            return Action.AUTO_INPUT; // undefined with core.autocrlf=input
        }
        return crlf;
    }

    /** git_path_check_crlf: null stands for CRLF_UNDEFINED; "text" set (CRLF_TEXT) means LF output here. */
    private static Action checkCrlf(Attribute a) {
        if (a == null) {
            return null;
        }
        return switch (a.getState()) {
            case SET -> Action.TEXT_INPUT; // CRLF_TEXT; text_eol_is_crlf() is false with autocrlf=input
            case UNSET -> Action.BINARY;
            case UNSPECIFIED -> null;
            case CUSTOM -> switch (a.getValue()) {
                case "input" -> Action.TEXT_INPUT;
                case "auto" -> Action.AUTO;
                default -> null;
            };
        };
    }

    private static String eolValue(Attribute a) {
        return a != null && a.getState() == Attribute.State.CUSTOM ? a.getValue() : null;
    }

    /** Whether this action can produce CRLF at all (output_eol == EOL_CRLF). */
    static boolean mayConvert(Action action) {
        return action == Action.TEXT_CRLF || action == Action.AUTO_CRLF;
    }

    /** git's text_stat over a whole file. */
    static final class Stats {
        long nul;
        long lonecr;
        long lonelf;
        long crlf;
        long printable;
        long nonprintable;

        /** gather_stats, streaming (a CR at the end of one read pairs with an LF at the start of the next). */
        static Stats gather(InputStream in) throws IOException {
            Stats s = new Stats();
            byte[] buf = new byte[64 * 1024];
            boolean pendingCr = false;
            int last = -1;
            int n;
            while ((n = in.read(buf)) != -1) {
                for (int i = 0; i < n; i++) {
                    int c = buf[i] & 0xFF;
                    last = c;
                    if (pendingCr) {
                        pendingCr = false;
                        if (c == '\n') {
                            s.crlf++;
                            continue;
                        }
                        s.lonecr++;
                    }
                    if (c == '\r') {
                        pendingCr = true;
                    } else if (c == '\n') {
                        s.lonelf++;
                    } else if (c == 127) {
                        s.nonprintable++;
                    } else if (c < 32) {
                        switch (c) {
                            case '\b', '\t', 033, 014 -> s.printable++;
                            case 0 -> {
                                s.nul++;
                                s.nonprintable++;
                            }
                            default -> s.nonprintable++;
                        }
                    } else {
                        s.printable++;
                    }
                }
            }
            if (pendingCr) {
                s.lonecr++;
            }
            if (last == 032) {
                s.nonprintable--; // a trailing EOF (^Z) does not count
            }
            return s;
        }

        /** convert_is_binary. */
        boolean isBinary() {
            return lonecr > 0 || nul > 0 || (printable >> 7) < nonprintable;
        }
    }

    /** will_convert_lf_to_crlf. */
    static boolean willConvert(Stats stats, Action action) {
        if (!mayConvert(action) || stats.lonelf == 0) {
            return false;
        }
        if (action == Action.AUTO_CRLF) {
            return stats.lonecr == 0 && stats.crlf == 0 && !stats.isBinary();
        }
        return true;
    }

    /** crlf_to_worktree's rewrite: an LF not preceded by CR becomes CRLF. Adds {@code stats.lonelf} bytes. */
    static InputStream toCrlf(InputStream in) {
        return new FilterInputStream(in) {
            private final byte[] src = new byte[32 * 1024];
            private int pos;
            private int lim;
            private int prev = -1;
            private boolean pendingLf;
            private boolean eof;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = 0;
                while (n < len) {
                    if (pendingLf) {
                        b[off + n++] = '\n';
                        pendingLf = false;
                        prev = '\n';
                        continue;
                    }
                    if (pos == lim) {
                        if (n > 0 || eof) {
                            break;
                        }
                        int r = in.read(src, 0, src.length);
                        if (r < 0) {
                            eof = true;
                            break;
                        }
                        pos = 0;
                        lim = r;
                        continue;
                    }
                    int c = src[pos++] & 0xFF;
                    if (c == '\n' && prev != '\r') {
                        b[off + n++] = '\r';
                        pendingLf = true;
                        prev = '\r';
                        continue;
                    }
                    b[off + n++] = (byte) c;
                    prev = c;
                }
                return n == 0 && eof ? -1 : n;
            }

            @Override
            public long skip(long n) throws IOException {
                throw new IOException("skip not supported");
            }
        };
    }
}
