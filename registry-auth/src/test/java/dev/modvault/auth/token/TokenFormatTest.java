package dev.modvault.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenFormatTest {

    @Test
    void generatedTokensHaveTheDocumentedShapeAndAreUnique() {
        String a = TokenFormat.generate();
        String b = TokenFormat.generate();

        assertThat(a).matches("mvt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}").isNotEqualTo(b);
        assertThat(TokenFormat.id(a)).contains(a.substring(4, 20));
        assertThat(TokenFormat.id(b)).isNotEqualTo(TokenFormat.id(a));
    }

    @Test
    void onlyWellFormedTokensYieldAnId() {
        String good = TokenFormat.generate();

        assertThat(TokenFormat.id(null)).isEmpty();
        assertThat(TokenFormat.id(good.substring(0, 63))).as("short").isEmpty();
        assertThat(TokenFormat.id(good + "x")).as("long").isEmpty();
        assertThat(TokenFormat.id("xvt_" + good.substring(4))).as("prefix").isEmpty();
        assertThat(TokenFormat.id("mvt_ABCDEF0123456789" + good.substring(20))).as("upper-case id").isEmpty();
        assertThat(TokenFormat.id(good.substring(0, 20) + "-" + good.substring(21))).as("separator").isEmpty();
        assertThat(TokenFormat.id(good.substring(0, 63) + "=")).as("padding").isEmpty();
        assertThat(TokenFormat.looksLikeToken("mvt_x")).isTrue();
        assertThat(TokenFormat.looksLikeToken("hunter2")).isFalse();
    }
}
