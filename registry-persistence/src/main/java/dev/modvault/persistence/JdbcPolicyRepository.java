package dev.modvault.persistence;

import dev.modvault.core.policy.PolicyRepository;
import dev.modvault.core.policy.PolicyRule;
import dev.modvault.core.policy.RuleDefinition;
import dev.modvault.core.policy.RuleKind;
import dev.modvault.core.policy.StaleRevisionException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Policy rules in {@code policy_rules}. Every change bumps the single row of {@code policy_state} in the same
 * transaction, so {@link #changeStamp} is one primary-key read that replicas can poll every second. Updates and
 * deletes are conditional on the rule's revision (optimistic concurrency); times come from the database's clock, the
 * same for every replica.
 */
public final class JdbcPolicyRepository implements PolicyRepository {

    private static final String COLUMNS =
            "id, kind, pattern, version_constraint, reason, created_by, created_at, updated_at, revision";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public JdbcPolicyRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public List<PolicyRule> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM policy_rules ORDER BY id").query(JdbcPolicyRepository::rule)
                .list();
    }

    @Override
    public Optional<PolicyRule> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM policy_rules WHERE id = ?").param(id)
                .query(JdbcPolicyRepository::rule).optional();
    }

    @Override
    public PolicyRule create(RuleDefinition definition, String actor) {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(actor, "actor");
        return tx.execute(status -> {
            PolicyRule rule = jdbc.sql("""
                            INSERT INTO policy_rules (kind, pattern, version_constraint, reason, created_by, created_at,
                                                      updated_by, updated_at, revision)
                            VALUES (?, ?, ?, ?, ?, now(), ?, now(), 1)
                            RETURNING\s""" + COLUMNS)
                    .params(definition.kind().name(), definition.pattern(), definition.versionConstraint(),
                            definition.reason(), actor, actor)
                    .query(JdbcPolicyRepository::rule).single();
            bumpStamp();
            return rule;
        });
    }

    @Override
    public Optional<PolicyRule> update(long id, long expectedRevision, RuleDefinition definition, String actor) {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(actor, "actor");
        return tx.execute(status -> {
            Optional<PolicyRule> updated = jdbc.sql("""
                            UPDATE policy_rules
                            SET kind = ?, pattern = ?, version_constraint = ?, reason = ?, updated_by = ?,
                                updated_at = now(), revision = revision + 1
                            WHERE id = ? AND revision = ?
                            RETURNING\s""" + COLUMNS)
                    .params(definition.kind().name(), definition.pattern(), definition.versionConstraint(),
                            definition.reason(), actor, id, expectedRevision)
                    .query(JdbcPolicyRepository::rule).optional();
            return changed(id, updated);
        });
    }

    @Override
    public Optional<PolicyRule> delete(long id, long expectedRevision) {
        return tx.execute(status -> {
            Optional<PolicyRule> deleted = jdbc.sql("DELETE FROM policy_rules WHERE id = ? AND revision = ? RETURNING "
                            + COLUMNS)
                    .params(id, expectedRevision).query(JdbcPolicyRepository::rule).optional();
            return changed(id, deleted);
        });
    }

    @Override
    public long changeStamp() {
        return jdbc.sql("SELECT stamp FROM policy_state").query(Long.class).single();
    }

    /** After a conditional change: bump the stamp if it happened, else tell "no such rule" from "stale revision". */
    private Optional<PolicyRule> changed(long id, Optional<PolicyRule> result) {
        if (result.isPresent()) {
            bumpStamp();
            return result;
        }
        Optional<Long> current = jdbc.sql("SELECT revision FROM policy_rules WHERE id = ?").param(id)
                .query(Long.class).optional();
        if (current.isPresent()) {
            throw new StaleRevisionException(id, current.get());
        }
        return Optional.empty();
    }

    private void bumpStamp() {
        jdbc.sql("UPDATE policy_state SET stamp = stamp + 1").update();
    }

    private static PolicyRule rule(ResultSet rs, int row) throws SQLException {
        return new PolicyRule(
                rs.getLong("id"),
                RuleKind.valueOf(rs.getString("kind")),
                rs.getString("pattern"),
                rs.getString("version_constraint"),
                rs.getString("reason"),
                rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getLong("revision"));
    }
}
