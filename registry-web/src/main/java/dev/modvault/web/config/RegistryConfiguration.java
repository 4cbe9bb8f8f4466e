package dev.modvault.web.config;

import dev.modvault.core.cache.CacheSettings;
import dev.modvault.core.cache.CachingGoProxy;
import dev.modvault.core.protocol.GoProxy;
import dev.modvault.core.upstream.HttpUpstreamClient;
import dev.modvault.core.upstream.UpstreamClient;
import dev.modvault.core.upstream.UpstreamSettings;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.web.protocol.GoProxyFilter;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the core: upstream chain, caching proxy over the configured store, and the protocol endpoint. */
@Configuration(proxyBeanMethods = false)
public class RegistryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    UpstreamClient upstreamClient(ModvaultProperties properties) {
        ModvaultProperties.Upstream upstream = properties.upstream();
        return new HttpUpstreamClient(new UpstreamSettings(upstream.proxies(), upstream.connectTimeout(),
                upstream.readTimeout(), upstream.maxAttempts(), upstream.retryBackoff(), "Modvault/0.1"));
    }

    @Bean
    CachingGoProxy goProxy(ArtifactStore store, UpstreamClient upstream, ModvaultProperties properties, Clock clock) {
        ModvaultProperties.Cache cache = properties.cache();
        return new CachingGoProxy(store, upstream,
                new CacheSettings(cache.listTtl(), cache.maxStale(), cache.notFoundTtl(), properties.spoolDir()), clock);
    }

    /**
     * The GOPROXY protocol is served by a filter at the root rather than a controller: its routes are module
     * paths of any depth, parsed from the raw URI exactly once, and the hot path stays free of MVC dispatch.
     * Ordered after the security filters (which come with registry-auth), before the DispatcherServlet.
     */
    @Bean
    FilterRegistrationBean<GoProxyFilter> goProxyFilter(GoProxy goProxy, ModvaultProperties properties) {
        FilterRegistrationBean<GoProxyFilter> registration =
                new FilterRegistrationBean<>(new GoProxyFilter(goProxy, properties.cache().listTtl()));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
