package dev.modvault.core.sumdb;

/**
 * A checksum-database answer could not be verified. The subclasses say why, so callers can tell a transient or
 * malformed answer from evidence of a misbehaving database:
 * <ul>
 *   <li>{@link SumdbFormatException}: a note, tree head, record or tile is malformed</li>
 *   <li>{@link NoteVerificationException}: a signed note carries no valid signature by the expected key</li>
 *   <li>{@link RecordVerificationException}: a record is not the one the signed tree holds</li>
 *   <li>{@link TileVerificationException}: downloaded tiles do not hash to the signed tree</li>
 *   <li>{@link InvalidProofException}: a record or tree proof does not check</li>
 *   <li>{@link TreeForkException}: two signed tree heads that cannot both be true (a security alert)</li>
 *   <li>{@link SumdbNotFoundException}: the database has no such record or tile (404/410)</li>
 * </ul>
 * Network failures are {@link java.io.IOException}s, not this type.
 */
public abstract class SumdbException extends Exception {

    protected SumdbException(String message) {
        super(message);
    }

    protected SumdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
