package dev.modvault.auth;

import dev.modvault.auth.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Authentication and authorization of GOPROXY protocol requests, run by the protocol handler in front of the Spring
 * Security chain: the same credentials ({@link Credentials}) and the same rule as that chain would apply (read scope,
 * or nothing with {@code modvault.auth.anonymous-read}), without the dozen filters a cached {@code .info} does not
 * need (a fifth of its CPU; docs/performance.md). Which PRIVATE modules a caller sees is decided by the access
 * decorator over the GoProxy, as before.
 */
public final class ProtocolGate {

    static final String AUTHENTICATION_REQUIRED = "authentication required: send a Modvault token as the password"
            + " (.netrc or GOAUTH; see docs/client-setup.md)";
    static final String READ_REQUIRED = "this credential may not read modules: it lacks the read scope";

    private final Credentials credentials;
    private final boolean anonymousRead;

    ProtocolGate(Credentials credentials, boolean anonymousRead) {
        this.credentials = credentials;
        this.anonymousRead = anonymousRead;
    }

    /**
     * Establishes the caller of a protocol request; {@link #release()} must follow in a finally block.
     *
     * @return false if the request was answered (401, 403, 429) and must go no further
     */
    public boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!credentials.establish(request, response)) {
            return false;
        }
        Caller caller = Caller.current().orElse(null);
        if (caller == null) {
            if (anonymousRead) {
                return true;
            }
            AuthResponses.unauthorized(request, response, AUTHENTICATION_REQUIRED);
            return false;
        }
        if (!caller.read()) {
            AuthResponses.forbidden(request, response, READ_REQUIRED);
            return false;
        }
        return true;
    }

    /** Forgets the caller once the request is answered (the thread serves other requests next). */
    public void release() {
        SecurityContextHolder.clearContext();
    }
}
