package dev.modvault.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP git server for tests: {@code git http-backend} (smart HTTP, protocols v0 to v2) behind a small CGI
 * bridge on the JDK's HTTP server, serving the bare repositories under a folder. It counts requests per repository
 * (the first path element) and can require HTTP basic authentication.
 */
public final class GitHttpServer implements AutoCloseable {

    private static final String BACKEND = "/usr/lib/git-core/git-http-backend";

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;

    public GitHttpServer(Path root) throws IOException {
        this.root = root;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Requires {@code Authorization: Basic base64(user:password)} from now on (null: no authentication). */
    public void requireBasicAuth(String user, String password) {
        requiredAuthorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Authorization headers received so far. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Transport sessions (ref advertisements, {@code GET .../info/refs}) for the repository. */
    public int sessions(String repo) {
        AtomicInteger n = sessions.get(repo);
        return n == null ? 0 : n.get();
    }

    /** All requests for the repository. */
    public int requests(String repo) {
        AtomicInteger n = requests.get(repo);
        return n == null ? 0 : n.get();
    }

    public void resetCounts() {
        sessions.clear();
        requests.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            String repo = path.replaceFirst("^/([^/]*).*$", "$1");
            requests.computeIfAbsent(repo, k -> new AtomicInteger()).incrementAndGet();
            if (path.endsWith("/info/refs")) {
                sessions.computeIfAbsent(repo, k -> new AtomicInteger()).incrementAndGet();
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
            String required = requiredAuthorization;
            if (required != null && !required.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            ProcessBuilder pb = new ProcessBuilder(BACKEND);
            Map<String, String> env = pb.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("PATH_INFO", path);
            env.put("QUERY_STRING", query == null ? "" : query);
            env.put("REQUEST_METHOD", ex.getRequestMethod());
            env.put("REMOTE_ADDR", "127.0.0.1");
            env.put("CONTENT_LENGTH", Integer.toString(body.length));
            putHeader(env, "CONTENT_TYPE", ex.getRequestHeaders().getFirst("Content-Type"));
            putHeader(env, "HTTP_CONTENT_ENCODING", ex.getRequestHeaders().getFirst("Content-Encoding"));
            putHeader(env, "GIT_PROTOCOL", ex.getRequestHeaders().getFirst("Git-Protocol"));
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            executor.submit(() -> {
                try (OutputStream stdin = p.getOutputStream()) {
                    stdin.write(body);
                }
                return null;
            });
            try (InputStream out = p.getInputStream()) {
                int status = 200;
                for (String line : readHeaders(out)) {
                    int colon = line.indexOf(':');
                    String name = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Status")) {
                        status = Integer.parseInt(value.split(" ")[0]);
                    } else {
                        ex.getResponseHeaders().add(name, value);
                    }
                }
                ex.sendResponseHeaders(status, 0);
                try (OutputStream resp = ex.getResponseBody()) {
                    out.transferTo(resp);
                }
            }
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void putHeader(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    /** The CGI header lines, up to the blank line. */
    private static List<String> readHeaders(InputStream in) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r")) {
                    s = s.substring(0, s.length() - 1);
                }
                if (s.isEmpty()) {
                    break;
                }
                lines.add(s);
                line.reset();
            } else {
                line.write(c);
            }
        }
        return lines;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
