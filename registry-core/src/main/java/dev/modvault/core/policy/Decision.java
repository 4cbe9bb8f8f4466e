package dev.modvault.core.policy;

/**
 * The outcome of evaluating the policy for a module (and version).
 *
 * @param allowed whether it may be served
 * @param rule    the rule that decided, or null (no rule applied, or refused for matching no ALLOW rule)
 * @param message the sentence a client sees when refused; null when allowed
 */
public record Decision(boolean allowed, PolicyRule rule, String message) {

    static final Decision ALLOWED = new Decision(true, null, null);

    static Decision allowedBy(PolicyRule rule) {
        return new Decision(true, rule, null);
    }
}
