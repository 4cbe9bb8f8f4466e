package dev.modvault.core.sumdb;

/** A record (inclusion) or tree (consistency) proof does not check: x/mod's "invalid transparency proof". */
public final class InvalidProofException extends SumdbException {

    public InvalidProofException() {
        super("invalid transparency proof");
    }
}
