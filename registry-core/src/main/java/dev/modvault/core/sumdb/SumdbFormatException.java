package dev.modvault.core.sumdb;

/**
 * Data from (or for) a checksum database is syntactically malformed: a signed note, a tree head, a record, a tile.
 * The messages are the ones golang.org/x/mod uses ({@code malformed note}, {@code malformed tree note},
 * {@code malformed record data}, ...), sometimes with detail appended.
 */
public final class SumdbFormatException extends SumdbException {

    public SumdbFormatException(String message) {
        super(message);
    }
}
