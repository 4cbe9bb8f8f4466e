package dev.modvault.auth;

import dev.modvault.auth.access.Caller;
import dev.modvault.auth.token.LastUsedRecorder;
import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditSink;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Authenticates a request that carries an {@code Authorization} header. A request without one stays anonymous (the
 * authorization rules decide what that may do). A credential that fails is answered with 401 at once, never
 * downgraded to anonymous, counted against the client address and audited; an address over its failure budget gets
 * 429. A token's use is noted for its last-used time.
 */
final class Credentials {

    private final Authenticator authenticator;
    private final FailureRateLimiter limiter;
    private final LastUsedRecorder lastUsed;
    private final AuditSink audit;
    private final Clock clock;

    Credentials(Authenticator authenticator, FailureRateLimiter limiter, LastUsedRecorder lastUsed, AuditSink audit,
                Clock clock) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.lastUsed = lastUsed;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Puts the request's caller into the security context, if it sent a credential.
     *
     * @return false if the request was answered (401, 429) and must go no further
     */
    boolean establish(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            return true;
        }
        String address = request.getRemoteAddr();
        long wait = limiter.retryAfterSeconds(address);
        if (wait > 0) {
            AuthResponses.tooManyFailures(request, response, wait);
            return false;
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(header);
        } catch (AuthenticationException e) {
            limiter.failed(address);
            auditFailure(request, e.getMessage());
            AuthResponses.unauthorized(request, response, e.getMessage());
            return false;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(caller);
        SecurityContextHolder.setContext(context);
        if (caller.tokenId() != null) {
            lastUsed.used(caller.tokenId());
        }
        return true;
    }

    private void auditFailure(HttpServletRequest request, String reason) {
        String agent = request.getHeader("User-Agent");
        audit.record(new AuditEvent(clock.instant(), AuditAction.SECURITY, "anonymous", request.getRemoteAddr(),
                agent == null || agent.length() <= 512 ? agent : agent.substring(0, 512), null, null, null, 401,
                null, null, null,
                "{\"event\":\"authentication-failed\",\"reason\":\"" + AuthResponses.json(reason) + "\"}"));
    }
}
