package dev.modvault.web.metrics;

import dev.modvault.core.cache.CachingGoProxy;
import dev.modvault.core.verify.SumdbArtifactVerifier;
import dev.modvault.persistence.AsyncAuditWriter;
import dev.modvault.persistence.JdbcCatalog;
import dev.modvault.storage.ArtifactStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import dev.modvault.core.verify.VerifyingArtifactStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** Modvault's metrics, request ids and access log (docs/operations.md). */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    RegistryMetrics registryMetrics(MeterRegistry registry) {
        return new RegistryMetrics(registry);
    }

    @Bean
    FilterRegistrationBean<RequestObservationFilter> requestObservationFilter(RegistryMetrics metrics,
                                                                              Environment environment) {
        boolean accessLog = environment.getProperty("modvault.access-log", Boolean.class, true);
        FilterRegistrationBean<RequestObservationFilter> registration =
                new FilterRegistrationBean<>(new RequestObservationFilter(metrics, accessLog));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** The access log written from a background thread, when it is on. */
    @Bean(destroyMethod = "close")
    AsyncAccessLog asyncAccessLog(Environment environment) {
        boolean accessLog = environment.getProperty("modvault.access-log", Boolean.class, true);
        return accessLog ? AsyncAccessLog.install(RequestObservationFilter.ACCESS_LOGGER) : AsyncAccessLog.none();
    }

    /**
     * Observes whichever storage backend is configured. Ordered, so it runs before the unordered post-processors
     * and the backend is observed innermost (the per-serve check wraps the observed store).
     */
    @Bean
    static ObserveStorage observeStorage(ObjectProvider<MeterRegistry> registry) {
        return new ObserveStorage(registry);
    }

    /** Declared with its own type so that Spring sees it is {@link Ordered} before creating it. */
    record ObserveStorage(ObjectProvider<MeterRegistry> registry) implements BeanPostProcessor, Ordered {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof ArtifactStore store && !(bean instanceof ObservedArtifactStore)
                    && !(bean instanceof VerifyingArtifactStore)) {
                return new ObservedArtifactStore(store, registry.getObject());
            }
            return bean;
        }

        @Override
        public int getOrder() {
            return 0;
        }
    }

    /** Meters read from counters the core and persistence keep themselves. */
    @Bean
    MeterBinder modvaultMeters(CachingGoProxy cache, ObjectProvider<SumdbArtifactVerifier> verifier,
                               ObjectProvider<AsyncAuditWriter> audit, ObjectProvider<JdbcCatalog> catalog) {
        return registry -> bind(registry, cache, verifier, audit, catalog);
    }

    private static void bind(MeterRegistry registry, CachingGoProxy cache, ObjectProvider<SumdbArtifactVerifier> verifier,
                             ObjectProvider<AsyncAuditWriter> audit, ObjectProvider<JdbcCatalog> catalog) {
        FunctionCounter.builder("modvault.singleflight.joins", cache, CachingGoProxy::singleFlightJoins)
                .description("Requests that joined an upstream fetch another request had started").register(registry);
        verifier.ifAvailable(v -> {
            FunctionCounter.builder("modvault.checksum.verifications", v, SumdbArtifactVerifier::verifications)
                    .description("Fetched .mod and .zip files hashed and checked").register(registry);
            FunctionCounter.builder("modvault.checksum.failures", v, SumdbArtifactVerifier::mismatches)
                    .tag("reason", "mismatch").description("Artifacts refused by checksum").register(registry);
            FunctionCounter.builder("modvault.checksum.failures", v, SumdbArtifactVerifier::forks)
                    .tag("reason", "fork").register(registry);
            FunctionCounter.builder("modvault.checksum.failures", v, SumdbArtifactVerifier::databaseFailures)
                    .tag("reason", "database").register(registry);
        });
        audit.ifAvailable(a -> {
            Gauge.builder("modvault.audit.queue.depth", a, AsyncAuditWriter::queueDepth)
                    .description("Audit events waiting to be written").register(registry);
            FunctionCounter.builder("modvault.audit.dropped", a, AsyncAuditWriter::droppedCount)
                    .description("Audit events dropped because the queue was full").register(registry);
        });
        catalog.ifAvailable(c -> FunctionCounter.builder("modvault.catalog.dropped", c, JdbcCatalog::droppedCount)
                .description("Catalog records dropped because the queue was full").register(registry));
    }
}
