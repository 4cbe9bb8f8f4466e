package dev.modvault.core.policy;

import java.util.List;
import java.util.Optional;

/**
 * Durable policy rules (PostgreSQL). Implementations are thread-safe; definitions arrive validated.
 */
public interface PolicyRepository {

    List<PolicyRule> findAll();

    Optional<PolicyRule> find(long id);

    PolicyRule create(RuleDefinition definition, String actor);

    /**
     * Replaces a rule's definition if its revision is still {@code expectedRevision}.
     *
     * @return the updated rule; empty if no rule has the id
     * @throws StaleRevisionException if the rule changed since {@code expectedRevision}
     */
    Optional<PolicyRule> update(long id, long expectedRevision, RuleDefinition definition, String actor);

    /**
     * Deletes a rule if its revision is still {@code expectedRevision}.
     *
     * @return the deleted rule; empty if no rule has the id
     * @throws StaleRevisionException if the rule changed since {@code expectedRevision}
     */
    Optional<PolicyRule> delete(long id, long expectedRevision);

    /**
     * A value that changes whenever any rule is created, updated or deleted, cheap enough to poll every second
     * from every replica.
     */
    long changeStamp();
}
