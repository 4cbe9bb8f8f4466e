package dev.modvault.web.auth;

import dev.modvault.web.ModvaultServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/** HTTP(S) calls to one Modvault with any Authorization header, and the admin calls the auth tests set up with. */
final class AuthClient {

    /** A token made through the admin API: its id and its secret (the whole {@code mvt_...} string). */
    record Token(String id, String secret, String owner) {
        String basic() {
            return AuthClient.basic(owner, secret);
        }

        String bearer() {
            return "Bearer " + secret;
        }
    }

    static final String ADMIN = "Bearer " + ModvaultServer.ADMIN_TOKEN;

    private final URI base;
    private final HttpClient http;

    AuthClient(URI base, SSLContext tls) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    URI base() {
        return base;
    }

    static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> call(String method, String path, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String authorization) {
        return call("GET", path, authorization, null);
    }

    /** Creates a token with the bootstrap admin token. {@code expiresAt} may be null. */
    Token createToken(String owner, String kind, List<String> scopes, List<String> groups, Instant expiresAt) {
        String json = "{\"owner\":\"" + owner + "\",\"kind\":\"" + kind + "\",\"scopes\":" + array(scopes)
                + ",\"groups\":" + array(groups) + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"")
                + "}";
        HttpResponse<String> response = expect(201, call("POST", "/api/v1/tokens", ADMIN, json));
        return new Token(field(response.body(), "id"), field(response.body(), "secret"), owner);
    }

    void revoke(Token token) {
        expect(200, call("DELETE", "/api/v1/tokens/" + token.id(), ADMIN, null));
    }

    void createPolicyRule(String kind, String pattern) {
        expect(201, call("POST", "/api/v1/policy/rules", ADMIN,
                "{\"kind\":\"" + kind + "\",\"pattern\":\"" + pattern + "\",\"reason\":\"auth tests\"}"));
    }

    void createAccessRule(String group, String pattern) {
        expect(201, call("POST", "/api/v1/access-rules", ADMIN,
                "{\"group\":\"" + group + "\",\"pattern\":\"" + pattern + "\"}"));
    }

    static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " from " + response.request().method() + " "
                    + response.uri() + ", got " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String array(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
