package dev.modvault.core.policy;

import dev.modvault.core.error.InvalidRequestException;
import dev.modvault.core.module.PathPatterns;

/** Checks a rule definition before it is stored; failures name the field and say why (HTTP 400). */
public final class PolicyValidation {

    public static final int MAX_REASON = 500;
    public static final int MAX_PATTERN = 2000;

    /** A field that failed validation. */
    public static final class InvalidFieldException extends IllegalArgumentException {
        private final String field;

        InvalidFieldException(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private PolicyValidation() {
    }

    public static RuleDefinition validate(RuleDefinition rule) {
        if (rule.kind() == null) {
            throw new InvalidFieldException("kind", "required; one of PRIVATE, NOSUMDB, DENY, ALLOW");
        }
        String pattern = rule.pattern() == null ? "" : rule.pattern().trim();
        if (pattern.isEmpty()) {
            throw new InvalidFieldException("pattern", "required: comma-separated module path globs, e.g. corp.example.com/*");
        }
        if (pattern.length() > MAX_PATTERN) {
            throw new InvalidFieldException("pattern", "longer than " + MAX_PATTERN + " characters");
        }
        try {
            if (PathPatterns.parse(pattern).isEmpty()) {
                throw new InvalidFieldException("pattern", "holds no glob");
            }
        } catch (InvalidRequestException e) {
            throw new InvalidFieldException("pattern", e.getMessage());
        }
        String constraint = rule.versionConstraint() == null || rule.versionConstraint().isBlank()
                ? null : rule.versionConstraint().trim();
        if (constraint != null) {
            if (rule.kind() != RuleKind.DENY && rule.kind() != RuleKind.ALLOW) {
                throw new InvalidFieldException("versionConstraint", "only DENY and ALLOW rules take a version constraint");
            }
            try {
                VersionConstraint.parse(constraint);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("versionConstraint", e.getMessage());
            }
        }
        String reason = rule.reason() == null ? "" : rule.reason().strip();
        if (reason.isEmpty()) {
            throw new InvalidFieldException("reason", "required: say why, the go command's user will read it");
        }
        if (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException("reason", "must be one line of at most " + MAX_REASON + " characters");
        }
        return new RuleDefinition(rule.kind(), pattern, constraint, reason);
    }
}
