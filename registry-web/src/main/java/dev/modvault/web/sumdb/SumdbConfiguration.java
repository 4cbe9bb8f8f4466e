package dev.modvault.web.sumdb;

import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.policy.PolicyEngine;
import dev.modvault.core.sumdb.TreeHeadStore;
import dev.modvault.core.verify.ChecksumRecords;
import dev.modvault.core.verify.StorageTileCache;
import dev.modvault.core.verify.SumdbArtifactVerifier;
import dev.modvault.persistence.ChecksumPersistenceConfiguration;
import dev.modvault.storage.ArtifactStore;
import dev.modvault.web.config.ModvaultProperties;
import dev.modvault.web.config.SumdbProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Checksum databases: verification of fetched artifacts before they are cached ({@link SumdbArtifactVerifier}, the
 * {@code ArtifactVerifier} the caching proxy uses), and the {@code /sumdb/} proxy for clients. Tree heads and
 * first-fetch records live in PostgreSQL ({@link ChecksumPersistenceConfiguration}), full tiles in the artifact store
 * under {@code sumdb/}.
 */
@Configuration(proxyBeanMethods = false)
@Import(ChecksumPersistenceConfiguration.class)
public class SumdbConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SumdbConfiguration.class);

    @Bean
    ChecksumDatabases checksumDatabases(SumdbProperties sumdb, ModvaultProperties properties, TreeHeadStore heads,
                                        ArtifactStore store) {
        ModvaultProperties.Upstream upstream = properties.upstream();
        HttpClient client = HttpClient.newBuilder().connectTimeout(upstream.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        ChecksumDatabases databases = ChecksumDatabases.parse(sumdb.databases(), firstUpstream(upstream), client,
                upstream.readTimeout(), heads, new StorageTileCache(store, "verified"));
        if (sumdb.verify() && databases.all().isEmpty()) {
            log.warn("modvault.sumdb.verify=true but no checksum database is configured: public modules are cached"
                    + " unverified");
        }
        log.info("checksum databases: {} (verify={})", databases.all().stream()
                .map(d -> d.name() + " via " + d.source()).toList(), sumdb.verify());
        return databases;
    }

    /** The first proxy of {@code modvault.upstream.proxies} (GOPROXY syntax: entries separated by ',' or '|'). */
    static URI firstUpstream(ModvaultProperties.Upstream upstream) {
        String first = String.join(",", upstream.proxies()).split("[,|]")[0].strip();
        return URI.create(first);
    }

    @Bean
    SumdbArtifactVerifier artifactVerifier(ChecksumDatabases databases, SumdbProperties sumdb, PolicyEngine policy,
                                           ChecksumRecords records, AuditSink audit, Clock clock) {
        return new SumdbArtifactVerifier(databases.all(), sumdb.verify(), policy::snapshot, records, audit, clock);
    }

    /** Ahead of the GOPROXY filter (which would not claim these paths anyway), after the security filters. */
    @Bean
    FilterRegistrationBean<SumdbProxyFilter> sumdbProxyFilter(ChecksumDatabases databases, PolicyEngine policy,
                                                              ArtifactStore store, AuditSink audit, Clock clock) {
        FilterRegistrationBean<SumdbProxyFilter> registration = new FilterRegistrationBean<>(new SumdbProxyFilter(
                databases, policy::snapshot, new StorageTileCache(store, "verified"),
                new StorageTileCache(store, "proxied"), audit, clock));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 110);
        registration.addUrlPatterns("/sumdb/*");
        return registration;
    }
}
