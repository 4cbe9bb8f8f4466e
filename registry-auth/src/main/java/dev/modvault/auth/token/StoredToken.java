package dev.modvault.auth.token;

/** A token with the keyed hash of its secret: what the in-memory snapshot checks presented tokens against. */
public record StoredToken(ApiToken token, byte[] secretHash) {
}
