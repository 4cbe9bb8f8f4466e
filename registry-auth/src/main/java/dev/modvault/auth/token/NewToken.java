package dev.modvault.auth.token;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A token to store: its fields, already validated, and the keyed hash of its secret.
 *
 * @param id         the token's public id
 * @param secretHash HMAC-SHA-256 of the whole token string ({@link TokenHasher})
 */
public record NewToken(String id, String owner, TokenKind kind, Set<Scope> scopes, List<String> groups,
                       Instant expiresAt, String createdBy, byte[] secretHash) {
}
