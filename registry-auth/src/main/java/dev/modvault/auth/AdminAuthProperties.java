package dev.modvault.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Admin API credentials.
 *
 * @param bootstrapToken a secret bearer token that grants admin access (from a Kubernetes Secret or the environment
 *                       variable {@code MODVAULT_ADMIN_BOOTSTRAP_TOKEN}); when unset, the admin API refuses everyone
 */
@ConfigurationProperties("modvault.admin")
public record AdminAuthProperties(String bootstrapToken) {
}
