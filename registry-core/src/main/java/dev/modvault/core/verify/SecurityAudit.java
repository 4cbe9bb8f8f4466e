package dev.modvault.core.verify;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditSink;
import java.time.Clock;
import java.util.Map;

/** Records {@link AuditAction#SECURITY} events of Modvault's own checks (actor "system"), details as flat JSON. */
final class SecurityAudit {

    private final AuditSink sink;
    private final Clock clock;

    SecurityAudit(AuditSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * @param event   short kind, e.g. {@code checksum-mismatch}, {@code sumdb-fork}, {@code stored-artifact-damaged}
     * @param details further string fields (insertion order kept)
     */
    void record(String module, String version, String artifact, String event, Map<String, String> details) {
        StringBuilder json = new StringBuilder("{\"event\":").append(quote(event));
        details.forEach((k, v) -> json.append(',').append(quote(k)).append(':').append(v == null ? "null" : quote(v)));
        json.append('}');
        sink.record(new AuditEvent(clock.instant(), AuditAction.SECURITY, "system", null, null, module, version,
                artifact, 502, null, null, null, json.toString()));
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
