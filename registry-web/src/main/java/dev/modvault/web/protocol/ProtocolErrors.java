package dev.modvault.web.protocol;

import dev.modvault.core.error.ArtifactTooLargeException;
import dev.modvault.core.error.ChecksumMismatchException;
import dev.modvault.core.error.InvalidRequestException;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.error.PolicyDeniedException;
import dev.modvault.core.error.RegistryException;
import dev.modvault.core.error.StorageFailureException;
import dev.modvault.core.error.UpstreamException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one place where failures on GOPROXY routes become HTTP answers: a status the go command acts on (404/410
 * fall through to the next proxy) and a one-line text/plain body it shows to its user.
 */
final class ProtocolErrors {

    private ProtocolErrors() {
    }

    static int status(RegistryException e) {
        return switch (e) {
            case NotFoundException nf -> nf.gone() ? 410 : 404;
            case InvalidRequestException ignored -> 400;
            case UpstreamException ue -> ue.timeout() ? 504 : 502;
            case ArtifactTooLargeException ignored -> 502;
            case StorageFailureException ignored -> 503;
            case PolicyDeniedException ignored -> 403;
            case ChecksumMismatchException ignored -> 502;
        };
    }

    static void write(HttpServletResponse response, int status, String message, boolean head) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = (oneLine(message) + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }

    /** The go command shows the start of an error body: keep it to one clean line. */
    private static String oneLine(String message) {
        String line = message == null ? "error" : message.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
