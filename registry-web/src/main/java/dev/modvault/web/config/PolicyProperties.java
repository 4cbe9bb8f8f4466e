package dev.modvault.web.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Policy enforcement.
 *
 * @param allowListMode   when true, only modules matching an ALLOW rule (or a PRIVATE rule) are served
 * @param refreshInterval how often each replica checks the database for rule changes
 */
@ConfigurationProperties("modvault.policy")
public record PolicyProperties(@DefaultValue("false") boolean allowListMode,
                               @DefaultValue("1s") Duration refreshInterval) {
}
