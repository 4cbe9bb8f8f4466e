package dev.modvault.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may read what (docs/security.md).
 *
 * @param anonymousRead         whether callers without a credential may read public (non-PRIVATE) modules; PRIVATE
 *                              modules always need a credential with access
 * @param tokenHashKey          the HMAC key API tokens are hashed with (a secret, at least 32 characters); empty:
 *                              a random key is created once in the database and shared by every replica
 * @param refreshInterval       how often each replica checks the database for token and access-rule changes
 *                              (revocations are in force everywhere within about this long)
 * @param lastUsedFlushInterval how often the last-used times of tokens are written, in one batch
 * @param failuresPerMinute     failed authentications allowed per client address and minute; past them the
 *                              address gets 429 with Retry-After until the budget refills
 * @param oidc                  OIDC bearer JWTs from the company's identity provider
 */
@ConfigurationProperties("modvault.auth")
public record AuthProperties(@DefaultValue("true") boolean anonymousRead,
                             String tokenHashKey,
                             @DefaultValue("1s") Duration refreshInterval,
                             @DefaultValue("30s") Duration lastUsedFlushInterval,
                             @DefaultValue("20") int failuresPerMinute,
                             @DefaultValue Oidc oidc) {

    public AuthProperties {
        if (failuresPerMinute < 1) {
            throw new IllegalArgumentException("modvault.auth.failures-per-minute must be at least 1");
        }
        if (tokenHashKey != null && !tokenHashKey.isEmpty() && tokenHashKey.length() < 32) {
            throw new IllegalArgumentException("modvault.auth.token-hash-key must have at least 32 characters"
                    + " (e.g. openssl rand -base64 32), or be empty to keep a generated key in the database");
        }
    }

    /**
     * @param jwkSetUri   the identity provider's JWK set URL; empty: OIDC tokens are not accepted
     * @param issuer      the required {@code iss} claim; empty: not checked
     * @param audience    the required {@code aud} value; empty: not checked
     * @param groupsClaim the claim holding the user's groups (a list or a space-separated string)
     * @param adminGroup  members of this group get the admin scope; empty: no OIDC user is an admin
     */
    public record Oidc(String jwkSetUri, String issuer, String audience, @DefaultValue("groups") String groupsClaim,
                       String adminGroup) {

        public boolean enabled() {
            return jwkSetUri != null && !jwkSetUri.isBlank();
        }
    }
}
