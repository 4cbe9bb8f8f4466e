package dev.modvault.core.policy;

/**
 * The editable part of a rule, as an admin sends it. Validated by {@link PolicyValidation} before it is stored.
 */
public record RuleDefinition(RuleKind kind, String pattern, String versionConstraint, String reason) {
}
