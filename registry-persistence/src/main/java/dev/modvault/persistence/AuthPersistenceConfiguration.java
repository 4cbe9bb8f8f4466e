package dev.modvault.persistence;

import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PostgreSQL-backed state of authentication and access control: API tokens ({@link JdbcTokenRepository}) and
 * access rules ({@link JdbcAccessRuleRepository}). Not component-scanned: imported by the application next to
 * {@link PersistenceConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class AuthPersistenceConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    public JdbcTokenRepository tokenRepository(DataSource dataSource) {
        return new JdbcTokenRepository(dataSource);
    }

    @Bean
    @DependsOnDatabaseInitialization
    public JdbcAccessRuleRepository accessRuleRepository(DataSource dataSource) {
        return new JdbcAccessRuleRepository(dataSource);
    }
}
