package dev.modvault.auth.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.auth.token.ApiToken;
import dev.modvault.auth.token.NewToken;
import dev.modvault.auth.token.StoredToken;
import dev.modvault.auth.token.TokenRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthDirectoryTest {

    /** A token store with a change stamp, counting full loads; its stamp read fails while {@code down}. */
    static final class Tokens implements TokenRepository {
        long stamp;
        int loads;
        boolean down;

        @Override
        public long changeStamp() {
            if (down) {
                throw new IllegalStateException("database down");
            }
            return stamp;
        }

        @Override
        public List<StoredToken> loadAll() {
            loads++;
            return List.of();
        }

        @Override
        public ApiToken create(NewToken token) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ApiToken> findAll() {
            return List.of();
        }

        @Override
        public Optional<ApiToken> revoke(String id, String actor) {
            return Optional.empty();
        }

        @Override
        public void recordUse(Map<String, Instant> lastUsed) {
        }

        @Override
        public byte[] sharedHashKey(byte[] candidate) {
            return candidate;
        }
    }

    /** Access rules in a list. */
    static final class Rules implements AccessRuleRepository {
        final List<AccessRule> rules = new ArrayList<>();

        @Override
        public List<AccessRule> findAll() {
            return List.copyOf(rules);
        }

        @Override
        public Optional<AccessRule> find(long id) {
            return Optional.empty();
        }

        @Override
        public AccessRule create(AccessRuleRequest rule, String actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<AccessRule> update(long id, AccessRuleRequest rule, String actor) {
            return Optional.empty();
        }

        @Override
        public Optional<AccessRule> delete(long id) {
            return Optional.empty();
        }
    }

    @Test
    void reloadsOnlyWhenTheStampMovesAndKeepsTheLastSnapshotWhenTheDatabaseIsDown() {
        Tokens tokens = new Tokens();
        Rules rules = new Rules();
        try (AuthDirectory directory = new AuthDirectory(tokens, rules, Duration.ofHours(1))) {
            assertThat(tokens.loads).isEqualTo(1);
            rules.rules.add(ModuleAccessTest.rule(1, "team-a", "corp.example.com/team-a"));
            directory.refresh();
            assertThat(tokens.loads).as("stamp unchanged: no reload").isEqualTo(1);
            assertThat(directory.snapshot().rules()).isEmpty();

            tokens.stamp++;
            directory.refresh();
            assertThat(tokens.loads).isEqualTo(2);
            assertThat(directory.snapshot().grants(List.of("team-a"), "corp.example.com/team-a/x")).isTrue();

            tokens.down = true;
            rules.rules.clear();
            directory.refresh();
            assertThat(directory.snapshot().grants(List.of("team-a"), "corp.example.com/team-a/x"))
                    .as("last snapshot in force").isTrue();
        }
    }

    @Test
    void thePollerPicksUpChangesByItself() throws InterruptedException {
        Tokens tokens = new Tokens();
        try (AuthDirectory directory = new AuthDirectory(tokens, new Rules(), Duration.ofMillis(20))) {
            tokens.stamp = 7;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (tokens.loads < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(tokens.loads).isGreaterThanOrEqualTo(2);
            assertThat(directory.snapshot()).isNotSameAs(AuthSnapshot.EMPTY);
        }
    }
}
