package dev.modvault.auth.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.protocol.GoProxy;
import dev.modvault.core.protocol.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;

class AccessControlledGoProxyTest {

    /** Answers everything and remembers what it was asked. */
    static final class Recording implements GoProxy {
        final List<String> calls = new ArrayList<>();

        private Content answer(String call) {
            calls.add(call);
            return Content.of(new byte[] {'o', 'k'}, MediaTypes.TEXT, Content.Freshness.SHORT, true);
        }

        @Override
        public Content list(ModulePath module) {
            return answer("list " + module);
        }

        @Override
        public Content latest(ModulePath module) {
            return answer("latest " + module);
        }

        @Override
        public Content info(ModulePath module, String query) {
            return answer("info " + module);
        }

        @Override
        public Content mod(ModulePath module, Version version) {
            return answer("mod " + module);
        }

        @Override
        public Content zip(ModulePath module, Version version) {
            return answer("zip " + module);
        }
    }

    private final Recording delegate = new Recording();
    private final AccessControlledGoProxy proxy = new AccessControlledGoProxy(delegate, ModuleAccessTest.ACCESS);
    private static final ModulePath TEAM_A = ModulePath.of("corp.example.com/team-a/lib");
    private static final Version V1 = Version.of("v1.0.0");

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private static void as(Caller caller) {
        SecurityContextHolder.getContext().setAuthentication(caller);
    }

    @Test
    void aCallerWithoutAccessGets404OnEveryEndpointAndNothingIsAsked() {
        as(ModuleAccessTest.reader("bob", "team-b"));

        assertThatThrownBy(() -> proxy.list(TEAM_A)).isInstanceOf(NotFoundException.class)
                .hasMessage("not found: corp.example.com/team-a/lib: unknown module, or one that bob may not read");
        assertThatThrownBy(() -> proxy.latest(TEAM_A)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> proxy.info(TEAM_A, "master")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> proxy.mod(TEAM_A, V1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> proxy.zip(TEAM_A, V1)).isInstanceOf(NotFoundException.class);
        assertThat(delegate.calls).isEmpty();
    }

    @Test
    void anonymousCallersAreToldToSendACredential() {
        assertThatThrownBy(() -> proxy.info(TEAM_A, "v1.0.0")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no credential was sent");
        assertThat(proxy.zip(ModulePath.of("github.com/x/y"), V1).size()).as("public").isEqualTo(2);
        assertThat(delegate.calls).containsExactly("zip github.com/x/y");
    }

    @Test
    void aCallerWithAccessIsServed() {
        as(ModuleAccessTest.reader("alice", "team-a"));

        proxy.list(TEAM_A);
        proxy.latest(TEAM_A);
        proxy.info(TEAM_A, "v1.0.0");
        proxy.mod(TEAM_A, V1);
        proxy.zip(TEAM_A, V1);

        assertThat(delegate.calls).hasSize(5).allMatch(c -> c.endsWith(TEAM_A.value()));
    }
}
