package dev.modvault.web.admin;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditEvent;
import dev.modvault.core.audit.AuditSink;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Records admin changes in the audit log, with what was there before and after. */
@Component
class AdminAudit {

    private final AuditSink audit;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    AdminAudit(AuditSink audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    void change(HttpServletRequest request, String resource, String operation, String module, String version,
                Object before, Object after) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", operation);
        details.put("before", before);
        details.put("after", after);
        Principal principal = request.getUserPrincipal();
        audit.record(new AuditEvent(clock.instant(), AuditAction.ADMIN_CHANGE,
                principal == null ? "anonymous" : principal.getName(), request.getRemoteAddr(),
                request.getHeader("User-Agent"), module, version, resource, null, null, null, null,
                json.writeValueAsString(details)));
    }
}
