package dev.modvault.core.sumdb;

/**
 * The checksum database answered 404 or 410 for a path: it holds no such record (an unknown module version, or one
 * it refuses to serve) or no such tile (a partial tile no longer served, or a tile beyond the tree).
 */
public final class SumdbNotFoundException extends SumdbException {

    private final String path;

    public SumdbNotFoundException(String path, String message) {
        super(message);
        this.path = path;
    }

    /** The database path that was not found, e.g. {@code /lookup/example.com/m@v1.0.0}. */
    public String path() {
        return path;
    }
}
