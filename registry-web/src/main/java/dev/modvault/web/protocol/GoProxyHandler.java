package dev.modvault.web.protocol;

import dev.modvault.auth.ProtocolGate;
import dev.modvault.auth.access.Caller;
import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.error.PolicyDeniedException;
import dev.modvault.core.error.RegistryException;
import dev.modvault.core.module.Version;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.protocol.GoProxy;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.storage.StorageException;
import dev.modvault.web.metrics.RequestObservationFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the GOPROXY protocol at the server root: parses the raw path into a {@link ProtocolRequest}, calls the
 * {@link GoProxy}, streams the answer and records it in the audit log. Run by {@link ProtocolValve} in front of the
 * servlet filter chain, the Spring Security chain and Spring's other filters, which a protocol request does not need:
 * the {@link ProtocolGate} admits the caller with the same credentials and rule. Other paths (actuator, admin API,
 * checksum database) never reach it.
 */
public final class GoProxyHandler {

    private static final Logger log = LoggerFactory.getLogger(GoProxyHandler.class);
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** The longest validity asked of a redirect URL; the backend's redirect-validity (default 5m) caps it. */
    static final Duration MAX_REDIRECT_VALIDITY = Duration.ofHours(1);

    private final GoProxy proxy;
    private final ProtocolGate gate;
    private final String shortCache;
    private final AuditSink audit;
    private final Clock clock;
    private final boolean zeroCopy;
    private final boolean hashOnSend;
    private final ArtifactStore store;
    private final ProtocolRequest.Cache parsed = new ProtocolRequest.Cache(8192);

    /**
     * @param gate       admits the caller of each protocol request
     * @param zeroCopy   send checked artifacts from local disk with sendfile ({@code modvault.serving.zero-copy})
     * @param hashOnSend hash stored zips again on every send ({@code modvault.serving.hash-on-send}); false copies a
     *                   checked, unchanged file without hashing it again ({@link VerifiedFileCopy})
     * @param store      asked for a direct-download URL of a stored zip (redirect mode of the S3 and Azure backends)
     */
    public GoProxyHandler(GoProxy proxy, ProtocolGate gate, Duration listTtl, AuditSink audit, Clock clock,
                         boolean zeroCopy, boolean hashOnSend, ArtifactStore store) {
        this.gate = gate;
        this.proxy = proxy;
        this.shortCache = "public, max-age=" + Math.max(0, listTtl.toSeconds());
        this.audit = audit;
        this.clock = clock;
        this.zeroCopy = zeroCopy;
        this.hashOnSend = hashOnSend;
        this.store = store;
    }

    /** What the audit record of one request needs, filled in as the request goes. */
    private static final class Outcome {
        ProtocolRequest request;
        int status;
        long bytes;
        Boolean cacheHit;
    }

    /**
     * Answers one GOPROXY request.
     *
     * @param path the raw request path below the context path, one {@link ProtocolRequest#isProtocolPath} accepts
     */
    public void handle(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        if (!gate.admit(request, response)) {
            return;
        }
        try {
            serve(request, response, path);
        } finally {
            gate.release();
        }
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        long start = clock.millis();
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        Outcome outcome = new Outcome();
        try {
            if (!head && !"GET".equals(method)) {
                response.setHeader("Allow", "GET, HEAD");
                outcome.status = 405;
                ProtocolErrors.write(response, 405, "method " + method
                        + " not allowed: the GOPROXY protocol is read-only", false);
                return;
            }
            outcome.request = parsed.parse(path);
            Content content = dispatch(outcome.request);
            outcome.cacheHit = content.cacheHit();
            outcome.status = 200;
            if (!redirect(response, content, outcome)) {
                send(request, response, content, head, outcome);
            }
        } catch (PolicyDeniedException e) {
            outcome.status = ProtocolErrors.status(e);
            record(request, outcome, AuditAction.POLICY_DENIAL, start,
                    e.ruleId() == null ? "{\"rule\":null}" : "{\"rule\":" + e.ruleId() + "}");
            ProtocolErrors.write(response, outcome.status, e.getMessage(), head);
        } catch (RegistryException e) {
            outcome.status = ProtocolErrors.status(e);
            ProtocolErrors.write(response, outcome.status, e.getMessage(), head);
        } catch (RuntimeException e) {
            log.error("unexpected failure serving {}", path, e);
            outcome.status = 500;
            ProtocolErrors.write(response, 500, "internal error in Modvault; the operators have been told", head);
        } finally {
            request.setAttribute(RequestObservationFilter.BYTES_ATTRIBUTE, outcome.bytes);
            record(request, outcome, AuditAction.DOWNLOAD, start, null);
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

    /**
     * Redirect mode: answers a stored zip with a 307 to a short-lived URL of the object store (policy, access and
     * audit were applied to this request already), when the backend offers one.
     */
    private boolean redirect(HttpServletResponse response, Content content, Outcome outcome) {
        if (outcome.request.kind() != ProtocolRequest.Endpoint.ZIP || !(content instanceof Content.Stored stored)) {
            return false;
        }
        Optional<URI> location;
        try {
            location = store.directDownloadUri(stored.object().key(), MAX_REDIRECT_VALIDITY);
        } catch (StorageException e) {
            log.warn("no redirect URL for {}, streaming it: {}", stored.object().key(), e.getMessage());
            return false;
        }
        if (location.isEmpty()) {
            return false;
        }
        outcome.status = 307;
        response.setStatus(307);
        response.setHeader("Location", location.get().toASCIIString());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Modvault-Cache", content.cacheHit() ? "hit" : "miss");
        response.setContentLength(0);
        return true;
    }

    private void send(HttpServletRequest request, HttpServletResponse response, Content content, boolean head,
                      Outcome outcome) throws IOException {
        response.setStatus(200);
        response.setContentType(content.contentType());
        response.setContentLengthLong(content.size());
        response.setHeader("Cache-Control",
                content.freshness() == Content.Freshness.IMMUTABLE ? IMMUTABLE : shortCache);
        response.setHeader("X-Modvault-Cache", content.cacheHit() ? "hit" : "miss");
        if (head) {
            return;
        }
        if (zeroCopy && Sendfile.offer(request, content)) {
            outcome.bytes = content.size(); // sent by Tomcat after this filter returns
            return;
        }
        if (!hashOnSend) {
            long sent = VerifiedFileCopy.copy(content, response.getOutputStream());
            if (sent >= 0) {
                outcome.bytes = sent;
                return;
            }
        }
        try (InputStream in = content.open()) {
            OutputStream out = response.getOutputStream();
            outcome.bytes = in.transferTo(out);
        }
    }

    private static String truncate(String header) {
        return header == null || header.length() <= 512 ? header : header.substring(0, 512);
    }

    private void record(HttpServletRequest request, Outcome outcome, AuditAction action, long start, String details) {
        ProtocolRequest parsed = outcome.request;
        audit.record(new AuditEvent(clock.instant(), action, Caller.current().map(Caller::getName).orElse("anonymous"),
                request.getRemoteAddr(), truncate(request.getHeader("User-Agent")),
                parsed == null ? null : parsed.module().value(),
                parsed == null ? null : parsed.version(),
                parsed == null ? null : parsed.kind().name().toLowerCase(),
                outcome.status, outcome.bytes, outcome.cacheHit, clock.millis() - start, details));
    }
}
