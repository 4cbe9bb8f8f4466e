package dev.modvault.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The refusals of authentication and authorization, in the form each client shows: one line of text/plain for the
 * go command (it prints it as "server response"), problem+json for the admin API. Every 401 carries
 * {@code WWW-Authenticate: Basic realm="modvault"}, which tells the go command (and GOAUTH helpers) to send
 * credentials.
 */
final class AuthResponses {

    static final String CHALLENGE = "Basic realm=\"modvault\"";

    private AuthResponses() {
    }

    static void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        write(request, response, 401, "Unauthorized", detail);
    }

    static void forbidden(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        write(request, response, 403, "Forbidden", detail);
    }

    static void tooManyFailures(HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        write(request, response, 429, "Too Many Requests", "too many failed authentications from this address;"
                + " try again in " + retryAfterSeconds + " s");
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
                              String detail) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        byte[] body;
        if (isAdminApi(request)) {
            response.setContentType("application/problem+json");
            body = ("{\"type\":\"about:blank\",\"status\":" + status + ",\"title\":\"" + title + "\",\"detail\":\""
                    + json(detail) + "\"}").getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("text/plain; charset=utf-8");
            body = (detail.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    static boolean isAdminApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    /** {@code s} as the inside of a JSON string. */
    static String json(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
