package dev.modvault.web.config;

import dev.modvault.auth.ProtocolGate;
import dev.modvault.auth.access.AccessControlledGoProxy;
import dev.modvault.auth.access.ModuleAccess;
import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.audit.UpstreamFetchAudit;
import dev.modvault.core.upstream.ObservedUpstreamClient;
import dev.modvault.web.metrics.RegistryMetrics;
import dev.modvault.core.cache.ArtifactVerifier;
import dev.modvault.core.cache.CacheSettings;
import dev.modvault.core.cache.CachingGoProxy;
import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.policy.PolicyEngine;
import dev.modvault.core.policy.PolicyGoProxy;
import dev.modvault.core.policy.PolicyRepository;
import dev.modvault.core.protocol.GoProxy;
import dev.modvault.core.upstream.HttpUpstreamClient;
import dev.modvault.core.upstream.UpstreamClient;
import dev.modvault.core.upstream.UpstreamSelector;
import dev.modvault.core.upstream.UpstreamSettings;
import dev.modvault.persistence.PersistenceSettings;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.web.metrics.RequestObservationFilter;
import dev.modvault.web.protocol.GoProxyHandler;
import dev.modvault.web.protocol.ProtocolValve;
import dev.modvault.web.serving.ServingCache;
import dev.modvault.web.serving.ServingProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Wires the core: upstream chains, policy, the caching proxy over the configured store, the protocol endpoint. */
@Configuration(proxyBeanMethods = false)
public class RegistryConfiguration {

    private static final String USER_AGENT = "Modvault/0.1";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PersistenceSettings persistenceSettings(AuditProperties audit) {
        return audit.settings();
    }

    @Bean(destroyMethod = "close")
    PolicyEngine policyEngine(PolicyRepository repository, PolicyProperties properties) {
        return new PolicyEngine(repository, properties.allowListMode(), properties.refreshInterval());
    }

    /**
     * PRIVATE modules go to a git source when one maps their path (docs/git-sources.md), else to the private chain;
     * with neither they are served from the cache alone and a miss is a 404 that says why. Their paths never reach
     * the public chain.
     */
    @Bean
    UpstreamSelector upstreamSelector(ModvaultProperties properties, PrivateProperties privateProperties,
                                      GitSourceConfiguration.GitSourceHolder git,
                                      PolicyEngine policy, AuditSink audit, RegistryMetrics metrics, Clock clock) {
        List<ObservedUpstreamClient.Listener> observers = List.of(new UpstreamFetchAudit(audit, clock), metrics);
        UpstreamClient publicChain = new ObservedUpstreamClient(
                httpChain(properties.upstream().proxies(), properties.upstream()), "public", observers);
        UpstreamClient privateChain = privateProperties.proxies().isEmpty() ? null : new ObservedUpstreamClient(
                httpChain(privateProperties.proxies(), properties.upstream()), "private", observers);
        UpstreamClient gitChain = git.client() == null ? null
                : new ObservedUpstreamClient(git.client(), "git", observers);
        return module -> policy.snapshot().privateRule(module.value())
                .map(rule -> gitChain != null && git.client().handles(module) ? gitChain
                        : privateChain != null ? privateChain : noPrivateSource(module.value(), rule.id()))
                .orElse(publicChain);
    }

    private static UpstreamClient httpChain(List<String> proxies, ModvaultProperties.Upstream upstream) {
        return new HttpUpstreamClient(new UpstreamSettings(proxies, upstream.connectTimeout(), upstream.readTimeout(),
                upstream.maxAttempts(), upstream.retryBackoff(), USER_AGENT));
    }

    private static UpstreamClient noPrivateSource(String module, long ruleId) {
        return new UpstreamClient() {
            @Override
            public <T> T get(String path, long maxBytes, dev.modvault.core.upstream.BodyReader<T> reader) {
                throw new NotFoundException("not found: " + module + " is private (Modvault policy rule " + ruleId
                        + ") and not cached, and no private source is configured for it (modvault.git.sources, "
                        + "modvault.private.proxies)");
            }
        };
    }

    /** Over the memory cache of small objects ({@code modvault.serving.*}), itself over the configured store. */
    @Bean
    CachingGoProxy cachingGoProxy(ServingCache serving, UpstreamSelector upstreams, Catalog catalog,
                                  ArtifactVerifier verifier, ModvaultProperties properties, Clock clock) {
        ModvaultProperties.Cache cache = properties.cache();
        return new CachingGoProxy(serving.store(), upstreams, catalog, verifier,
                new CacheSettings(cache.listTtl(), cache.maxStale(), cache.notFoundTtl(), properties.spoolDir()), clock);
    }

    /** Access control outermost: a caller without access to a PRIVATE module gets 404 before policy is asked. */
    @Bean
    @Primary
    GoProxy goProxy(CachingGoProxy cache, PolicyEngine policy, ModuleAccess access) {
        return new AccessControlledGoProxy(new PolicyGoProxy(cache, policy::snapshot), access);
    }

    /**
     * The GOPROXY protocol is served at the root rather than by a controller: its routes are module paths of any
     * depth, parsed from the raw URI exactly once, and the hot path stays free of MVC dispatch. {@link ProtocolValve}
     * runs the handler (inside the request observation) from Tomcat's pipeline, in front of the servlet filter chain,
     * Spring's own filters and the security chain; {@link ProtocolGate} admits protocol callers (docs/performance.md).
     */
    @Bean
    GoProxyHandler goProxyHandler(GoProxy goProxy, ProtocolGate gate, ModvaultProperties properties,
                                  ServingProperties serving, AuditSink audit, Clock clock, ArtifactStore store) {
        return new GoProxyHandler(goProxy, gate, properties.cache().listTtl(), audit, clock, serving.zeroCopy(),
                serving.hashOnSend(), store);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> protocolValve(
            FilterRegistrationBean<RequestObservationFilter> observation, GoProxyHandler goProxy) {
        return factory -> factory.addContextCustomizers(context -> context.getPipeline().addValve(
                new ProtocolValve(observation.getFilter(), goProxy)));
    }
}
