package dev.modvault.core.sumdb;

/**
 * A lookup answer's record is not the record the signed tree holds at that position, lies outside the tree, or does
 * not concern the module version asked for. Either the answer was altered on its way or the database is lying about
 * what it logged; the record's hashes must not be used.
 */
public final class RecordVerificationException extends SumdbException {

    public RecordVerificationException(String message) {
        super(message);
    }
}
