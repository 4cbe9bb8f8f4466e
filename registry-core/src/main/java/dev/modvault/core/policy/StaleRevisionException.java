package dev.modvault.core.policy;

/** The rule changed since the revision the caller last saw (HTTP 412 on the admin API). */
public class StaleRevisionException extends RuntimeException {

    private final long currentRevision;

    public StaleRevisionException(long id, long currentRevision) {
        super("rule " + id + " has changed (now at revision " + currentRevision + "); fetch it again");
        this.currentRevision = currentRevision;
    }

    public long currentRevision() {
        return currentRevision;
    }
}
