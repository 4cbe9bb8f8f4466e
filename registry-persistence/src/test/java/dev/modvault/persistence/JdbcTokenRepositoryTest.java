package dev.modvault.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.auth.access.AccessRule;
import dev.modvault.auth.access.AccessRuleRequest;
import dev.modvault.auth.token.ApiToken;
import dev.modvault.auth.token.NewToken;
import dev.modvault.auth.token.Scope;
import dev.modvault.auth.token.TokenKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens, access rules, the shared change stamp and hash key in PostgreSQL. */
class JdbcTokenRepositoryTest {

    private static TestDatabase db;
    private static JdbcTokenRepository tokens;
    private static JdbcAccessRuleRepository rules;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
        tokens = new JdbcTokenRepository(db.dataSource);
        rules = new JdbcAccessRuleRepository(db.dataSource);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    private static NewToken token(String id, Instant expiresAt) {
        return new NewToken(id, "alice", TokenKind.USER, Set.of(Scope.READ, Scope.ADMIN), List.of("team-a", "ops"),
                expiresAt, "admin", new byte[] {1, 2, 3});
    }

    @Test
    void tokensAreStoredListedAndRevokedOnceEachChangeMovingTheStamp() {
        long before = tokens.changeStamp();
        Instant expires = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
        ApiToken created = tokens.create(token("00000000000000a1", expires));

        assertThat(created.owner()).isEqualTo("alice");
        assertThat(created.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.ADMIN);
        assertThat(created.groups()).containsExactly("team-a", "ops");
        assertThat(created.expiresAt()).isEqualTo(expires);
        assertThat(created.createdAt()).isNotNull();
        assertThat(created.revoked()).isFalse();
        assertThat(tokens.changeStamp()).isEqualTo(before + 1);
        assertThat(tokens.loadAll()).filteredOn(t -> t.token().id().equals("00000000000000a1")).singleElement()
                .satisfies(t -> assertThat(t.secretHash()).containsExactly(1, 2, 3));

        ApiToken revoked = tokens.revoke("00000000000000a1", "bob").orElseThrow();
        assertThat(revoked.revokedBy()).isEqualTo("bob");
        assertThat(revoked.revokedAt()).isNotNull();
        assertThat(tokens.changeStamp()).isEqualTo(before + 2);
        ApiToken again = tokens.revoke("00000000000000a1", "carol").orElseThrow();
        assertThat(again.revokedBy()).as("revoked once").isEqualTo("bob");
        assertThat(tokens.changeStamp()).isEqualTo(before + 2);
        assertThat(tokens.revoke("00000000000000ff", "bob")).isEmpty();
        assertThat(tokens.findAll()).extracting(ApiToken::id).contains("00000000000000a1");
    }

    @Test
    void lastUseOnlyMovesForwardAndLeavesTheStampAlone() {
        tokens.create(token("00000000000000b1", null));
        long stamp = tokens.changeStamp();
        Instant later = Instant.parse("2030-01-01T00:00:00Z");

        tokens.recordUse(Map.of("00000000000000b1", later, "00000000000000ff", later));
        tokens.recordUse(Map.of("00000000000000b1", later.minusSeconds(60)));

        assertThat(tokens.findAll()).filteredOn(t -> t.id().equals("00000000000000b1")).singleElement()
                .extracting(ApiToken::lastUsedAt).isEqualTo(later);
        assertThat(tokens.changeStamp()).isEqualTo(stamp);
    }

    @Test
    void theSharedHashKeyIsCreatedOnceAndKept() {
        byte[] first = tokens.sharedHashKey(new byte[32]);
        byte[] other = new byte[32];
        other[0] = 7;

        assertThat(tokens.sharedHashKey(other)).isEqualTo(first);
    }

    @Test
    void accessRulesChangeAndMoveTheSharedStamp() {
        long before = tokens.changeStamp();
        AccessRule rule = rules.create(new AccessRuleRequest("team-a", "corp.example.com/a"), "admin");
        AccessRule updated = rules.update(rule.id(), new AccessRuleRequest("team-b", "corp.example.com/b"), "bob")
                .orElseThrow();

        assertThat(updated.group()).isEqualTo("team-b");
        assertThat(updated.updatedBy()).isEqualTo("bob");
        assertThat(updated.createdBy()).isEqualTo("admin");
        assertThat(rules.find(rule.id())).contains(updated);
        assertThat(rules.findAll()).contains(updated);
        assertThat(rules.delete(rule.id())).contains(updated);
        assertThat(rules.delete(rule.id())).isEmpty();
        assertThat(rules.update(rule.id(), new AccessRuleRequest("x", "y.example"), "bob")).isEmpty();
        assertThat(tokens.changeStamp()).isEqualTo(before + 3);
    }
}
