package dev.modvault.auth.token;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A token as an admin asks for it ({@code POST /api/v1/tokens}); {@link #validate} checks it, naming the field.
 *
 * @param owner     the user or service name it acts as (1 to 200 printable characters)
 * @param kind      user or service
 * @param scopes    at least one of read, admin
 * @param groups    group names ({@code [A-Za-z0-9._-]}, 1 to 100 characters each); may be empty
 * @param expiresAt when it stops working, in the future; null: never
 */
public record TokenRequest(String owner, TokenKind kind, Set<Scope> scopes, List<String> groups, Instant expiresAt) {

    public static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final int MAX_OWNER = 200;
    private static final int MAX_GROUPS = 50;

    /** The request, normalised; {@link IllegalArgumentException} naming the field when it is not acceptable. */
    public TokenRequest validate(Clock clock) {
        String name = owner == null ? "" : owner.strip();
        if (name.isEmpty() || name.length() > MAX_OWNER || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("owner: required, 1 to " + MAX_OWNER + " printable characters");
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind: required; user or service");
        }
        if (scopes == null || scopes.isEmpty() || scopes.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("scopes: at least one of read, admin");
        }
        List<String> names = new ArrayList<>(groups == null ? List.of() : groups);
        names.replaceAll(g -> g == null ? null : g.strip());
        names = new ArrayList<>(new LinkedHashSet<>(names));
        if (names.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("groups: at most " + MAX_GROUPS);
        }
        for (String group : names) {
            if (group == null || !GROUP.matcher(group).matches()) {
                throw new IllegalArgumentException("groups: \"" + group
                        + "\" is not a group name (letters, digits, '.', '_', '-'; 1 to 100 characters)");
            }
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new IllegalArgumentException("expiresAt: must be in the future");
        }
        return new TokenRequest(name, kind, Set.copyOf(scopes), List.copyOf(names), expiresAt);
    }
}
