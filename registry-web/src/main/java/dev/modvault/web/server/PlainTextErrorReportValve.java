package dev.modvault.web.server;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error answers (requests it refuses before any application code runs: invalid percent-encoding,
 * encoded '/' or '..', paths that climb above the root) as one line of text/plain, the only form the go command
 * shows its user, instead of Tomcat's HTML page. Never a stack trace or server version.
 */
public class PlainTextErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("text/plain");
            response.setCharacterEncoding("utf-8");
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(message(status) + "\n");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing more to say
        }
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "bad request: malformed request path (invalid percent-encoding, an encoded '/' or '..',"
                    + " or a path outside the root)";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 414 -> "request path too long";
            default -> "HTTP " + status;
        };
    }
}
