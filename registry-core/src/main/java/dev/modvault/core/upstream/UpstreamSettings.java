package dev.modvault.core.upstream;

import java.time.Duration;
import java.util.List;

/**
 * How Modvault talks to its upstream GOPROXY servers.
 *
 * @param proxies        entries in GOPROXY syntax, in order; an entry may itself hold several URLs joined by '|'
 *                       (fall back on any error), while separate entries fall back only on 404/410, exactly as
 *                       the go command treats {@code GOPROXY=a,b|c}
 * @param connectTimeout time allowed to open a connection
 * @param readTimeout    time allowed between two reads of a response (an idle timeout, not a total one, so a
 *                       large zip on a slow link is not cut off while bytes keep coming)
 * @param maxAttempts    attempts per upstream for transient failures (connect errors, timeouts, truncated bodies,
 *                       429 and 5xx); 404 and 410 are never retried
 * @param retryBackoff   base delay before the second attempt; doubled each time, with full jitter
 * @param userAgent      sent with every upstream request
 */
public record UpstreamSettings(List<String> proxies, Duration connectTimeout, Duration readTimeout, int maxAttempts,
                               Duration retryBackoff, String userAgent) {

    public UpstreamSettings {
        proxies = List.copyOf(proxies);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("modvault.upstream.max-attempts must be at least 1");
        }
    }
}
