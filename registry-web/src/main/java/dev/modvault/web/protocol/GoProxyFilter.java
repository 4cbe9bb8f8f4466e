package dev.modvault.web.protocol;

import dev.modvault.core.error.RegistryException;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.protocol.GoProxy;
import dev.modvault.core.module.Version;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the GOPROXY protocol at the server root: parses the raw path into a {@link ProtocolRequest}, calls the
 * {@link GoProxy} and streams the answer. Any other path goes on down the chain (actuator, admin API).
 */
public final class GoProxyFilter extends HttpFilter {

    private static final Logger log = LoggerFactory.getLogger(GoProxyFilter.class);
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final GoProxy proxy;
    private final String shortCache;

    public GoProxyFilter(GoProxy proxy, Duration listTtl) {
        this.proxy = proxy;
        this.shortCache = "public, max-age=" + Math.max(0, listTtl.toSeconds());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!ProtocolRequest.isProtocolPath(path)) {
            chain.doFilter(request, response);
            return;
        }
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            ProtocolErrors.write(response, 405, "method " + method + " not allowed: the GOPROXY protocol is read-only", false);
            return;
        }
        try {
            ProtocolRequest parsed = ProtocolRequest.parse(path);
            send(response, dispatch(parsed), head);
        } catch (RegistryException e) {
            ProtocolErrors.write(response, ProtocolErrors.status(e), e.getMessage(), head);
        } catch (RuntimeException e) {
            log.error("unexpected failure serving {}", path, e);
            ProtocolErrors.write(response, 500, "internal error in Modvault; the operators have been told", head);
        }
    }

    private Content dispatch(ProtocolRequest request) {
        return switch (request.kind()) {
            case LIST -> proxy.list(request.module());
            case LATEST -> proxy.latest(request.module());
            case INFO -> proxy.info(request.module(), request.version());
            case MOD -> proxy.mod(request.module(), Version.of(request.version()));
            case ZIP -> proxy.zip(request.module(), Version.of(request.version()));
        };
    }

    private void send(HttpServletResponse response, Content content, boolean head) throws IOException {
        response.setStatus(200);
        response.setContentType(content.contentType());
        response.setContentLengthLong(content.size());
        response.setHeader("Cache-Control",
                content.freshness() == Content.Freshness.IMMUTABLE ? IMMUTABLE : shortCache);
        response.setHeader("X-Modvault-Cache", content.cacheHit() ? "hit" : "miss");
        if (head) {
            return;
        }
        try (InputStream in = content.open()) {
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
        }
    }
}
