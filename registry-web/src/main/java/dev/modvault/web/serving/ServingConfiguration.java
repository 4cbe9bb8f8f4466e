package dev.modvault.web.serving;

import dev.modvault.core.cache.MemoryArtifactCache;
import dev.modvault.storage.ArtifactStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/** The serving fast path: the memory cache of small stored objects and its meters; no per-filter observations. */
@Configuration(proxyBeanMethods = false)
public class ServingConfiguration {

    @Bean
    ServingCache servingCache(ArtifactStore store, ServingProperties properties) {
        return new ServingCache(new MemoryArtifactCache(store, properties.memoryCacheSize().toBytes(),
                properties.memoryCacheMaxObjectSize().toBytes()));
    }

    /**
     * Spring Security would otherwise wrap each of its filters in a Micrometer observation on every request (about a
     * tenth of the CPU of a cached {@code .info}); nothing reads those observations. {@code http.server.requests}
     * and Modvault's own meters are unaffected.
     */
    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Tomcat's per-connection socket buffers. It writes a response to the socket in pieces of its write buffer (8 KiB
     * by default): a 5 MiB zip took 640 {@code write} calls; 128 KiB sends it in 40, and a 100 KiB zip with its
     * headers in one. A response body is always copied into that buffer; when it is a heap buffer, the JDK copies it
     * once more into a native one for each {@code write}, so direct (native) buffers save a copy of every body sent
     * (docs/performance.md).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketBuffers(ServingProperties properties) {
        int size = (int) Math.min(Integer.MAX_VALUE, properties.socketWriteBufferSize().toBytes());
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appWriteBufSize", Integer.toString(size));
            connector.setProperty("socket.directBuffer", Boolean.toString(properties.directSocketBuffers()));
        });
    }

    @Bean
    MeterBinder servingCacheMeters(ServingCache cache) {
        MemoryArtifactCache memory = cache.store();
        return registry -> {
            FunctionCounter.builder("modvault.memory.cache.requests", memory, MemoryArtifactCache::hits)
                    .description("Stored-object lookups answered from the memory cache (hit) or the store (miss)")
                    .tag("result", "hit").register(registry);
            FunctionCounter.builder("modvault.memory.cache.requests", memory, MemoryArtifactCache::misses)
                    .tag("result", "miss").register(registry);
            FunctionCounter.builder("modvault.memory.cache.evictions", memory, MemoryArtifactCache::evictions)
                    .description("Entries dropped from the memory cache to stay within its size").register(registry);
            Gauge.builder("modvault.memory.cache.size", memory, MemoryArtifactCache::bytes)
                    .description("Bytes held by the memory cache").baseUnit("bytes").register(registry);
        };
    }
}
