package dev.modvault.core.sumdb;

/**
 * Tiles downloaded from a checksum database do not hash up to the signed tree they were fetched for ("downloaded
 * inconsistent tile"), or have the wrong size. Nothing read from them has been used.
 */
public final class TileVerificationException extends SumdbException {

    public TileVerificationException(String message) {
        super(message);
    }
}
