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
}
