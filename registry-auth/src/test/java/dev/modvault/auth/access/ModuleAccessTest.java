package dev.modvault.auth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleAccessTest {

    static AccessRule rule(long id, String group, String pattern) {
        return new AccessRule(id, group, pattern, "admin", Instant.EPOCH, "admin", Instant.EPOCH);
    }

    static Caller reader(String name, String... groups) {
        return new Caller(name, Caller.Method.TOKEN, "0123456789abcdef", Set.of(groups), true, false);
    }

    static final AuthSnapshot SNAPSHOT = new AuthSnapshot(List.of(), List.of(
            rule(1, "team-a", "corp.example.com/team-a"),
            rule(2, "team-a", "corp.example.com/shared/*"),
            rule(3, "team-b", "corp.example.com/team-b"),
            rule(4, "broken", "corp.example.com/[")));

    static final ModuleAccess ACCESS = new ModuleAccess(m -> m.startsWith("corp.example.com/"), () -> SNAPSHOT);

    @Test
    void publicModulesAreVisibleToEveryone() {
        assertThat(ACCESS.visible(null, "github.com/x/y")).isTrue();
        assertThat(ACCESS.visible(reader("bob"), "github.com/x/y")).isTrue();
    }

    @Test
    void aPrivateModuleIsVisibleOnlyToGroupsARuleGrantsItAndToAdmins() {
        assertThat(ACCESS.visible(reader("alice", "team-a"), "corp.example.com/team-a/lib")).isTrue();
        assertThat(ACCESS.visible(reader("alice", "team-a"), "corp.example.com/shared/x/sub")).isTrue();
        assertThat(ACCESS.visible(reader("alice", "team-a"), "corp.example.com/team-b/lib")).isFalse();
        assertThat(ACCESS.visible(reader("alice", "team-a"), "corp.example.com/team-ab")).as("whole elements")
                .isFalse();
        assertThat(ACCESS.visible(reader("carol", "team-b", "team-a"), "corp.example.com/team-a/lib")).isTrue();
        assertThat(ACCESS.visible(reader("dave"), "corp.example.com/team-a/lib")).as("no groups").isFalse();
        assertThat(ACCESS.visible(null, "corp.example.com/team-a/lib")).as("anonymous").isFalse();
        Caller admin = new Caller("root", Caller.Method.BOOTSTRAP, null, Set.of(), true, true);
        assertThat(ACCESS.visible(admin, "corp.example.com/anything")).isTrue();
    }

    @Test
    void aBrokenRuleIsIgnoredWithoutHidingTheOthers() {
        assertThat(SNAPSHOT.grants(Set.of("broken"), "corp.example.com/x")).isFalse();
        assertThat(SNAPSHOT.grants(Set.of("broken", "team-b"), "corp.example.com/team-b")).isTrue();
    }

    @Test
    void callersCarryTheirScopesAsAuthorities() {
        Caller admin = new Caller("root", Caller.Method.BOOTSTRAP, null, Set.of(), false, true);

        assertThat(reader("alice").getAuthorities()).extracting(Object::toString).containsExactly(Caller.READ);
        assertThat(admin.getAuthorities()).extracting(Object::toString).containsExactly(Caller.READ, Caller.ADMIN);
        assertThat(admin.getName()).isEqualTo("root");
        assertThat(admin.isAuthenticated()).isTrue();
    }
}
