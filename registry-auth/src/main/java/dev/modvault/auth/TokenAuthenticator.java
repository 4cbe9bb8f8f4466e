package dev.modvault.auth;

import dev.modvault.auth.access.AuthSnapshot;
import dev.modvault.auth.access.Caller;
import dev.modvault.auth.token.ApiToken;
import dev.modvault.auth.token.Scope;
import dev.modvault.auth.token.StoredToken;
import dev.modvault.auth.token.TokenFormat;
import dev.modvault.auth.token.TokenHasher;
import java.time.Clock;
import java.util.HashSet;
import java.util.function.Supplier;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * Checks an API token against the in-memory snapshot: lookup by its id, then the keyed hash of the whole string
 * compared in constant time, then revocation and expiry. No database query, no slow hash.
 */
final class TokenAuthenticator {

    private final Supplier<AuthSnapshot> snapshot;
    private final TokenHasher hasher;
    private final Clock clock;

    TokenAuthenticator(Supplier<AuthSnapshot> snapshot, TokenHasher hasher, Clock clock) {
        this.snapshot = snapshot;
        this.hasher = hasher;
        this.clock = clock;
    }

    Caller authenticate(String presented) {
        String id = TokenFormat.id(presented).orElseThrow(() -> new BadCredentialsException(
                "malformed token: Modvault tokens look like mvt_<16 hex digits>_<43 characters>"));
        StoredToken stored = snapshot.get().token(id).orElse(null);
        // an unknown id and a wrong secret are refused alike
        if (stored == null || !hasher.matches(presented, stored.secretHash())) {
            throw new BadCredentialsException("invalid token");
        }
        ApiToken token = stored.token();
        if (token.revoked()) {
            throw new BadCredentialsException("token " + id + " was revoked");
        }
        if (token.expiredAt(clock.instant())) {
            throw new BadCredentialsException("token " + id + " expired at " + token.expiresAt());
        }
        return new Caller(token.owner(), Caller.Method.TOKEN, id, new HashSet<>(token.groups()),
                token.scopes().contains(Scope.READ), token.scopes().contains(Scope.ADMIN));
    }
}
