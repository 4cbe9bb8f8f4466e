package dev.modvault.web.protocol;

import dev.modvault.web.metrics.RequestObservationFilter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.CloseNowException;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves GOPROXY paths from the web application's Tomcat pipeline, ahead of the servlet filter chain: the request
 * is observed ({@link RequestObservationFilter}: request id, metrics, access log) and answered by the
 * {@link GoProxyHandler}, which admits the caller itself. Tomcat then neither builds a filter chain nor runs the
 * authenticator, context and wrapper valves and Spring's filters for it, about a tenth of a cached {@code .info}'s CPU
 * (docs/performance.md). Every other path goes on down the pipeline to the filters, the security chain and MVC.
 *
 * <p>While it answers, the valve holds the servlet the request was mapped to, as the wrapper valve would: graceful
 * shutdown waits until no servlet is in use, so a download in flight when shutdown starts still completes. And like
 * the wrapper valve, it takes a client that closed its connection mid-answer (a cancelled {@code go} command, a killed
 * CI job) for what it is: the answer ends there, logged at debug, with no error and no stack trace in the log.
 */
public final class ProtocolValve extends ValveBase {

    private static final Logger log = LoggerFactory.getLogger(ProtocolValve.class);

    private final RequestObservationFilter observation;
    private final GoProxyHandler proxy;

    public ProtocolValve(RequestObservationFilter observation, GoProxyHandler proxy) {
        super(true);
        this.observation = observation;
        this.proxy = proxy;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String uri = requestUri(request);
        String path = uri.substring(request.getContextPath().length());
        if (!ProtocolRequest.isProtocolPath(path)) {
            getNext().invoke(request, response);
            return;
        }
        Wrapper wrapper = request.getWrapper();
        Servlet inUse = wrapper == null ? null : wrapper.allocate();
        try {
            observation.observe(request.getRequest(), response.getResponse(), uri,
                    (req, res) -> proxy.handle((HttpServletRequest) req, (HttpServletResponse) res, path));
        } catch (ClientAbortException | CloseNowException e) {
            log.debug("the client closed the connection while {} was sent: {}", path, e.getMessage());
        } finally {
            if (inUse != null) {
                wrapper.deallocate(inUse);
            }
        }
    }

    /**
     * The raw request URI, as {@link Request#getRequestURI()} gives it. Tomcat decodes the URI's bytes as UTF-8 with
     * a new decoder and buffer per request; a URI of ASCII bytes (every valid GOPROXY path) is read directly.
     */
    static String requestUri(Request request) {
        MessageBytes uri = request.getCoyoteRequest().requestURI();
        if (uri.getType() != MessageBytes.T_BYTES) {
            return request.getRequestURI();
        }
        ByteChunk bytes = uri.getByteChunk();
        byte[] buffer = bytes.getBuffer();
        for (int i = bytes.getStart(); i < bytes.getEnd(); i++) {
            if (buffer[i] < 0) {
                return request.getRequestURI();
            }
        }
        return new String(buffer, bytes.getStart(), bytes.getLength(), StandardCharsets.ISO_8859_1);
    }
}
