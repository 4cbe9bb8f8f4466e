package dev.modvault.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A real Modvault on a free loopback port, for tests; closing it stops it. */
public final class ModvaultServer implements AutoCloseable {

    /** The bootstrap admin token every test server is started with. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final ConfigurableApplicationContext context;
    private final URI uri;
    private final Path dataDir;
    private final HttpClient http;
    private final TestCertificate certificate;

    private ModvaultServer(ConfigurableApplicationContext context, Path dataDir, TestCertificate certificate) {
        this.context = context;
        this.dataDir = dataDir;
        this.certificate = certificate;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        String keyStore = context.getEnvironment().getProperty("server.ssl.key-store");
        if (context.getEnvironment().getProperty("server.ssl.enabled", Boolean.class, false) && keyStore != null) {
            try {
                client.sslContext(TestCertificate.clientContext(Path.of(keyStore)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot trust the test certificate " + keyStore, e);
            }
            this.uri = URI.create("https://127.0.0.1:" + port);
        } else {
            this.uri = URI.create("http://127.0.0.1:" + port);
        }
        this.http = client.build();
    }

    /** Starts Modvault with its data under {@code dataDir}, the given upstream, and any further properties. */
    public static ModvaultServer start(Path dataDir, URI upstream, Map<String, String> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        all.put("modvault.data-dir", dataDir.toString());
        all.put("modvault.upstream.proxies", upstream.toString());
        all.put("modvault.upstream.retry-backoff", "10ms");
        all.put("modvault.upstream.read-timeout", "2s");
        all.put("modvault.admin.bootstrap-token", ADMIN_TOKEN);
        // no test reaches sum.golang.org: tests that verify against a checksum database (a TestChecksumDatabase)
        // set modvault.sumdb.verify=true and modvault.sumdb.databases themselves
        all.put("modvault.sumdb.verify", "false");
        all.putAll(properties);
        // As command-line arguments: default properties would lose to application.properties (server.port=8080),
        // and two test servers, or two engineers' test runs, would then race for one port.
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ModvaultApplication.class)
                .properties(all)
                .run(args);
        return new ModvaultServer(context, dataDir, null);
    }

    public static ModvaultServer start(Path dataDir, URI upstream) {
        return start(dataDir, upstream, Map.of());
    }

    /**
     * {@link #start} on HTTPS with a self-signed certificate for 127.0.0.1 made under {@code dataDir}: the go command
     * sends credentials (.netrc, or in the GOPROXY URL) only over https. {@link #uri()} is then an https URL, this
     * class's own calls trust the certificate, and go commands trust it with {@link #certificatePem()} as
     * {@code SSL_CERT_FILE}.
     */
    public static ModvaultServer startTls(Path dataDir, URI upstream, Map<String, String> properties) {
        TestCertificate certificate;
        try {
            certificate = TestCertificate.create(java.nio.file.Files.createDirectories(dataDir.resolve("tls")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> all = new LinkedHashMap<>(certificate.serverProperties());
        all.putAll(properties);
        ModvaultServer server = start(dataDir, upstream, all);
        return new ModvaultServer(server.context, dataDir, certificate);
    }

    /** The certificate of a server from {@link #startTls}, as PEM, for the go command's {@code SSL_CERT_FILE}. */
    public Path certificatePem() {
        if (certificate == null) {
            throw new IllegalStateException("not started with startTls");
        }
        return certificate.pem();
    }

    public URI uri() {
        return uri;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path storageRoot() {
        return dataDir.resolve("storage");
    }

    public WebServer webServer() {
        return ((WebServerApplicationContext) context).getWebServer();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** GET of a path (already escaped), as bytes. */
    public HttpResponse<byte[]> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET of a path (already escaped) with an {@code Authorization} header (null: none), as bytes. */
    public HttpResponse<byte[]> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * This server's address with the bootstrap admin token as credentials in the URL, as a GOPROXY for go commands
     * that must read PRIVATE modules: the go command sends them as Basic authentication, over https only (start the
     * server with {@link #startTls}).
     */
    public URI uriWithAdminToken() {
        return URI.create(uri.getScheme() + "://admin:" + ADMIN_TOKEN + "@" + uri.getHost() + ":" + uri.getPort());
    }

    /** An admin API call with the bootstrap token; {@code json} may be null. Extra headers as name, value pairs. */
    public HttpResponse<String> admin(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a policy rule through the admin API and returns its id. */
    public long createRule(String kind, String pattern, String constraint, String reason) {
        String json = "{\"kind\":\"" + kind + "\",\"pattern\":\"" + pattern + "\",\"versionConstraint\":"
                + (constraint == null ? "null" : "\"" + constraint + "\"") + ",\"reason\":\"" + reason + "\"}";
        HttpResponse<String> response = admin("POST", "/api/v1/policy/rules", json);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("rule not created: " + response.statusCode() + " " + response.body());
        }
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("no id in " + response.body());
        }
        return Long.parseLong(id.group(1));
    }

    /** A raw HTTP/1.1 request line sent as is (for paths no URI class would build); returns status and body. */
    public RawResponse raw(String method, String target) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyAt = response.indexOf("\r\n\r\n");
            return new RawResponse(status, response.substring(0, Math.max(bodyAt, 0)),
                    bodyAt < 0 ? "" : response.substring(bodyAt + 4));
        }
    }

    public record RawResponse(int status, String headers, String body) {
    }

    @Override
    public void close() {
        context.close();
    }
}
