package dev.modvault.persistence;

import dev.modvault.auth.token.ApiToken;
import dev.modvault.auth.token.NewToken;
import dev.modvault.auth.token.Scope;
import dev.modvault.auth.token.StoredToken;
import dev.modvault.auth.token.TokenKind;
import dev.modvault.auth.token.TokenRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API tokens in {@code api_tokens}, the shared change stamp in {@code auth_state} and the generated hash key in
 * {@code auth_keys}. Creating and revoking a token bump the stamp in the same transaction; last-used times do not
 * (replicas need not reload for them). Times come from the database's clock, the same for every replica.
 */
public final class JdbcTokenRepository implements TokenRepository {

    private static final String COLUMNS = "id, owner, kind, scopes, groups, created_by, created_at, expires_at,"
            + " revoked_by, revoked_at, last_used_at";
    private static final String HASH_KEY = "token-hash";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;

    public JdbcTokenRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public ApiToken create(NewToken token) {
        return tx.execute(status -> {
            ApiToken created = jdbc.sql("INSERT INTO api_tokens (id, owner, kind, scopes, groups, secret_hash,"
                            + " created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?) RETURNING "
                            + COLUMNS)
                    .params(token.id(), token.owner(), token.kind().value(),
                            token.scopes().stream().map(Scope::value).sorted().toArray(String[]::new),
                            token.groups().toArray(String[]::new), token.secretHash(), token.createdBy(),
                            time(token.expiresAt()))
                    .query(JdbcTokenRepository::token).single();
            AuthStamp.bump(jdbc);
            return created;
        });
    }

    @Override
    public List<ApiToken> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at, id")
                .query(JdbcTokenRepository::token).list();
    }

    @Override
    public List<StoredToken> loadAll() {
        return jdbc.sql("SELECT " + COLUMNS + ", secret_hash FROM api_tokens")
                .query((rs, row) -> new StoredToken(token(rs, row), rs.getBytes("secret_hash"))).list();
    }

    @Override
    public Optional<ApiToken> revoke(String id, String actor) {
        return tx.execute(status -> {
            Optional<ApiToken> revoked = jdbc.sql("UPDATE api_tokens SET revoked_by = ?, revoked_at = now()"
                            + " WHERE id = ? AND revoked_at IS NULL RETURNING " + COLUMNS)
                    .params(actor, id).query(JdbcTokenRepository::token).optional();
            if (revoked.isPresent()) {
                AuthStamp.bump(jdbc);
                return revoked;
            }
            return jdbc.sql("SELECT " + COLUMNS + " FROM api_tokens WHERE id = ?").param(id)
                    .query(JdbcTokenRepository::token).optional();
        });
    }

    @Override
    public void recordUse(Map<String, Instant> lastUsed) {
        List<Object[]> rows = new ArrayList<>(lastUsed.size());
        lastUsed.forEach((id, at) -> rows.add(new Object[] {time(at), id}));
        template.batchUpdate("UPDATE api_tokens SET last_used_at = GREATEST(last_used_at, ?) WHERE id = ?", rows);
    }

    @Override
    public long changeStamp() {
        return AuthStamp.read(jdbc);
    }

    @Override
    public byte[] sharedHashKey(byte[] candidate) {
        jdbc.sql("INSERT INTO auth_keys (name, key) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                .params(HASH_KEY, candidate).update();
        return jdbc.sql("SELECT key FROM auth_keys WHERE name = ?").param(HASH_KEY).query(byte[].class).single();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static ApiToken token(ResultSet rs, int row) throws SQLException {
        Set<Scope> scopes = new LinkedHashSet<>();
        for (String scope : (String[]) rs.getArray("scopes").getArray()) {
            scopes.add(Scope.of(scope));
        }
        return new ApiToken(rs.getString("id"), rs.getString("owner"), TokenKind.of(rs.getString("kind")), scopes,
                Arrays.asList((String[]) rs.getArray("groups").getArray()), rs.getString("created_by"),
                instant(rs, "created_at"), instant(rs, "expires_at"), rs.getString("revoked_by"),
                instant(rs, "revoked_at"), instant(rs, "last_used_at"));
    }
}
