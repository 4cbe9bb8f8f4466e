package dev.modvault.auth.token;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An API token as stored and listed: everything but its secret, which is shown once at creation and kept only as a
 * keyed hash ({@link StoredToken}).
 *
 * @param id         the public part of the token ({@code mvt_<id>_...}); names it in the API and the audit log
 * @param owner      the user or service it belongs to: the actor of everything done with it
 * @param kind       user or service
 * @param scopes     read and/or admin
 * @param groups     the groups whose access rules apply to it
 * @param createdBy  who created it
 * @param createdAt  when
 * @param expiresAt  when it stops working; null: never
 * @param revokedBy  who revoked it; null while it is not revoked
 * @param revokedAt  when it was revoked
 * @param lastUsedAt when it was last accepted (written in batches, so up to a flush interval old); null: never
 */
public record ApiToken(String id, String owner, TokenKind kind, Set<Scope> scopes, List<String> groups,
                       String createdBy, Instant createdAt, Instant expiresAt, String revokedBy, Instant revokedAt,
                       Instant lastUsedAt) {

    public ApiToken {
        scopes = Set.copyOf(scopes);
        groups = List.copyOf(groups);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether it has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
