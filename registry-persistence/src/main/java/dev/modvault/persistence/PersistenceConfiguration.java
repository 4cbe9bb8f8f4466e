package dev.modvault.persistence;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PostgreSQL-backed policy repository, audit sink and log, and catalog, from the application's
 * {@link DataSource} (migrated by Flyway from {@code classpath:db/migration}) and a {@link PersistenceSettings} bean
 * (the defaults when there is none). Not component-scanned: the application imports it, together with
 * {@link EmbeddedPostgresConfiguration} for a database of its own when no {@code spring.datasource.url} is set.
 *
 * <p>Every bean waits for the database initialisation (Flyway) to finish. On shutdown the audit writer and the
 * catalog drain their queues before the DataSource closes (they depend on it, so they are destroyed first).
 */
@Configuration(proxyBeanMethods = false)
public class PersistenceConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    public JdbcPolicyRepository policyRepository(DataSource dataSource) {
        return new JdbcPolicyRepository(dataSource);
    }

    @Bean
    @DependsOnDatabaseInitialization
    public AuditPartitions auditPartitions(DataSource dataSource) {
        return new AuditPartitions(dataSource, Clock.systemUTC());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @DependsOnDatabaseInitialization
    public PartitionMaintenance auditPartitionMaintenance(AuditPartitions auditPartitions,
                                                          ObjectProvider<PersistenceSettings> settings) {
        return new PartitionMaintenance(auditPartitions, settings(settings));
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    public AsyncAuditWriter auditSink(DataSource dataSource, AuditPartitions auditPartitions,
                                      ObjectProvider<PersistenceSettings> settings) {
        return new AsyncAuditWriter(dataSource, auditPartitions, settings(settings));
    }

    @Bean
    @DependsOnDatabaseInitialization
    public JdbcAuditLog auditLog(DataSource dataSource) {
        return new JdbcAuditLog(dataSource);
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    public JdbcCatalog catalog(DataSource dataSource, ObjectProvider<PersistenceSettings> settings) {
        return new JdbcCatalog(dataSource, settings(settings));
    }

    private static PersistenceSettings settings(ObjectProvider<PersistenceSettings> settings) {
        return settings.getIfAvailable(PersistenceSettings::defaults);
    }
}
