package dev.modvault.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenHasherTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void theHashIsKeyedAndMatchesOnlyTheSameToken() {
        TokenHasher hasher = new TokenHasher(key(1));
        String token = TokenFormat.generate();
        byte[] hash = hasher.hash(token);

        assertThat(hash).hasSize(32).isEqualTo(hasher.hash(token));
        assertThat(hasher.matches(token, hash)).isTrue();
        assertThat(hasher.matches(TokenFormat.generate(), hash)).isFalse();
        assertThat(new TokenHasher(key(2)).hash(token)).as("another key").isNotEqualTo(hash);
        assertThat(new TokenHasher(key(2)).matches(token, hash)).isFalse();
    }

    @Test
    void concurrentUseGivesTheSameHashes() throws Exception {
        TokenHasher hasher = new TokenHasher(key(3));
        String token = TokenFormat.generate();
        byte[] expected = hasher.hash(token);
        Thread[] threads = new Thread[4];
        boolean[] ok = new boolean[threads.length];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = Thread.ofPlatform().start(() -> {
                boolean all = true;
                for (int j = 0; j < 2000; j++) {
                    all &= hasher.matches(token, expected);
                }
                ok[n] = all;
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ok).containsOnly(true);
    }

    @Test
    void refusesShortKeys() {
        assertThatThrownBy(() -> new TokenHasher(new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new TokenHasher(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
