package dev.modvault.core.upstream;

/** Fetches GOPROXY paths from the configured upstreams, with their fallback, retry and size rules. */
public interface UpstreamClient {

    /**
     * GETs {@code path} (relative to each proxy base, already escaped, e.g. {@code golang.org/x/net/@v/list}).
     *
     * @param maxBytes a body larger than this is refused with ArtifactTooLargeException, never retried
     * @throws dev.modvault.core.error.NotFoundException when every upstream consulted says 404/410
     * @throws dev.modvault.core.error.UpstreamException when an upstream fails and the chain does not fall back
     */
    <T> T get(String path, long maxBytes, BodyReader<T> reader);
}
