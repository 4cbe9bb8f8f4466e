package dev.modvault.auth.token;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Creates, lists and revokes API tokens; after each change it asks for an immediate refresh of this replica. */
public final class TokenService {

    private final TokenRepository repository;
    private final TokenHasher hasher;
    private final Clock clock;
    private final Runnable changed;

    /** @param changed called after a token was created or revoked (reloads this replica's snapshot at once) */
    public TokenService(TokenRepository repository, TokenHasher hasher, Clock clock, Runnable changed) {
        this.repository = repository;
        this.hasher = hasher;
        this.clock = clock;
        this.changed = changed;
    }

    /** Validates the request and stores a new token with a fresh random secret, returned this once. */
    public IssuedToken create(TokenRequest request, String actor) {
        TokenRequest valid = request.validate(clock);
        String secret = TokenFormat.generate();
        String id = TokenFormat.id(secret).orElseThrow();
        ApiToken token = repository.create(new NewToken(id, valid.owner(), valid.kind(), valid.scopes(),
                valid.groups(), valid.expiresAt(), actor, hasher.hash(secret)));
        changed.run();
        return new IssuedToken(token, secret);
    }

    public List<ApiToken> list() {
        return repository.findAll();
    }

    /** Revokes a token on every replica (within one refresh interval; at once on this one). */
    public Optional<ApiToken> revoke(String id, String actor) {
        Optional<ApiToken> revoked = repository.revoke(id, actor);
        revoked.ifPresent(t -> changed.run());
        return revoked;
    }
}
