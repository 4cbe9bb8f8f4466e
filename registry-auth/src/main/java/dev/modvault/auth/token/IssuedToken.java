package dev.modvault.auth.token;

/**
 * A token just created: its stored fields and, this one time, its secret.
 *
 * @param token  what is stored and listed
 * @param secret the whole token string ({@code mvt_<id>_<secret>}); never stored, never shown again
 */
public record IssuedToken(ApiToken token, String secret) {
}
