package dev.modvault.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenRequestTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static TokenRequest request(String owner, Set<Scope> scopes, List<String> groups, Instant expiresAt) {
        return new TokenRequest(owner, TokenKind.USER, scopes, groups, expiresAt);
    }

    @Test
    void aGoodRequestIsNormalised() {
        TokenRequest valid = request("  alice ", Set.of(Scope.READ), List.of("team-a", "team-a", "ops"), null)
                .validate(CLOCK);

        assertThat(valid.owner()).isEqualTo("alice");
        assertThat(valid.groups()).containsExactly("team-a", "ops");
    }

    @Test
    void eachBadFieldIsNamed() {
        assertThatThrownBy(() -> request(" ", Set.of(Scope.READ), null, null).validate(CLOCK))
                .hasMessageStartingWith("owner:");
        assertThatThrownBy(() -> request("a\nb", Set.of(Scope.READ), null, null).validate(CLOCK))
                .hasMessageStartingWith("owner:");
        assertThatThrownBy(() -> new TokenRequest("a", null, Set.of(Scope.READ), null, null).validate(CLOCK))
                .hasMessageStartingWith("kind:");
        assertThatThrownBy(() -> request("a", Set.of(), null, null).validate(CLOCK)).hasMessageStartingWith("scopes:");
        assertThatThrownBy(() -> request("a", Set.of(Scope.READ), List.of("a b"), null).validate(CLOCK))
                .hasMessageStartingWith("groups:");
        assertThatThrownBy(() -> request("a", Set.of(Scope.READ), null, CLOCK.instant()).validate(CLOCK))
                .hasMessageStartingWith("expiresAt:");
    }

    @Test
    void scopesAndKindsParseCaseInsensitivelyAndNameTheAcceptedValues() {
        assertThat(Scope.of("ADMIN")).isEqualTo(Scope.ADMIN);
        assertThat(Scope.READ.value()).isEqualTo("read");
        assertThat(TokenKind.of("Service")).isEqualTo(TokenKind.SERVICE);
        assertThatThrownBy(() -> Scope.of("write")).hasMessageContaining("read or admin");
        assertThatThrownBy(() -> TokenKind.of("robot")).hasMessageContaining("user or service");
    }
}
