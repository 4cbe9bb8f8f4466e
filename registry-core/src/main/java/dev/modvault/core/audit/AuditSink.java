package dev.modvault.core.audit;

/**
 * Where audit events go. {@link #record} MUST NOT block on I/O and MUST NOT throw: serving never waits on the audit
 * log. Events that cannot be kept (queue full while the database is down) are dropped, counted and logged.
 */
public interface AuditSink {

    void record(AuditEvent event);

    /** Discards everything: for tools and tests that audit nothing. */
    AuditSink NONE = event -> { };
}
