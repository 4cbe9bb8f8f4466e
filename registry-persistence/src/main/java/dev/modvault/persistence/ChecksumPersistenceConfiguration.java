package dev.modvault.persistence;

import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PostgreSQL-backed state of checksum verification: the newest verified tree head of each checksum database
 * ({@link JdbcTreeHeadStore}) and the hashes recorded on first fetch of PRIVATE and NOSUMDB modules
 * ({@link JdbcChecksumRecords}). Not component-scanned: imported by the application next to
 * {@link PersistenceConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class ChecksumPersistenceConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    public JdbcTreeHeadStore treeHeadStore(DataSource dataSource) {
        return new JdbcTreeHeadStore(dataSource);
    }

    @Bean
    @DependsOnDatabaseInitialization
    public JdbcChecksumRecords checksumRecords(DataSource dataSource) {
        return new JdbcChecksumRecords(dataSource);
    }
}
