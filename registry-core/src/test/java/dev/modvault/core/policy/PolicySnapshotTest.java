package dev.modvault.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySnapshotTest {

    private final List<PolicyRule> rules = new ArrayList<>();

    private PolicyRule rule(RuleKind kind, String pattern, String constraint, String reason) {
        PolicyRule rule = new PolicyRule(rules.size() + 1, kind, pattern, constraint, reason, "test",
                Instant.EPOCH, Instant.EPOCH, 1);
        rules.add(rule);
        return rule;
    }

    @Test
    void denyWithoutConstraintRefusesTheWholeModuleNamingRuleAndReason() {
        PolicyRule deny = rule(RuleKind.DENY, "evil.example/*", null, "malware, see SEC-1");
        PolicySnapshot policy = new PolicySnapshot(rules, false);

        Decision decision = policy.checkModule("evil.example/lib/sub");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo(deny);
        assertThat(decision.message()).contains("rule 1").contains("malware, see SEC-1").contains("evil.example/lib/sub");
        assertThat(policy.checkModule("good.example/lib").allowed()).isTrue();
    }

    @Test
    void denyWithConstraintRefusesOnlyVersionsInItsRange() {
        rule(RuleKind.DENY, "golang.org/x/crypto", "<v0.17.0", "CVE-2023-48795");
        PolicySnapshot policy = new PolicySnapshot(rules, false);

        assertThat(policy.checkModule("golang.org/x/crypto").allowed()).isTrue();
        assertThat(policy.hasVersionRules("golang.org/x/crypto")).isTrue();
        assertThat(policy.hasVersionRules("golang.org/x/net")).isFalse();
        assertThat(policy.check("golang.org/x/crypto", "v0.16.0").allowed()).isFalse();
        assertThat(policy.check("golang.org/x/crypto", "v0.17.0").allowed()).isTrue();
        assertThat(policy.check("golang.org/x/crypto", "v0.16.0").message()).contains("<v0.17.0").contains("CVE-2023-48795");
    }

    @Test
    void privateImpliesNoSumDbAndNoSumDbAloneIsNotPrivate() {
        rule(RuleKind.PRIVATE, "corp.example.com", null, "ours");
        rule(RuleKind.NOSUMDB, "partner.example.com/*", null, "not in the public sumdb");
        PolicySnapshot policy = new PolicySnapshot(rules, false);

        assertThat(policy.isPrivate("corp.example.com/team/lib")).isTrue();
        assertThat(policy.isNoSumDb("corp.example.com/team/lib")).isTrue();
        assertThat(policy.isPrivate("partner.example.com/x")).isFalse();
        assertThat(policy.isNoSumDb("partner.example.com/x")).isTrue();
        assertThat(policy.isNoSumDb("github.com/x/y")).isFalse();
    }

    @Test
    void allowListModeServesOnlyAllowedAndPrivateModules() {
        rule(RuleKind.ALLOW, "golang.org/x", null, "vetted");
        rule(RuleKind.ALLOW, "github.com/pkg/errors", ">=v0.9.0", "vetted from v0.9.0");
        rule(RuleKind.PRIVATE, "corp.example.com", null, "ours");
        PolicySnapshot policy = new PolicySnapshot(rules, true);

        assertThat(policy.checkModule("golang.org/x/net").allowed()).isTrue();
        assertThat(policy.checkModule("corp.example.com/a").allowed()).isTrue();
        Decision refused = policy.checkModule("github.com/evil/lib");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.message()).contains("allow list");
        assertThat(policy.check("github.com/pkg/errors", "v0.8.1").allowed()).isFalse();
        assertThat(policy.check("github.com/pkg/errors", "v0.9.1").allowed()).isTrue();
    }

    @Test
    void allowRulesDoNothingWhenAllowListModeIsOff() {
        rule(RuleKind.ALLOW, "golang.org/x", null, "vetted");
        PolicySnapshot policy = new PolicySnapshot(rules, false);

        assertThat(policy.checkModule("github.com/any/thing").allowed()).isTrue();
    }

    @Test
    void validationNamesTheFieldAndWhy() {
        assertThatThrownBy(() -> PolicyValidation.validate(new RuleDefinition(RuleKind.DENY, "a/[", null, "r")))
                .isInstanceOfSatisfying(PolicyValidation.InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("pattern"));
        assertThatThrownBy(() -> PolicyValidation.validate(new RuleDefinition(RuleKind.DENY, "a.example", "<1.0", "r")))
                .isInstanceOfSatisfying(PolicyValidation.InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("versionConstraint"));
        assertThatThrownBy(() -> PolicyValidation.validate(new RuleDefinition(RuleKind.PRIVATE, "a.example", "<v1.0.0", "r")))
                .hasMessageContaining("only DENY and ALLOW");
        assertThatThrownBy(() -> PolicyValidation.validate(new RuleDefinition(RuleKind.DENY, "a.example", null, " ")))
                .isInstanceOfSatisfying(PolicyValidation.InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> PolicyValidation.validate(new RuleDefinition(null, "a.example", null, "r")))
                .isInstanceOfSatisfying(PolicyValidation.InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("kind"));
        assertThat(PolicyValidation.validate(new RuleDefinition(RuleKind.DENY, " a.example/* ", " <v1.0.0 ", " why ")))
                .isEqualTo(new RuleDefinition(RuleKind.DENY, "a.example/*", "<v1.0.0", "why"));
    }
}
