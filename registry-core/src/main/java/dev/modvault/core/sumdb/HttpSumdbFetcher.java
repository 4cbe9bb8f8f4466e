package dev.modvault.core.sumdb;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link SumdbFetcher} over HTTP(S) with the JDK client: straight to the database ({@link #direct}, e.g.
 * {@code https://sum.golang.org}) or through a GOPROXY that proxies it ({@link #viaProxy}:
 * {@code <proxy>/sumdb/<name>},
 * the path the go command uses after the proxy answered {@code /sumdb/<name>/supported}).
 *
 * <p>Answers bigger than {@link #MAX_BODY} are refused (the largest legitimate answer, a full data tile, is far
 * smaller). 404 and 410 become {@link SumdbNotFoundException}; any other non-200 status an {@link IOException}
 * naming the URL, the status and the first line of the body.
 */
public final class HttpSumdbFetcher implements SumdbFetcher {

    /** The largest answer accepted, in bytes. */
    public static final int MAX_BODY = 4 << 20;

    private final HttpClient client;
    private final String base;
    private final Duration timeout;

    private HttpSumdbFetcher(HttpClient client, URI base, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        String b = Objects.requireNonNull(base, "base").toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Fetches from the database at {@code databaseUrl} (e.g. {@code https://sum.golang.org}). */
    public static HttpSumdbFetcher direct(HttpClient client, URI databaseUrl, Duration timeout) {
        return new HttpSumdbFetcher(client, databaseUrl, timeout);
    }

    /** Fetches through a proxy: {@code <proxy>/sumdb/<databaseName><path>}. */
    public static HttpSumdbFetcher viaProxy(HttpClient client, URI proxy, String databaseName, Duration timeout) {
        String p = proxy.toString();
        p = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        return new HttpSumdbFetcher(client, URI.create(p + "/sumdb/" + databaseName), timeout);
    }

    /** The base every path is appended to. */
    public URI base() {
        return URI.create(base);
    }

    @Override
    public byte[] fetch(String path) throws IOException, SumdbNotFoundException {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a database path starting with '/' is needed, got " + path);
        }
        URI uri = URI.create(base + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        int status = response.statusCode();
        if (status == 200) {
            if (body.length > MAX_BODY) {
                throw new IOException("GET " + uri + ": answer larger than " + MAX_BODY + " bytes");
            }
            return body;
        }
        String line = firstLine(body);
        if (status == 404 || status == 410) {
            throw new SumdbNotFoundException(path, "GET " + uri + ": " + status + (line.isEmpty() ? "" : ": " + line));
        }
        throw new IOException("GET " + uri + ": unexpected status " + status + (line.isEmpty() ? "" : ": " + line));
    }

    private static String firstLine(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
