package dev.modvault.persistence;

import static dev.modvault.persistence.AuditEvents.event;
import static dev.modvault.persistence.AuditEvents.hit;
import static dev.modvault.persistence.AuditEvents.miss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which events of a batch become one row: repeated cache-hit downloads, with their count; nothing else. */
class AuditCoalescingTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void repeatedCacheHitsBecomeOneRowWithCountSumOfBytesLongestDurationAndFirstAndLastTime() {
        List<AuditEvent> events = List.of(
                hit(T0.plusMillis(5), "10.0.0.1", "v1.0.0", 100, 3),
                miss(T0.plusMillis(6)),
                hit(T0.plusMillis(1), "10.0.0.1", "v1.0.0", 100, 9),   // earlier than the first seen
                hit(T0.plusMillis(7), "10.0.0.2", "v1.0.0", 100, 1),   // another client
                hit(T0.plusMillis(8), "10.0.0.1", "v1.0.1", 100, 1),   // another version
                hit(T0.plusMillis(30), "10.0.0.1", "v1.0.0", 50, 2),
                event(T0.plusMillis(9), AuditAction.POLICY_DENIAL, "ci-bot", "example.com/m"),
                event(T0.plusMillis(10), AuditAction.POLICY_DENIAL, "ci-bot", "example.com/m"));

        List<AuditCopySink.Row> rows = AuditCopySink.coalesce(events);

        assertThat(rows).hasSize(6);
        AuditCopySink.Row repeated = rows.getFirst();
        assertThat(repeated.occurrences()).isEqualTo(3);
        assertThat(repeated.event().time()).isEqualTo(T0.plusMillis(1));
        assertThat(repeated.last()).isEqualTo(T0.plusMillis(30));
        assertThat(repeated.event().bytes()).isEqualTo(250);
        assertThat(repeated.event().durationMillis()).isEqualTo(9);
        assertThat(rows.subList(1, 6)).allSatisfy(row -> {
            assertThat(row.occurrences()).isEqualTo(1);
            assertThat(row.last()).isNull();
        });
        // misses, denials and the other client's or version's hits keep their own rows, in order
        assertThat(rows.subList(1, 6)).extracting(AuditCopySink.Row::event)
                .containsExactly(events.get(1), events.get(3), events.get(4), events.get(6), events.get(7));
    }

    @Test
    void hitsOnEitherSideOfMidnightUtcStayInTheirOwnDaysPartition() {
        Instant midnight = Instant.parse("2026-11-26T00:00:00Z");
        List<AuditCopySink.Row> rows = AuditCopySink.coalesce(List.of(
                hit(midnight.minusMillis(2), "10.0.0.1", "v1.0.0", 1, 1),
                hit(midnight.minusMillis(1), "10.0.0.1", "v1.0.0", 1, 1),
                hit(midnight, "10.0.0.1", "v1.0.0", 1, 1)));

        assertThat(rows).extracting(AuditCopySink.Row::occurrences).containsExactly(2, 1);
    }
}
