package dev.modvault.persistence;

import dev.modvault.auth.access.AccessRule;
import dev.modvault.auth.access.AccessRuleRepository;
import dev.modvault.auth.access.AccessRuleRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Access rules in {@code access_rules}; every change bumps the shared {@code auth_state} stamp in its transaction. */
public final class JdbcAccessRuleRepository implements AccessRuleRepository {

    private static final String COLUMNS = "id, group_name, pattern, created_by, created_at, updated_by, updated_at";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public JdbcAccessRuleRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public List<AccessRule> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_rules ORDER BY id").query(JdbcAccessRuleRepository::rule)
                .list();
    }

    @Override
    public Optional<AccessRule> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_rules WHERE id = ?").param(id)
                .query(JdbcAccessRuleRepository::rule).optional();
    }

    @Override
    public AccessRule create(AccessRuleRequest rule, String actor) {
        return tx.execute(status -> {
            AccessRule created = jdbc.sql("INSERT INTO access_rules (group_name, pattern, created_by, created_at,"
                            + " updated_by, updated_at) VALUES (?, ?, ?, now(), ?, now()) RETURNING " + COLUMNS)
                    .params(rule.group(), rule.pattern(), actor, actor).query(JdbcAccessRuleRepository::rule).single();
            AuthStamp.bump(jdbc);
            return created;
        });
    }

    @Override
    public Optional<AccessRule> update(long id, AccessRuleRequest rule, String actor) {
        return tx.execute(status -> bumpIfPresent(jdbc.sql("UPDATE access_rules SET group_name = ?, pattern = ?,"
                        + " updated_by = ?, updated_at = now() WHERE id = ? RETURNING " + COLUMNS)
                .params(rule.group(), rule.pattern(), actor, id).query(JdbcAccessRuleRepository::rule).optional()));
    }

    @Override
    public Optional<AccessRule> delete(long id) {
        return tx.execute(status -> bumpIfPresent(jdbc.sql("DELETE FROM access_rules WHERE id = ? RETURNING " + COLUMNS)
                .param(id).query(JdbcAccessRuleRepository::rule).optional()));
    }

    private Optional<AccessRule> bumpIfPresent(Optional<AccessRule> changed) {
        changed.ifPresent(r -> AuthStamp.bump(jdbc));
        return changed;
    }

    private static AccessRule rule(ResultSet rs, int row) throws SQLException {
        return new AccessRule(rs.getLong("id"), rs.getString("group_name"), rs.getString("pattern"),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("updated_by"), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
