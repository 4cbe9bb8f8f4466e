package dev.modvault.auth.access;

import java.time.Instant;

/**
 * Grants a group read access to the PRIVATE modules its pattern matches.
 *
 * @param id        database id
 * @param group     the group (of tokens, or of OIDC users through the group claim)
 * @param pattern   module path globs in GOPRIVATE syntax ({@link dev.modvault.core.module.PathPatterns})
 * @param createdBy who made it
 * @param createdAt when
 * @param updatedBy who changed it last
 * @param updatedAt when
 */
public record AccessRule(long id, String group, String pattern, String createdBy, Instant createdAt,
                         String updatedBy, Instant updatedAt) {
}
