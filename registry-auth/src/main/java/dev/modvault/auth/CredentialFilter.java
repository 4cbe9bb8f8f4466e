package dev.modvault.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request that carries an {@code Authorization} header, on the admin API and the other paths
 * behind the security chain ({@link Credentials}); the GOPROXY protocol does the same in front of it
 * ({@link ProtocolGate}).
 */
final class CredentialFilter extends OncePerRequestFilter {

    private final Credentials credentials;

    CredentialFilter(Credentials credentials) {
        this.credentials = credentials;
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
        if (credentials.establish(request, response)) {
            chain.doFilter(request, response);
        }
    }
}
