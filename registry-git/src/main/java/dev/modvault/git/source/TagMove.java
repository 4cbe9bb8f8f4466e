package dev.modvault.git.source;

/**
 * A tag that now points to another commit than when its version was cached.
 *
 * @param module       the module path
 * @param version      the module version the tag stands for
 * @param ref          the tag, e.g. {@code refs/tags/v1.2.0}
 * @param url          the repository URL (never with credentials)
 * @param recordedHash the commit recorded when the version was cached
 * @param currentHash  the commit the tag points to now
 * @param noticedBy    {@code fetch} (the mirror's tag moved during a fetch) or {@code request} (a request for the
 *                     version resolved to another commit)
 */
public record TagMove(String module, String version, String ref, String url, String recordedHash,
                      String currentHash, String noticedBy) {

    /** Gets told about moved tags; MUST be quick and MUST NOT throw. */
    @FunctionalInterface
    public interface Listener {
        void tagMoved(TagMove move);

        Listener NONE = move -> { };
    }
}
