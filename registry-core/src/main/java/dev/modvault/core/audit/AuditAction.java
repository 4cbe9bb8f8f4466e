package dev.modvault.core.audit;

/** Kinds of audit events. */
public enum AuditAction {
    /** A GOPROXY request answered (served, refused or failed). */
    DOWNLOAD,
    /** Modvault fetched something from an upstream. */
    UPSTREAM_FETCH,
    /** A policy rule refused a request. */
    POLICY_DENIAL,
    /** An admin changed something (details hold before/after). */
    ADMIN_CHANGE,
    /** A security-relevant event: checksum mismatch, tree-head fork, moved tag. */
    SECURITY
}
