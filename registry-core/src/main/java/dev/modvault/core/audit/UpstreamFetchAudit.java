package dev.modvault.core.audit;

import dev.modvault.core.module.PathEscaping;
import dev.modvault.core.upstream.ObservedUpstreamClient;
import java.time.Clock;

/** Records every upstream fetch in the audit log as actor "system", with module, version and artifact. */
public final class UpstreamFetchAudit implements ObservedUpstreamClient.Listener {

    private final AuditSink audit;
    private final Clock clock;

    public UpstreamFetchAudit(AuditSink audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void fetched(ObservedUpstreamClient.Fetch fetch) {
        String[] parts = split(fetch.path());
        audit.record(new AuditEvent(clock.instant(), AuditAction.UPSTREAM_FETCH, "system", null, null,
                parts[0], parts[1], parts[2], fetch.status(), fetch.bytes(), false, fetch.nanos() / 1_000_000,
                "{\"upstream\":\"" + fetch.chain() + "\",\"outcome\":\"" + fetch.outcome().name().toLowerCase() + "\"}"));
    }

    /** module, version, artifact of a GOPROXY path; the escaped form where unescaping fails. */
    static String[] split(String path) {
        int at = path.indexOf("/@");
        if (at < 0) {
            return new String[] {null, null, null};
        }
        String module = unescapePath(path.substring(0, at));
        String rest = path.substring(at + 1);
        if (rest.equals("@latest")) {
            return new String[] {module, null, "latest"};
        }
        if (rest.equals("@v/list")) {
            return new String[] {module, null, "list"};
        }
        String file = rest.startsWith("@v/") ? rest.substring(3) : rest;
        int dot = file.lastIndexOf('.');
        if (dot <= 0) {
            return new String[] {module, null, null};
        }
        String version;
        try {
            version = PathEscaping.unescapeVersion(file.substring(0, dot));
        } catch (RuntimeException e) {
            version = file.substring(0, dot);
        }
        return new String[] {module, version, file.substring(dot + 1)};
    }

    private static String unescapePath(String escaped) {
        try {
            return PathEscaping.unescapePath(escaped);
        } catch (RuntimeException e) {
            return escaped;
        }
    }
}
