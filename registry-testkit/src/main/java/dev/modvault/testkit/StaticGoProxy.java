package dev.modvault.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real GOPROXY over loopback HTTP serving {@link FixtureModule}s, for tests that need an upstream proxy or want to
 * point the go command straight at fixtures.
 *
 * <p>Serves, with the module path and version case-escaped as the go command sends them:
 * <ul>
 *   <li>{@code /<module>/@v/list}: the tagged versions (no pseudo-versions), one per line; empty when there are
 *       none</li>
 *   <li>{@code /<module>/@v/<version>.info}, {@code .mod}, {@code .zip}</li>
 *   <li>{@code /<module>/@latest}: the {@code .info} of {@link Fixtures#latestOf the latest version}</li>
 * </ul>
 * Anything else, including the path-prefix probes the go command makes while resolving an import (e.g.
 * {@code /mod.example/@v/list}), is a 404 with a one-line text/plain body {@code not found: ...}. GET and HEAD are
 * served (other methods get 405); Content-Length is always set, HEAD included.
 *
 * <p>Every request path (percent-decoded, as fault paths are matched) is logged, in arrival order, thread-safely: see {@link #requests},
 * {@link #requestsForModule}, {@link #requestLog}.
 *
 * <p>Fault injection, settable at any time per exact request path: {@link #closeAfter}, {@link #shortBody},
 * {@link #failWith}, {@link #delay}; {@link #clearFaults}. These faults exist because a well-behaved server, like the
 * proxies and the production code under test, can't be made to show them on demand: a connection dying mid-body, a
 * body shorter than its Content-Length, an error status, a slow answer. Faults stay in force until cleared.
 */
public final class StaticGoProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StaticGoProxy.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;

    /** escaped module path -> (version -> module). */
    private final Map<String, Map<String, FixtureModule>> modules = new ConcurrentHashMap<>();
    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    /** "escaped module@escaped query" -> the version a non-canonical query resolves to. */
    private final Map<String, FixtureModule> queries = new ConcurrentHashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private sealed interface Fault {
    }

    private record CloseAfter(long bytes) implements Fault {
    }

    private record ShortBody(long bytes) implements Fault {
    }

    private record FailWith(int status) implements Fault {
    }

    private StaticGoProxy(Collection<FixtureModule> initial) throws IOException {
        initial.forEach(this::addModule);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        log.debug("StaticGoProxy serving {} module versions at {}", initial.size(), uri);
    }

    /** Starts a proxy serving {@code fixtures}. */
    public static StaticGoProxy start(Fixtures fixtures) throws IOException {
        return new StaticGoProxy(fixtures.all());
    }

    /** Starts a proxy serving {@code modules}. */
    public static StaticGoProxy start(Collection<FixtureModule> modules) throws IOException {
        return new StaticGoProxy(List.copyOf(modules));
    }

    /** Starts a proxy serving {@code modules}. */
    public static StaticGoProxy start(FixtureModule... modules) throws IOException {
        return new StaticGoProxy(List.of(modules));
    }

    /** The base URI, {@code http://127.0.0.1:<port>} (no trailing slash): a GOPROXY value as it is. */
    public URI uri() {
        return uri;
    }

    /** Serves one more module version from now on (replacing an equal path@version). */
    public void addModule(FixtureModule module) {
        Objects.requireNonNull(module, "module");
        modules.computeIfAbsent(module.escapedPath(), k -> new ConcurrentHashMap<>()).put(module.version(), module);
    }

    /** Stops serving a module version (its list, @latest and files then answer as if it never existed). */
    public void removeModule(FixtureModule module) {
        Map<String, FixtureModule> versions = modules.get(module.escapedPath());
        if (versions != null) {
            versions.remove(module.version());
        }
    }

    /**
     * Answers {@code /<module>/@v/<query>.info} for a non-canonical query (a branch name, "v1.2", a commit prefix)
     * with the info of {@code target}, as a proxy resolving the query would. {@code query} is given unescaped and
     * must hold no upper-case letters.
     */
    public void addQuery(String query, FixtureModule target) {
        queries.put(target.escapedPath() + "@" + query, target);
    }

    // ---- request log ----

    /**
     * Request paths, percent-decoded (so in the form {@link FixtureModule#proxyPath} gives, whether or not the client
     * sent '!' as {@code %21}) and without query, in arrival order. A snapshot.
     */
    public List<String> requestLog() {
        return List.copyOf(requestLog);
    }

    /** How many requests had exactly this path or a path ending with it (e.g. {@code "/@v/v1.0.0.zip"}). */
    public int requests(String pathSuffixOrExact) {
        Objects.requireNonNull(pathSuffixOrExact);
        return (int) requestLog.stream().filter(p -> p.endsWith(pathSuffixOrExact)).count();
    }

    /** How many requests were for module {@code modulePath} (unescaped) itself: {@code /<escaped>/@...}. */
    public int requestsForModule(String modulePath) {
        String prefix = "/" + GoPaths.escape(modulePath) + "/@";
        return (int) requestLog.stream().filter(p -> p.startsWith(prefix)).count();
    }

    public void clearRequestLog() {
        requestLog.clear();
    }

    // ---- faults ----

    /**
     * Requests for {@code path} get the status line and headers with the full Content-Length, then {@code nBytes} of
     * the body (at most the body length minus one), which are flushed, and then the connection is torn down at once:
     * the handler aborts and the server drops the socket.
     */
    public void closeAfter(String path, long nBytes) {
        requireNonNegative(nBytes);
        faults.put(requirePath(path), new CloseAfter(nBytes));
    }

    /**
     * Requests for {@code path} get the full Content-Length but a body of only {@code nBytes} (at most the body length
     * minus one); the response is then ended, and the server, owing bytes it will never send, closes the connection.
     * On the wire this is the same truncation as {@link #closeAfter}, reached through the normal end of an exchange.
     */
    public void shortBody(String path, long nBytes) {
        requireNonNegative(nBytes);
        faults.put(requirePath(path), new ShortBody(nBytes));
    }

    /** Requests for {@code path} get {@code status} with a one-line text/plain body. */
    public void failWith(String path, int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status " + status);
        }
        faults.put(requirePath(path), new FailWith(status));
    }

    /** Requests for {@code path} are answered (normally or with their fault) only after {@code delay}. */
    public void delay(String path, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
        delays.put(requirePath(path), delay);
    }

    /** Removes the fault and delay of one path. */
    public void clearFault(String path) {
        faults.remove(path);
        delays.remove(path);
    }

    /** Removes all faults and delays. */
    public void clearFaults() {
        faults.clear();
        delays.clear();
    }

    // ---- lifecycle ----

    /** Stops at once, dropping open connections (delayed answers included). Idempotent. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    // ---- serving ----

    private record Response(int status, String contentType, byte[] body) {
        static Response notFound(String what) {
            return text(404, "not found: " + what);
        }

        static Response text(int status, String line) {
            return new Response(status, "text/plain; charset=utf-8",
                    (line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        // Decoded: the go command percent-encodes the '!' of case-escaping (Go 1.19 sends "/mod.example/%21upper/...").
        String path = exchange.getRequestURI().getPath();
        requestLog.add(path);
        boolean closeExchange = true;
        try {
            Duration delay = delays.get(path);
            if (delay != null && !delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while delaying " + path, e);
                }
            }
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, Response.text(405, "method not allowed: " + method), false);
                return;
            }
            Fault fault = faults.get(path);
            Response response = fault instanceof FailWith f
                    ? Response.text(f.status(), "injected failure: " + f.status() + " for " + path)
                    : resolve(path);
            if (!head && response.body().length > 0 && (fault instanceof CloseAfter || fault instanceof ShortBody)) {
                closeExchange = fault instanceof ShortBody;
                truncate(exchange, response, fault);
                return;
            }
            send(exchange, response, head);
        } finally {
            if (closeExchange) {
                exchange.close();
            }
        }
    }

    private static void send(HttpExchange exchange, Response response, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        long length = response.body().length;
        if (head) {
            // HttpServer sends no Content-Length for HEAD on its own: set it, and send no body (-1).
            exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(response.status(), -1);
        } else if (length == 0) {
            exchange.sendResponseHeaders(response.status(), -1); // -1: "Content-Length: 0" (0 would mean chunked)
        } else {
            exchange.sendResponseHeaders(response.status(), length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static void truncate(HttpExchange exchange, Response response, Fault fault) throws IOException {
        byte[] body = response.body();
        long wanted = fault instanceof CloseAfter c ? c.bytes() : ((ShortBody) fault).bytes();
        int n = (int) Math.min(wanted, body.length - 1L);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.sendResponseHeaders(response.status(), body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, n);
        out.flush();
        if (fault instanceof CloseAfter) {
            // Not closing the exchange: the server drops the connection of an exchange whose handler throws before
            // the response is complete.
            throw new IOException("injected fault: connection closed after " + n + " of " + body.length + " bytes");
        }
        // ShortBody: the caller ends the exchange normally (close); the server finds bytes missing
        // ("insufficient bytes written to stream") and closes the connection.
    }

    private Response resolve(String path) {
        int at = path.indexOf("/@");
        if (at <= 0 || !path.startsWith("/")) {
            return Response.notFound(path);
        }
        String escapedModule = path.substring(1, at);
        String rest = path.substring(at + 1);
        Map<String, FixtureModule> versions = modules.get(escapedModule);
        if (versions == null || versions.isEmpty()) {
            return Response.notFound("module " + escapedModule + ": no such module in this proxy");
        }
        if (rest.equals("@v/list")) {
            StringBuilder sb = new StringBuilder();
            Fixtures.taggedVersions(versions.values()).forEach(v -> sb.append(v).append('\n'));
            return new Response(200, "text/plain; charset=utf-8", sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (rest.equals("@latest")) {
            return Fixtures.latestOf(new ArrayList<>(versions.values()))
                    .map(m -> new Response(200, "application/json", m.infoJson()))
                    .orElseGet(() -> Response.notFound(escapedModule + "@latest"));
        }
        if (rest.startsWith("@v/")) {
            String file = rest.substring(3);
            int dot = file.lastIndexOf('.');
            if (dot > 0) {
                String escapedVersion = file.substring(0, dot);
                String ext = file.substring(dot + 1);
                FixtureModule m = versions.values().stream()
                        .filter(v -> v.escapedVersion().equals(escapedVersion))
                        .findFirst()
                        .orElse(ext.equals("info") ? queries.get(escapedModule + "@" + escapedVersion) : null);
                if (m != null) {
                    switch (ext) {
                        case "info":
                            return new Response(200, "application/json", m.infoJson());
                        case "mod":
                            return new Response(200, "text/plain; charset=utf-8", m.modBytes());
                        case "zip":
                            return new Response(200, "application/zip", m.zipBytes());
                        default:
                            break;
                    }
                }
                return Response.notFound(escapedModule + "@" + escapedVersion + " (" + file + ")");
            }
        }
        return Response.notFound(path);
    }

    private static String requirePath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a request path starting with '/' is needed, got " + path);
        }
        return path;
    }

    private static void requireNonNegative(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative byte count " + n);
        }
    }
}
