package dev.modvault.web.config;

import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.catalog.Catalog;
import dev.modvault.core.verify.Scrubber;
import dev.modvault.core.verify.VerifyingArtifactStore;
import dev.modvault.storage.ArtifactStore;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Integrity of what is already cached: the per-serve check, composed over whichever {@link ArtifactStore} backend is
 * configured (a {@link BeanPostProcessor} wraps it in a {@link VerifyingArtifactStore} unless
 * {@code modvault.integrity.verify-on-serve=false}, so every user of the store, the caching proxy first, gets the
 * checked one), and the scrub behind {@code /api/v1/scrub}.
 */
@Configuration(proxyBeanMethods = false)
public class IntegrityConfiguration {

    /** Static: post-processors are created before other beans; the audit sink is looked up when damage is found. */
    @Bean
    static BeanPostProcessor verifyOnServe(Environment environment, ObjectProvider<AuditSink> audit) {
        boolean enabled = environment.getProperty("modvault.integrity.verify-on-serve", Boolean.class, true);
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (enabled && bean instanceof ArtifactStore store && !(bean instanceof VerifyingArtifactStore)) {
                    AuditSink lazy = event -> audit.ifAvailable(sink -> sink.record(event));
                    return new VerifyingArtifactStore(store, lazy, Clock.systemUTC());
                }
                return bean;
            }
        };
    }

    @Bean
    Scrubber scrubber(Catalog catalog, ArtifactStore store, AuditSink audit, Clock clock, ModvaultProperties properties) {
        VerifyingArtifactStore serving = store instanceof VerifyingArtifactStore v ? v : null;
        return new Scrubber(catalog, serving != null ? serving.delegate() : store, serving, audit, clock,
                properties.spoolDir());
    }
}
