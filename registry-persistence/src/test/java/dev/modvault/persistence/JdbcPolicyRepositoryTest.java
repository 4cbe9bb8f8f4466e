package dev.modvault.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.policy.PolicyRule;
import dev.modvault.core.policy.RuleDefinition;
import dev.modvault.core.policy.RuleKind;
import dev.modvault.core.policy.StaleRevisionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcPolicyRepositoryTest {

    private static TestDatabase db;
    private static JdbcPolicyRepository repository;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.start();
        repository = new JdbcPolicyRepository(db.dataSource);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void empty() {
        db.jdbc.sql("DELETE FROM policy_rules").update();
    }

    private static RuleDefinition deny(String pattern, String constraint) {
        return new RuleDefinition(RuleKind.DENY, pattern, constraint, "CVE-2024-0001");
    }

    @Test
    void createsFindsAndListsRules() {
        PolicyRule a = repository.create(deny("example.com/bad", "<v1.4.2"), "alice");
        PolicyRule b = repository.create(new RuleDefinition(RuleKind.PRIVATE, "corp.example.com/*", null, "internal"),
                "bob");

        assertThat(a.id()).isPositive();
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(a.kind()).isEqualTo(RuleKind.DENY);
        assertThat(a.pattern()).isEqualTo("example.com/bad");
        assertThat(a.versionConstraint()).isEqualTo("<v1.4.2");
        assertThat(a.reason()).isEqualTo("CVE-2024-0001");
        assertThat(a.createdBy()).isEqualTo("alice");
        assertThat(a.revision()).isEqualTo(1);
        assertThat(a.createdAt()).isEqualTo(a.updatedAt()).isNotNull();
        assertThat(b.versionConstraint()).isNull();

        assertThat(repository.find(a.id())).contains(a);
        assertThat(repository.find(b.id() + 1000)).isEmpty();
        assertThat(repository.findAll()).containsExactly(a, b);
    }

    @Test
    void updateNeedsTheCurrentRevision() {
        PolicyRule rule = repository.create(deny("example.com/bad", null), "alice");

        PolicyRule updated = repository.update(rule.id(), 1, deny("example.com/worse", ">=v2.0.0"), "bob")
                .orElseThrow();
        assertThat(updated.revision()).isEqualTo(2);
        assertThat(updated.pattern()).isEqualTo("example.com/worse");
        assertThat(updated.versionConstraint()).isEqualTo(">=v2.0.0");
        assertThat(updated.createdBy()).isEqualTo("alice");
        assertThat(updated.createdAt()).isEqualTo(rule.createdAt());
        assertThat(updated.updatedAt()).isAfterOrEqualTo(rule.updatedAt());

        assertThatThrownBy(() -> repository.update(rule.id(), 1, deny("example.com/other", null), "carol"))
                .isInstanceOfSatisfying(StaleRevisionException.class,
                        e -> assertThat(e.currentRevision()).isEqualTo(2));
        assertThat(repository.find(rule.id())).contains(updated);
        assertThat(repository.update(rule.id() + 1000, 1, deny("x.example.com", null), "bob")).isEmpty();
    }

    @Test
    void deleteNeedsTheCurrentRevision() {
        PolicyRule rule = repository.create(deny("example.com/bad", null), "alice");
        repository.update(rule.id(), 1, deny("example.com/bad", "<v2.0.0"), "alice").orElseThrow();

        assertThatThrownBy(() -> repository.delete(rule.id(), 1))
                .isInstanceOfSatisfying(StaleRevisionException.class,
                        e -> assertThat(e.currentRevision()).isEqualTo(2));
        assertThat(repository.find(rule.id())).isPresent();

        PolicyRule deleted = repository.delete(rule.id(), 2).orElseThrow();
        assertThat(deleted.id()).isEqualTo(rule.id());
        assertThat(deleted.versionConstraint()).isEqualTo("<v2.0.0");
        assertThat(repository.find(rule.id())).isEmpty();
        assertThat(repository.delete(rule.id(), 2)).isEmpty();
    }

    @Test
    void changeStampMovesOnEveryChangeAndOnlyThen() {
        long s0 = repository.changeStamp();
        PolicyRule rule = repository.create(deny("example.com/a", null), "alice");
        long s1 = repository.changeStamp();
        assertThat(s1).isNotEqualTo(s0);

        repository.findAll();
        repository.find(rule.id());
        assertThat(repository.changeStamp()).as("reads change nothing").isEqualTo(s1);

        repository.update(rule.id(), 1, deny("example.com/b", null), "alice");
        long s2 = repository.changeStamp();
        assertThat(s2).isNotIn(s0, s1);

        assertThatThrownBy(() -> repository.update(rule.id(), 1, deny("example.com/c", null), "alice"))
                .isInstanceOf(StaleRevisionException.class);
        assertThatThrownBy(() -> repository.delete(rule.id(), 1)).isInstanceOf(StaleRevisionException.class);
        repository.update(rule.id() + 1000, 1, deny("example.com/c", null), "alice");
        assertThat(repository.changeStamp()).as("refused changes change nothing").isEqualTo(s2);

        repository.delete(rule.id(), 2);
        assertThat(repository.changeStamp()).isNotIn(s0, s1, s2);
    }

    @Test
    void ofConcurrentUpdatesAtOneRevisionExactlyOneWins() throws Exception {
        PolicyRule rule = repository.create(deny("example.com/race", null), "alice");
        long before = repository.changeStamp();
        int writers = 6;
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String pattern = "example.com/race" + i;
            tasks.add(() -> {
                start.await();
                try {
                    return repository.update(rule.id(), 1, deny(pattern, null), "w").isPresent();
                } catch (StaleRevisionException e) {
                    assertThat(e.currentRevision()).isEqualTo(2);
                    return false;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            int wins = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                wins += f.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(repository.find(rule.id()).orElseThrow().revision()).isEqualTo(2);
        assertThat(repository.changeStamp()).isEqualTo(before + 1);
    }
}
