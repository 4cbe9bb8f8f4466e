package dev.modvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys name files inside the store only; the one-pass check agrees with the rule written as a regular expression. */
class StorageKeyTest {

    /** The rule as documented: segments of these characters, none empty, "." or "..". */
    private static final Pattern RULE = Pattern.compile("(?!\\.\\.?(/|$))[A-Za-z0-9._~+!@-]+(/(?!\\.\\.?(/|$))[A-Za-z0-9._~+!@-]+)*");

    @ParameterizedTest
    @ValueSource(strings = {"a", "github.com/!azure/go-sdk_x~y/@v/v1.0.0+incompatible.zip", "...", ".a/..b/a..",
            "m/@v/list", "x/@latest"})
    void validKeys(String key) {
        assertThat(StorageKey.of(key).value()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/a", "a/", "a//b", ".", "..", "a/./b", "a/../b", "../a", "a/..", "a b", "a\\b",
            "a\u0000b", "ü", "a/%2e%2e", "a:b", "a\nb"})
    void invalidKeys(String key) {
        assertThatThrownBy(() -> StorageKey.of(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tooLong() {
        assertThat(StorageKey.of("a".repeat(StorageKey.MAX_LENGTH)).value()).hasSize(StorageKey.MAX_LENGTH);
        assertThatThrownBy(() -> StorageKey.of("a".repeat(StorageKey.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreesWithTheRuleOnRandomKeys() {
        Random random = new Random(42);
        String alphabet = "a./_~+!@-Z9 %";
        int valid = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder key = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String k = key.toString();
            boolean accepted;
            try {
                StorageKey.of(k);
                accepted = true;
            } catch (IllegalArgumentException e) {
                accepted = false;
            }
            assertThat(accepted).as(k).isEqualTo(RULE.matcher(k).matches());
            valid += accepted ? 1 : 0;
        }
        assertThat(valid).as("both outcomes exercised").isBetween(1_000, 199_000);
    }
}
