package dev.modvault.core.policy;

import java.time.Instant;

/**
 * A stored policy rule.
 *
 * @param id                the rule's id
 * @param kind              what it does
 * @param pattern           GOPRIVATE-style comma-separated globs matched against module path prefixes
 * @param versionConstraint a semver range such as {@code <v1.4.2} or {@code >=v1.0.0 <v1.2.0}, or null for all
 *                          versions
 * @param reason            why, shown to the go command's user on a denial
 * @param createdBy         who made it
 * @param createdAt         when it was made
 * @param updatedAt         when it last changed
 * @param revision          increases with every change: the ETag for optimistic concurrency
 */
public record PolicyRule(long id, RuleKind kind, String pattern, String versionConstraint, String reason,
                         String createdBy, Instant createdAt, Instant updatedAt, long revision) {
}
