package dev.modvault.auth.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where API tokens live (PostgreSQL, shared by every replica). Only the admin API and the background refresh call
 * it: the request path checks tokens against an in-memory snapshot, never the database.
 */
public interface TokenRepository {

    /** Stores a new token; its creation time comes from the database. */
    ApiToken create(NewToken token);

    /** Every token, revoked and expired ones included, without hashes, ordered by creation. */
    List<ApiToken> findAll();

    /** Every token with its hash: what a snapshot is built from. */
    List<StoredToken> loadAll();

    /** Revokes a token (once: a revoked token stays as it was). @return the token, or empty if there is none */
    Optional<ApiToken> revoke(String id, String actor);

    /** Moves the last-used times forward (never back); ids that no longer exist are ignored. */
    void recordUse(Map<String, Instant> lastUsed);

    /**
     * A number that changes in the same transaction as every token or access-rule change: replicas poll it and
     * reload only when it moved.
     */
    long changeStamp();

    /**
     * The token hash key shared by every replica when none is configured: created on first call (random, 32 bytes)
     * and the same ever after.
     */
    byte[] sharedHashKey(byte[] candidate);
}
