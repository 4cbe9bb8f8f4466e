package dev.modvault.auth.access;

import dev.modvault.auth.token.TokenRequest;
import dev.modvault.core.error.InvalidRequestException;
import dev.modvault.core.module.PathPatterns;

/**
 * An access rule as an admin sends it; {@link #validate} checks it, naming the field.
 *
 * @param group   a group name (letters, digits, '.', '_', '-')
 * @param pattern comma-separated module path globs, as GOPRIVATE (e.g. {@code corp.example.com/team-a/*})
 */
public record AccessRuleRequest(String group, String pattern) {

    private static final int MAX_PATTERN = 2000;

    /** The request, trimmed; {@link IllegalArgumentException} naming the field when it is not acceptable. */
    public AccessRuleRequest validate() {
        String name = group == null ? "" : group.strip();
        if (!TokenRequest.GROUP.matcher(name).matches()) {
            throw new IllegalArgumentException("group: required, letters, digits, '.', '_', '-' (1 to 100 characters)");
        }
        String globs = pattern == null ? "" : pattern.strip();
        if (globs.isEmpty() || globs.length() > MAX_PATTERN) {
            throw new IllegalArgumentException("pattern: required, module path globs as in GOPRIVATE, at most "
                    + MAX_PATTERN + " characters");
        }
        try {
            if (PathPatterns.parse(globs).isEmpty()) {
                throw new IllegalArgumentException("pattern: holds no glob");
            }
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException("pattern: " + e.getMessage());
        }
        return new AccessRuleRequest(name, globs);
    }
}
