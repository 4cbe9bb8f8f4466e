package dev.modvault.auth;

import dev.modvault.auth.access.Caller;
import dev.modvault.auth.token.LastUsedRecorder;
import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditSink;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request that carries an {@code Authorization} header, on the protocol and the admin API
 * alike. A request without one stays anonymous (the authorization rules decide what that may do). A credential
 * that fails is answered with 401 at once, never downgraded to anonymous, counted against the client address and
 * audited; an address over its failure budget gets 429. A token's use is noted for its last-used time.
 */
final class CredentialFilter extends OncePerRequestFilter {

    private final Authenticator authenticator;
    private final FailureRateLimiter limiter;
    private final LastUsedRecorder lastUsed;
    private final AuditSink audit;
    private final Clock clock;

    CredentialFilter(Authenticator authenticator, FailureRateLimiter limiter, LastUsedRecorder lastUsed,
                     AuditSink audit, Clock clock) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.lastUsed = lastUsed;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Health and metrics are open and never look at credentials: a scraper or probe that sends its own (a
     * Kubernetes service-account bearer token, say) must not be refused for it.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        long wait = limiter.retryAfterSeconds(address);
        if (wait > 0) {
            AuthResponses.tooManyFailures(request, response, wait);
            return;
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(header);
        } catch (AuthenticationException e) {
            limiter.failed(address);
            auditFailure(request, e.getMessage());
            AuthResponses.unauthorized(request, response, e.getMessage());
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(caller);
        SecurityContextHolder.setContext(context);
        if (caller.tokenId() != null) {
            lastUsed.used(caller.tokenId());
        }
        chain.doFilter(request, response);
    }

    private void auditFailure(HttpServletRequest request, String reason) {
        String agent = request.getHeader("User-Agent");
        audit.record(new AuditEvent(clock.instant(), AuditAction.SECURITY, "anonymous", request.getRemoteAddr(),
                agent == null || agent.length() <= 512 ? agent : agent.substring(0, 512), null, null, null, 401,
                null, null, null,
                "{\"event\":\"authentication-failed\",\"reason\":\"" + AuthResponses.json(reason) + "\"}"));
    }
}
