package dev.modvault.core.cache;

/** Size limits of upstream bodies: the go command's own for zips and go.mod files (cmd/go/internal/modfetch). */
public final class Limits {
    public static final long MAX_ZIP = 500L << 20;
    public static final long MAX_MOD = 16L << 20;
    public static final long MAX_LIST = 16L << 20;
    public static final long MAX_INFO = 1L << 20;

    private Limits() {
    }
}
