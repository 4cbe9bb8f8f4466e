package dev.modvault.core.audit;

import java.time.Instant;
import java.util.List;

/** Search over the stored audit log (PostgreSQL), newest first, with cursor pagination. */
public interface AuditLog {

    /**
     * @param module  exact module path, or null
     * @param actor   exact actor, or null
     * @param action  the action, or null
     * @param from    inclusive lower bound of the time, or null
     * @param to      exclusive upper bound of the time, or null
     * @param cursor  the {@link Page#nextCursor} of the previous page, or null for the first page
     * @param limit   page size, 1 to 1000
     */
    record Query(String module, String actor, AuditAction action, Instant from, Instant to, String cursor,
                 int limit) {
    }

    /**
     * A stored event with its id. Repeated identical cache-hit downloads may be stored as one entry: {@code count}
     * downloads from the event's time to {@code lastTime}, the event's bytes their sum and its duration the longest.
     *
     * @param count    how many events the entry stands for, at least 1
     * @param lastTime the time of the last of them (the event's own time when there is one)
     */
    record Entry(long id, AuditEvent event, int count, Instant lastTime) {

        /** One event. */
        public Entry(long id, AuditEvent event) {
            this(id, event, 1, event.time());
        }
    }

    /** @param nextCursor opaque; null when there is nothing more */
    record Page(List<Entry> entries, String nextCursor) {
    }

    /** @throws IllegalArgumentException for a malformed cursor or limit */
    Page search(Query query);
}
