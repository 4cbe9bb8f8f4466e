package dev.modvault.git;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Access tokens for git hosts, one per host name, handed to JGit as a {@link CredentialsProvider} (HTTP basic
 * authentication: the username, and the token as the password). Tokens never appear in {@link #toString()}, logs or
 * exception messages: {@link #redact} removes them from any text that leaves this package.
 */
public final class GitCredentials {

    /** A token for one host. {@code username} is what the host expects with a token ("x-access-token", "oauth2"...). */
    public record Token(String username, String secret) {
        public Token {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(secret, "secret");
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("empty token");
            }
        }

        @Override
        public String toString() {
            return "Token[username=" + username + ", secret=***]";
        }
    }

    private static final GitCredentials NONE = new GitCredentials(Map.of());

    private final Map<String, Token> byHost;

    private GitCredentials(Map<String, Token> byHost) {
        this.byHost = byHost;
    }

    /** No credentials: anonymous access only. */
    public static GitCredentials none() {
        return NONE;
    }

    /** Tokens by host name (case-insensitive, without port). */
    public static GitCredentials of(Map<String, Token> byHost) {
        Map<String, Token> m = new TreeMap<>();
        byHost.forEach((host, token) -> m.put(host.toLowerCase(Locale.ROOT), Objects.requireNonNull(token)));
        return new GitCredentials(Map.copyOf(m));
    }

    /** The JGit provider answering username and password prompts for URLs on a host with a token. */
    CredentialsProvider provider() {
        return new CredentialsProvider() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public boolean supports(CredentialItem... items) {
                for (CredentialItem item : items) {
                    if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
                Token token = uri == null || uri.getHost() == null ? null
                        : byHost.get(uri.getHost().toLowerCase(Locale.ROOT));
                if (token == null) {
                    return false;
                }
                for (CredentialItem item : items) {
                    if (item instanceof CredentialItem.Username u) {
                        u.setValue(token.username());
                    } else if (item instanceof CredentialItem.Password p) {
                        p.setValue(token.secret().toCharArray());
                    } else {
                        throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName());
                    }
                }
                return true;
            }
        };
    }

    /** {@code text} with every token replaced by {@code ***}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Token t : byHost.values()) {
            out = out.replace(t.secret(), "***");
        }
        return out;
    }

    @Override
    public String toString() {
        return "GitCredentials" + byHost.keySet();
    }
}
