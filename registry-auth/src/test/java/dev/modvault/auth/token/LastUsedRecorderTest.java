package dev.modvault.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LastUsedRecorderTest {

    /** Records the batches it is given; fails while {@code down}. */
    static final class Batches implements TokenRepository {
        final List<Map<String, Instant>> batches = new ArrayList<>();
        boolean down;

        @Override
        public void recordUse(Map<String, Instant> lastUsed) {
            if (down) {
                throw new IllegalStateException("database down");
            }
            batches.add(Map.copyOf(lastUsed));
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
        public List<StoredToken> loadAll() {
            return List.of();
        }

        @Override
        public Optional<ApiToken> revoke(String id, String actor) {
            return Optional.empty();
        }

        @Override
        public long changeStamp() {
            return 0;
        }

        @Override
        public byte[] sharedHashKey(byte[] candidate) {
            return candidate;
        }
    }

    @Test
    void usesAreWrittenOncePerFlushWithTheLatestTime() {
        Batches repository = new Batches();
        AtomicLong now = new AtomicLong(1_000);
        try (LastUsedRecorder recorder = new LastUsedRecorder(repository, Duration.ofHours(1), now::get)) {
            recorder.used("a");
            now.set(2_000);
            recorder.used("a");
            recorder.used("b");
            assertThat(repository.batches).as("nothing written by the uses themselves").isEmpty();

            recorder.flush();
            recorder.flush();

            assertThat(repository.batches).containsExactly(
                    Map.of("a", Instant.ofEpochMilli(2_000), "b", Instant.ofEpochMilli(2_000)));
            now.set(3_000);
            recorder.used("b");
            recorder.flush();
            assertThat(repository.batches).hasSize(2).last().isEqualTo(Map.of("b", Instant.ofEpochMilli(3_000)));
        }
    }

    @Test
    void timesThatCouldNotBeWrittenAreWrittenByALaterFlush() {
        Batches repository = new Batches();
        try (LastUsedRecorder recorder = new LastUsedRecorder(repository, Duration.ofHours(1), () -> 5_000)) {
            repository.down = true;
            recorder.used("a");
            recorder.flush();
            repository.down = false;
            recorder.flush();

            assertThat(repository.batches).containsExactly(Map.of("a", Instant.ofEpochMilli(5_000)));
        }
    }

    @Test
    void closingFlushes() {
        Batches repository = new Batches();
        LastUsedRecorder recorder = new LastUsedRecorder(repository, Duration.ofHours(1), () -> 7_000);
        recorder.used("a");
        recorder.close();

        assertThat(repository.batches).containsExactly(Map.of("a", Instant.ofEpochMilli(7_000)));
    }
}
