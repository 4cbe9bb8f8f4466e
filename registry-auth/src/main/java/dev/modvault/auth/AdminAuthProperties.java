package dev.modvault.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Admin API credentials.
 *
 * @param bootstrapToken a secret token that grants admin access, as a bearer token or a Basic password (from a
 *                       Kubernetes Secret or the environment variable {@code MODVAULT_ADMIN_BOOTSTRAP_TOKEN}): the
 *                       way to create the first API tokens; when unset, only admin-scoped API tokens and OIDC
 *                       admins can use the admin API
 */
@ConfigurationProperties("modvault.admin")
public record AdminAuthProperties(String bootstrapToken) {
}
