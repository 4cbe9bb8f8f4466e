package dev.modvault.core.sumdb;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A tree description, the text a checksum database signs (x/mod tlog.Tree): the log's size and its tree hash, as
 * three lines {@code go.sum database tree\n<size>\n<base64 hash>\n}.
 *
 * @param size the number of records, at least 0
 * @param hash the tree hash ({@link Hash#ZERO} for the empty tree)
 */
public record TreeHead(long size, Hash hash) {

    private static final String PREFIX = "go.sum database tree\n";

    public TreeHead {
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        Objects.requireNonNull(hash, "hash");
    }

    /** The note text {@code go.sum database tree\n<size>\n<hash>\n} (x/mod tlog.FormatTree). */
    public String format() {
        return PREFIX + size + "\n" + hash + "\n";
    }

    /**
     * Parses a tree description (x/mod tlog.ParseTree). Lines after the third are ignored (forward compatibility).
     *
     * @throws SumdbFormatException "malformed tree note"
     */
    public static TreeHead parse(String text) throws SumdbFormatException {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith(PREFIX) || text.chars().filter(c -> c == '\n').count() < 3
                || text.getBytes(StandardCharsets.UTF_8).length > 1_000_000) {
            throw malformed();
        }
        String[] lines = text.split("\n", 4);
        long n;
        try {
            n = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw malformed();
        }
        if (n < 0 || !lines[1].equals(Long.toString(n))) {
            throw malformed();
        }
        byte[] h = Base64Strict.decode(lines[2]);
        if (h == null || h.length != Hash.SIZE) {
            throw malformed();
        }
        return new TreeHead(n, Hash.wrap(h));
    }

    /** {@code tree#<size> <hash>}. */
    @Override
    public String toString() {
        return "tree#" + size + " " + hash;
    }

    private static SumdbFormatException malformed() {
        return new SumdbFormatException("malformed tree note");
    }
}
