package dev.modvault.auth.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * An authenticated caller, as Spring Security's {@link Authentication}: its name is the actor of the audit log
 * (the token's owner, the OIDC subject, or {@code bootstrap-admin}), its authorities the scopes
 * ({@code SCOPE_read}, and {@code SCOPE_admin}, which implies read), and its groups select the access rules.
 */
public final class Caller extends AbstractAuthenticationToken {

    public static final String READ = "SCOPE_read";
    public static final String ADMIN = "SCOPE_admin";

    /** How the caller proved who it is. */
    public enum Method { TOKEN, OIDC, BOOTSTRAP }

    private final String name;
    private final Method method;
    private final String tokenId;
    private final Set<String> groups;
    private final boolean read;
    private final boolean admin;

    public Caller(String name, Method method, String tokenId, Set<String> groups, boolean read, boolean admin) {
        super(authorities(read, admin));
        this.name = name;
        this.method = method;
        this.tokenId = tokenId;
        this.groups = Set.copyOf(groups);
        this.read = read || admin;
        this.admin = admin;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(boolean read, boolean admin) {
        List<GrantedAuthority> authorities = new ArrayList<>(2);
        if (read || admin) {
            authorities.add(new SimpleGrantedAuthority(READ));
        }
        if (admin) {
            authorities.add(new SimpleGrantedAuthority(ADMIN));
        }
        return authorities;
    }

    /** The caller of the current request, if it authenticated (not for anonymous requests). */
    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof Caller caller ? Optional.of(caller) : Optional.empty();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    public Method method() {
        return method;
    }

    /** The API token's id when the caller used one; null otherwise. */
    public String tokenId() {
        return tokenId;
    }

    public Set<String> groups() {
        return groups;
    }

    /** Admins read every module, PRIVATE ones included. */
    /** Whether this caller may read modules (the read or the admin scope). */
    public boolean read() {
        return read;
    }

    public boolean admin() {
        return admin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Caller other && super.equals(other) && name.equals(other.name)
                && method == other.method && groups.equals(other.groups);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
