package dev.modvault.core.policy;

/** What a policy rule does to the modules its pattern matches; see docs/policy.md. */
public enum RuleKind {
    /** GOPRIVATE/GONOPROXY: never asked of a public upstream or checksum database; fetched from private sources. */
    PRIVATE,
    /** GONOSUMDB: never looked up in a public checksum database. */
    NOSUMDB,
    /** Matching versions are refused (403) and left out of list and @latest. */
    DENY,
    /** In allow-list mode only modules matching an ALLOW rule are served at all. */
    ALLOW
}
