package dev.modvault.persistence;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import java.time.Instant;

/** Test events. */
final class AuditEvents {

    private AuditEvents() {
    }

    static AuditEvent download(Instant time, String actor, String module, String version) {
        return new AuditEvent(time, AuditAction.DOWNLOAD, actor, "10.0.0.7", "Go-http-client/1.1", module, version,
                "zip", 200, 12_345L, true, 3L, null);
    }

    static AuditEvent event(Instant time, AuditAction action, String actor, String module) {
        return new AuditEvent(time, action, actor, "192.0.2.1", "Go-http-client/1.1", module, "v1.0.0", "mod", 200,
                100L, false, 1L, "{\"n\": 1}");
    }

    /** A cache-hit download of example.com/m by ci-bot. */
    static AuditEvent hit(Instant time, String client, String version, long bytes, long millis) {
        return new AuditEvent(time, AuditAction.DOWNLOAD, "ci-bot", client, "Go-http-client/1.1", "example.com/m",
                version, "zip", 200, bytes, true, millis, null);
    }

    /** A cache-miss download of example.com/m v1.0.0 by ci-bot. */
    static AuditEvent miss(Instant time) {
        return new AuditEvent(time, AuditAction.DOWNLOAD, "ci-bot", "10.0.0.1", "Go-http-client/1.1",
                "example.com/m", "v1.0.0", "zip", 200, 10L, false, 40L, null);
    }
}
