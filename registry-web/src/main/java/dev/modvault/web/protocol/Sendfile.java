package dev.modvault.web.protocol;

import dev.modvault.core.protocol.Content;
import dev.modvault.core.verify.VerifiedObject;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Path;

/**
 * Zero-copy sending of stored artifacts with Tomcat's sendfile: the filter names the file in request attributes and
 * writes no body; after the filter chain returns, Tomcat's poller sends the file with {@code FileChannel.transferTo}
 * (the kernel's sendfile), holding no thread and no buffer in the JVM.
 *
 * <p>Only for an immutable artifact that the per-serve check has just passed ({@link VerifiedObject}), whose local
 * file still has the identity that was checked ({@link VerifiedObject#unchanged()}, one {@code stat} right before the
 * hand-off), and that is large enough for sendfile to pay off. Everything else is streamed.
 */
final class Sendfile {

    /** Below this, copying through the JVM is as cheap as setting sendfile up (Tomcat's DefaultServlet uses the same). */
    static final long MIN_SIZE = 48 * 1024;

    static final String SUPPORT = "org.apache.tomcat.sendfile.support";
    static final String FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String START = "org.apache.tomcat.sendfile.start";
    static final String END = "org.apache.tomcat.sendfile.end";

    private Sendfile() {
    }

    /**
     * Hands the content's file to the server when every condition holds.
     *
     * @return true if the server will send the body; the caller then writes none
     */
    static boolean offer(HttpServletRequest request, Content content) {
        if (content.size() < MIN_SIZE || content.freshness() != Content.Freshness.IMMUTABLE
                || !(content instanceof Content.Stored stored)
                || !(stored.object() instanceof VerifiedObject verified)
                || !Boolean.TRUE.equals(request.getAttribute(SUPPORT))) {
            return false;
        }
        Path file = verified.localFile().orElse(null);
        if (file == null || !verified.unchanged()) {
            return false;
        }
        request.setAttribute(FILENAME, file.toAbsolutePath().toString());
        request.setAttribute(START, 0L);
        request.setAttribute(END, content.size());
        return true;
    }
}
