package dev.modvault.core.policy;

import dev.modvault.core.module.PathPatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable, compiled view of all policy rules, evaluated on the request path without touching the database.
 *
 * <p>Semantics (docs/policy.md): PRIVATE implies NOSUMDB, as GOPRIVATE implies GONOSUMDB. A DENY rule without a
 * version constraint refuses the whole module; with one, only the versions in its range. In allow-list mode a
 * module is served only if it matches an ALLOW rule (and, when that rule has a constraint, only the versions in
 * its range); PRIVATE modules are the company's own and need no ALLOW rule.
 */
public final class PolicySnapshot {

    private static final Logger log = LoggerFactory.getLogger(PolicySnapshot.class);

    private record Compiled(PolicyRule rule, PathPatterns patterns, VersionConstraint constraint) {
        boolean matchesModule(String module) {
            return patterns.matches(module);
        }

        boolean matchesVersion(String version) {
            return constraint == null || constraint.matches(version);
        }
    }

    public static final PolicySnapshot EMPTY = new PolicySnapshot(List.of(), false);

    private final List<PolicyRule> rules;
    private final List<Compiled> deny = new ArrayList<>();
    private final List<Compiled> allow = new ArrayList<>();
    private final List<Compiled> privateRules = new ArrayList<>();
    private final List<Compiled> noSumDb = new ArrayList<>();
    private final boolean allowListMode;

    public PolicySnapshot(List<PolicyRule> rules, boolean allowListMode) {
        this.rules = List.copyOf(rules);
        this.allowListMode = allowListMode;
        for (PolicyRule rule : rules) {
            Compiled compiled;
            try {
                compiled = new Compiled(rule, PathPatterns.parse(rule.pattern()),
                        rule.versionConstraint() == null ? null : VersionConstraint.parse(rule.versionConstraint()));
            } catch (RuntimeException e) {
                log.error("policy rule {} cannot be evaluated and is ignored: {}", rule.id(), e.getMessage());
                continue;
            }
            switch (rule.kind()) {
                case DENY -> deny.add(compiled);
                case ALLOW -> allow.add(compiled);
                case PRIVATE -> privateRules.add(compiled);
                case NOSUMDB -> noSumDb.add(compiled);
            }
        }
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    public boolean allowListMode() {
        return allowListMode;
    }

    /** The PRIVATE rule the module matches, if any (GOPRIVATE / GONOPROXY). */
    public Optional<PolicyRule> privateRule(String module) {
        return first(privateRules, module);
    }

    public boolean isPrivate(String module) {
        return privateRule(module).isPresent();
    }

    /** Whether the module must never be looked up in a public checksum database (PRIVATE or NOSUMDB). */
    public boolean isNoSumDb(String module) {
        return isPrivate(module) || first(noSumDb, module).isPresent();
    }

    /** Whether any rule depends on the version for this module, so version lists must be filtered. */
    public boolean hasVersionRules(String module) {
        return deny.stream().anyMatch(c -> c.constraint() != null && c.matchesModule(module))
                || (allowListMode && !isPrivate(module)
                && allow.stream().anyMatch(c -> c.constraint() != null && c.matchesModule(module)));
    }

    /** Whether the module may be served at all (before any version is known). */
    public Decision checkModule(String module) {
        for (Compiled c : deny) {
            if (c.constraint() == null && c.matchesModule(module)) {
                return denied(c.rule(), module);
            }
        }
        if (allowListMode && !isPrivate(module)) {
            Optional<PolicyRule> allowed = first(allow, module);
            if (allowed.isEmpty()) {
                return new Decision(false, null, module + " is not on Modvault's allow list;"
                        + " ask an administrator for an ALLOW rule");
            }
            return Decision.allowedBy(allowed.get());
        }
        return Decision.ALLOWED;
    }

    /** Whether the module version may be served. */
    public Decision check(String module, String version) {
        Decision moduleDecision = checkModule(module);
        if (!moduleDecision.allowed()) {
            return moduleDecision;
        }
        for (Compiled c : deny) {
            if (c.constraint() != null && c.matchesModule(module) && c.matchesVersion(version)) {
                return denied(c.rule(), module + "@" + version);
            }
        }
        if (allowListMode && !isPrivate(module)) {
            List<Compiled> matching = allow.stream().filter(c -> c.matchesModule(module)).toList();
            Optional<Compiled> permitting = matching.stream().filter(c -> c.matchesVersion(version)).findFirst();
            if (permitting.isEmpty()) {
                PolicyRule rule = matching.getFirst().rule();
                return new Decision(false, rule, module + "@" + version + " is outside the versions Modvault"
                        + " policy rule " + rule.id() + " allows (" + rule.versionConstraint() + "): " + rule.reason());
            }
            return Decision.allowedBy(permitting.get().rule());
        }
        return Decision.ALLOWED;
    }

    private static Decision denied(PolicyRule rule, String what) {
        String constraint = rule.versionConstraint() == null ? "" : " " + rule.versionConstraint();
        return new Decision(false, rule, what + " is forbidden by Modvault policy rule " + rule.id()
                + " (DENY " + rule.pattern() + constraint + "): " + rule.reason());
    }

    private static Optional<PolicyRule> first(List<Compiled> rules, String module) {
        for (Compiled c : rules) { // a loop: asked on every request, with no rules most of the time
            if (c.matchesModule(module)) {
                return Optional.of(c.rule());
            }
        }
        return Optional.empty();
    }
}
