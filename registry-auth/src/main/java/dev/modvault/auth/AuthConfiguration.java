package dev.modvault.auth;

import dev.modvault.auth.access.AccessRuleRepository;
import dev.modvault.auth.access.AuthDirectory;
import dev.modvault.auth.access.ModuleAccess;
import dev.modvault.auth.token.LastUsedRecorder;
import dev.modvault.auth.token.TokenHasher;
import dev.modvault.auth.token.TokenRepository;
import dev.modvault.auth.token.TokenService;
import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.policy.PolicyEngine;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts of authentication and access control other beans use: the in-memory directory of tokens and access
 * rules, the token hasher and service, module visibility, the authenticator and the failure limiter. The
 * repositories come from the persistence module; the clock, audit sink and policy engine from the application.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean(destroyMethod = "close")
    AuthDirectory authDirectory(TokenRepository tokens, AccessRuleRepository rules, AuthProperties properties) {
        return new AuthDirectory(tokens, rules, properties.refreshInterval());
    }

    /** Keyed with modvault.auth.token-hash-key, or else with the key every replica shares through the database. */
    @Bean
    TokenHasher tokenHasher(TokenRepository tokens, AuthProperties properties) {
        String configured = properties.tokenHashKey();
        if (configured != null && !configured.isEmpty()) {
            return new TokenHasher(configured.getBytes(StandardCharsets.UTF_8));
        }
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        return new TokenHasher(tokens.sharedHashKey(candidate));
    }

    @Bean
    TokenService tokenService(TokenRepository tokens, TokenHasher hasher, Clock clock, AuthDirectory directory) {
        return new TokenService(tokens, hasher, clock, directory::refresh);
    }

    @Bean(destroyMethod = "close")
    LastUsedRecorder lastUsedRecorder(TokenRepository tokens, AuthProperties properties, Clock clock) {
        return new LastUsedRecorder(tokens, properties.lastUsedFlushInterval(), clock::millis);
    }

    @Bean
    ModuleAccess moduleAccess(PolicyEngine policy, AuthDirectory directory) {
        return new ModuleAccess(module -> policy.snapshot().isPrivate(module), directory::snapshot);
    }

    @Bean
    Authenticator authenticator(AuthDirectory directory, TokenHasher hasher, Clock clock, AuthProperties properties,
                                AdminAuthProperties admin) {
        return new Authenticator(new TokenAuthenticator(directory::snapshot, hasher, clock),
                properties.oidc().enabled() ? new OidcAuthenticator(properties.oidc()) : null,
                admin.bootstrapToken());
    }

    @Bean
    FailureRateLimiter failureRateLimiter(AuthProperties properties) {
        return new FailureRateLimiter(properties.failuresPerMinute(), System::nanoTime);
    }

    @Bean
    Credentials credentials(Authenticator authenticator, FailureRateLimiter limiter, LastUsedRecorder lastUsed,
                            AuditSink audit, Clock clock) {
        return new Credentials(authenticator, limiter, lastUsed, audit, clock);
    }

    @Bean
    ProtocolGate protocolGate(Credentials credentials, AuthProperties properties) {
        return new ProtocolGate(credentials, properties.anonymousRead());
    }
}
