package dev.modvault.auth.access;

import dev.modvault.auth.token.StoredToken;
import dev.modvault.core.module.PathPatterns;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable in-memory copy of the tokens and access rules: what the request path reads (a hash-map lookup per
 * token, one pattern match per group), so that no request queries the database.
 */
public final class AuthSnapshot {

    private static final Logger log = LoggerFactory.getLogger(AuthSnapshot.class);

    public static final AuthSnapshot EMPTY = new AuthSnapshot(List.of(), List.of());

    private final Map<String, StoredToken> tokens = new HashMap<>();
    private final Map<String, PathPatterns> grants = new HashMap<>();
    private final List<AccessRule> rules;

    public AuthSnapshot(List<StoredToken> tokens, List<AccessRule> rules) {
        for (StoredToken token : tokens) {
            this.tokens.put(token.token().id(), token);
        }
        Map<String, StringBuilder> patterns = new HashMap<>();
        for (AccessRule rule : rules) {
            try {
                PathPatterns.parse(rule.pattern()); // validated when stored; a bad one must not hide the others
                patterns.computeIfAbsent(rule.group(), g -> new StringBuilder()).append(',').append(rule.pattern());
            } catch (RuntimeException e) {
                log.warn("access rule {} has an unusable pattern and is ignored: {}", rule.id(), e.getMessage());
            }
        }
        patterns.forEach((group, globs) -> grants.put(group, PathPatterns.parse(globs.toString())));
        this.rules = List.copyOf(rules);
    }

    /** The token with this id, whatever its state (revoked and expired ones too, for a precise refusal). */
    public Optional<StoredToken> token(String id) {
        return Optional.ofNullable(tokens.get(id));
    }

    /** Whether an access rule of one of {@code groups} matches {@code module}. */
    public boolean grants(Collection<String> groups, String module) {
        for (String group : groups) {
            PathPatterns patterns = grants.get(group);
            if (patterns != null && patterns.matches(module)) {
                return true;
            }
        }
        return false;
    }

    public List<AccessRule> rules() {
        return rules;
    }

    public int tokenCount() {
        return tokens.size();
    }
}
