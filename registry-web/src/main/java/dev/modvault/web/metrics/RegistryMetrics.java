package dev.modvault.web.metrics;

import dev.modvault.core.upstream.ObservedUpstreamClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Modvault's own meters, Prometheus-named ({@code modvault_*}), with low-cardinality tags only: never a module path,
 * version or client address. See docs/operations.md for the list and the alerts built on them.
 */
public final class RegistryMetrics implements ObservedUpstreamClient.Listener {

    private final MeterRegistry registry;
    private final Map<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();

    public RegistryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One answered request: kind is list, info, mod, zip, latest, sumdb or admin. */
    public void request(String kind, int status, long nanos, long bytesServed, String cache) {
        RequestMeters meters = requestMeters.computeIfAbsent(new RequestKey(kind, status, cache), this::meters);
        meters.timer.record(nanos, TimeUnit.NANOSECONDS);
        if (meters.cache != null) {
            meters.cache.increment();
        }
        if (bytesServed > 0) {
            meters.bytes.increment(bytesServed);
        }
        if (meters.denials != null) {
            meters.denials.increment();
        }
    }

    /** The meters of one kind, status and cache outcome, looked up once (building them costs more than recording). */
    private record RequestKey(String kind, int status, String cache) {
    }

    private record RequestMeters(Timer timer, Counter cache, Counter bytes, Counter denials) {
    }

    private RequestMeters meters(RequestKey key) {
        String kind = key.kind();
        Timer timer = Timer.builder("modvault.requests")
                .description("Requests by endpoint kind and status")
                .tags("kind", kind, "status", Integer.toString(key.status()))
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(registry);
        Counter cache = key.cache() == null ? null : Counter.builder("modvault.cache.requests")
                .description("Protocol answers from the cache (hit) or upstream (miss)")
                .tags("kind", kind, "result", key.cache()).register(registry);
        Counter bytes = Counter.builder("modvault.bytes.served").description("Body bytes sent to clients")
                .tags("kind", kind).register(registry);
        Counter denials = key.status() == 403 && !"admin".equals(kind) ? Counter.builder("modvault.policy.denials")
                .description("Requests refused by a policy rule").tags("kind", kind).register(registry) : null;
        return new RequestMeters(timer, cache, bytes, denials);
    }

    /** A git tag that moved after its version was cached ({@code modvault_git_tag_moved_total}). */
    public void gitTagMoved(String noticedBy) {
        Counter.builder("modvault.git.tag.moved").description("Git tags found pointing elsewhere than when their version was cached")
                .tags("noticed_by", noticedBy).register(registry).increment();
    }

    @Override
    public void fetched(ObservedUpstreamClient.Fetch fetch) {
        String outcome = fetch.outcome().name().toLowerCase();
        Timer.builder("modvault.upstream.fetch")
                .description("Upstream fetches by upstream chain and outcome")
                .tags("upstream", fetch.chain(), "outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofNanos(fetch.nanos()));
        Counter.builder("modvault.upstream.fetches").description("Upstream fetches by upstream chain and outcome")
                .tags("upstream", fetch.chain(), "outcome", outcome).register(registry).increment();
        if (fetch.bytes() > 0) {
            Counter.builder("modvault.bytes.fetched").description("Body bytes fetched from upstreams")
                    .tags("upstream", fetch.chain()).register(registry).increment(fetch.bytes());
        }
    }
}
