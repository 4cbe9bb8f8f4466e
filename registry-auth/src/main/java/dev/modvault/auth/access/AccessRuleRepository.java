package dev.modvault.auth.access;

import java.util.List;
import java.util.Optional;

/**
 * Where access rules live (PostgreSQL). Every change moves the change stamp that tokens share
 * ({@link dev.modvault.auth.token.TokenRepository#changeStamp}), so one poll covers both.
 */
public interface AccessRuleRepository {

    List<AccessRule> findAll();

    Optional<AccessRule> find(long id);

    AccessRule create(AccessRuleRequest rule, String actor);

    /** @return the rule after the change, or empty if there is none with this id */
    Optional<AccessRule> update(long id, AccessRuleRequest rule, String actor);

    /** @return the rule as it was, or empty if there is none with this id */
    Optional<AccessRule> delete(long id);
}
