package dev.modvault.core.error;

/**
 * A policy rule refuses the module or version (403). The message names the rule and its reason; the go command
 * shows it to its user.
 */
public final class PolicyDeniedException extends RegistryException {

    private final Long ruleId;

    public PolicyDeniedException(String message, Long ruleId) {
        super(message);
        this.ruleId = ruleId;
    }

    /** The denying rule, or null when the module is refused for matching no ALLOW rule. */
    public Long ruleId() {
        return ruleId;
    }
}
