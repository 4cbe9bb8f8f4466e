package dev.modvault.web.protocol;

import dev.modvault.web.metrics.RequestObservationFilter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Serves GOPROXY paths from the web application's Tomcat pipeline, ahead of the servlet filter chain: the request
 * is observed ({@link RequestObservationFilter}: request id, metrics, access log) and answered by the
 * {@link GoProxyHandler}, which admits the caller itself. Tomcat then neither builds a filter chain nor runs the
 * authenticator, context and wrapper valves and Spring's filters for it, about a tenth of a cached {@code .info}'s CPU
 * (docs/performance.md). Every other path goes on down the pipeline to the filters, the security chain and MVC.
 *
 * <p>While it answers, the valve holds the servlet the request was mapped to, as the wrapper valve would: graceful
 * shutdown waits until no servlet is in use, so a download in flight when shutdown starts still completes.
 */
public final class ProtocolValve extends ValveBase {

    private final RequestObservationFilter observation;
    private final GoProxyHandler proxy;

    public ProtocolValve(RequestObservationFilter observation, GoProxyHandler proxy) {
        super(true);
        this.observation = observation;
        this.proxy = proxy;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!ProtocolRequest.isProtocolPath(path)) {
            getNext().invoke(request, response);
            return;
        }
        Wrapper wrapper = request.getWrapper();
        Servlet inUse = wrapper == null ? null : wrapper.allocate();
        try {
            observation.observe(request.getRequest(), response.getResponse(),
                    (req, res) -> proxy.handle((HttpServletRequest) req, (HttpServletResponse) res, path));
        } finally {
            if (inUse != null) {
                wrapper.deallocate(inUse);
            }
        }
    }
}
