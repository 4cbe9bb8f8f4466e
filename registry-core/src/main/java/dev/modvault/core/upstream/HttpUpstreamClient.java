package dev.modvault.core.upstream;

import dev.modvault.core.error.ArtifactTooLargeException;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.error.RegistryException;
import dev.modvault.core.error.UpstreamException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream chain over plain blocking HTTP (HttpURLConnection: per-read idle timeouts and keep-alive pooling;
 * blocking is cheap on virtual threads).
 *
 * <p>Fallback follows the go command ({@code cmd/go/internal/modfetch/proxy.go}): a 404 or 410 moves on to the
 * next upstream; any other failure stops the chain, unless the failed upstream was joined to the next by '|'. When
 * every upstream said not-found, the first not-found message is reported.
 */
public final class HttpUpstreamClient implements UpstreamClient {

    private static final Logger log = LoggerFactory.getLogger(HttpUpstreamClient.class);
    private static final int MAX_ERROR_BODY = 4096;

    /** One upstream base URL and whether the chain falls back past it on any error ('|'). */
    record Upstream(URI base, boolean fallBackOnError) {
    }

    private final List<Upstream> upstreams;
    private final UpstreamSettings settings;

    public HttpUpstreamClient(UpstreamSettings settings) {
        this.settings = settings;
        this.upstreams = parse(settings.proxies());
    }

    static List<Upstream> parse(List<String> entries) {
        List<Upstream> result = new ArrayList<>();
        for (String entry : entries) {
            String[] urls = entry.split("\\|", -1);
            for (int i = 0; i < urls.length; i++) {
                String url = urls[i].trim();
                if (url.isEmpty()) {
                    throw new IllegalArgumentException("modvault.upstream.proxies has an empty entry in '" + entry + "'");
                }
                if (url.equals("direct") || url.equals("off")) {
                    throw new IllegalArgumentException("modvault.upstream.proxies: '" + url
                            + "' is a go command setting, not an upstream; list GOPROXY URLs only");
                }
                URI uri = URI.create(url.endsWith("/") ? url : url + "/");
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("modvault.upstream.proxies: '" + url + "' is not an http(s) URL");
                }
                result.add(new Upstream(uri, i < urls.length - 1));
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("modvault.upstream.proxies must name at least one upstream");
        }
        return List.copyOf(result);
    }

    @Override
    public <T> T get(String path, long maxBytes, BodyReader<T> reader) {
        NotFoundException notFound = null;
        for (Upstream upstream : upstreams) {
            try {
                return getWithRetries(upstream, path, maxBytes, reader);
            } catch (NotFoundException e) {
                if (notFound == null) {
                    notFound = e;
                }
            } catch (UpstreamException e) {
                if (!upstream.fallBackOnError()) {
                    throw e;
                }
                log.debug("upstream {} failed for {}, falling back: {}", upstream.base(), path, e.getMessage());
            }
        }
        if (notFound != null) {
            throw notFound;
        }
        throw new UpstreamException("no upstream could serve " + path);
    }

    private <T> T getWithRetries(Upstream upstream, String path, long maxBytes, BodyReader<T> reader) {
        URI uri = upstream.base().resolve(path);
        for (int attempt = 1; ; attempt++) {
            try {
                return getOnce(uri, path, maxBytes, reader);
            } catch (TransientFailure failure) {
                if (attempt >= settings.maxAttempts()) {
                    throw new UpstreamException("upstream " + upstream.base().getHost() + " failed for " + path
                            + ": " + failure.getMessage(), failure.timeout, failure.getCause());
                }
                log.debug("attempt {} of {} failed, retrying: {}", attempt, uri, failure.getMessage());
                sleepBeforeRetry(attempt);
            }
        }
    }

    private <T> T getOnce(URI uri, String path, long maxBytes, BodyReader<T> reader) throws TransientFailure {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) settings.connectTimeout().toMillis());
            connection.setReadTimeout((int) settings.readTimeout().toMillis());
            connection.setInstanceFollowRedirects(true);
            connection.setRequestProperty("User-Agent", settings.userAgent());
            connection.setRequestProperty("Accept-Encoding", "identity");
            int status = connection.getResponseCode();
            if (status == 200) {
                long length = connection.getContentLengthLong();
                if (length > maxBytes) {
                    throw new ArtifactTooLargeException(path + ": upstream body of " + length
                            + " bytes exceeds the limit of " + maxBytes + " bytes");
                }
                try (InputStream in = new BoundedInputStream(connection.getInputStream(), length, maxBytes, path)) {
                    return reader.read(in);
                }
            }
            String message = errorMessage(connection);
            if (status == 404 || status == 410) {
                throw new NotFoundException(message.isEmpty() ? "not found: " + path : message, status == 410);
            }
            if (status == 429 || status >= 500) {
                throw new TransientFailure("HTTP " + status + (message.isEmpty() ? "" : ": " + message), false, null);
            }
            throw new UpstreamException("upstream " + uri.getHost() + " answered HTTP " + status + " for " + path
                    + (message.isEmpty() ? "" : ": " + message));
        } catch (RegistryException | TransientFailure e) {
            disconnect(connection);
            throw e;
        } catch (SocketTimeoutException e) {
            disconnect(connection);
            throw new TransientFailure("timed out", true, e);
        } catch (InterruptedIOException e) {
            disconnect(connection);
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted while fetching " + path, false, e);
        } catch (IOException e) {
            disconnect(connection);
            throw new TransientFailure(describe(e), false, e);
        }
    }

    /** The first non-blank line of an error body, sanitized, so it can be shown to the go command's user. */
    private static String errorMessage(HttpURLConnection connection) {
        try (InputStream err = connection.getErrorStream()) {
            if (err == null) {
                return "";
            }
            byte[] body = err.readNBytes(MAX_ERROR_BODY);
            for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                String clean = line.replaceAll("[\\p{Cntrl}]", "").strip();
                if (!clean.isEmpty()) {
                    return clean.length() > 300 ? clean.substring(0, 300) : clean;
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String describe(IOException e) {
        if (e instanceof UnknownHostException) {
            return "cannot resolve host " + e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "cannot connect (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void disconnect(HttpURLConnection connection) {
        if (connection != null) {
            connection.disconnect();
        }
    }

    private void sleepBeforeRetry(int attempt) {
        long base = settings.retryBackoff().toMillis() << Math.min(attempt - 1, 10);
        long delay = ThreadLocalRandom.current().nextLong(base / 2, base + 1);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted while waiting to retry");
        }
    }

    /** A failure worth retrying: connection errors, timeouts, truncated bodies, 429 and 5xx answers. */
    static final class TransientFailure extends Exception {
        final boolean timeout;

        TransientFailure(String message, boolean timeout, Throwable cause) {
            super(message, cause, false, false);
            this.timeout = timeout;
        }
    }
}
