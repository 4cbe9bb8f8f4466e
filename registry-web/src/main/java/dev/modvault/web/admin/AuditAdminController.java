package dev.modvault.web.admin;

import dev.modvault.core.audit.AuditAction;
import dev.modvault.core.audit.AuditLog;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Audit search: by module, actor, action and time range, newest first, with cursor pagination. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditAdminController {

    private final AuditLog log;

    AuditAdminController(AuditLog log) {
        this.log = log;
    }

    @GetMapping
    AuditLog.Page search(@RequestParam(required = false) String module,
                         @RequestParam(required = false) String actor,
                         @RequestParam(required = false) String action,
                         @RequestParam(required = false) String from,
                         @RequestParam(required = false) String to,
                         @RequestParam(required = false) String cursor,
                         @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit: must be between 1 and 1000");
        }
        return log.search(new AuditLog.Query(module, actor, action(action), instant("from", from),
                instant("to", to), cursor, limit));
    }

    private static AuditAction action(String value) {
        if (value == null) {
            return null;
        }
        try {
            return AuditAction.valueOf(value.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("action: one of " + java.util.Arrays.toString(AuditAction.values()));
        }
    }

    private static Instant instant(String name, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": an RFC 3339 time such as 2026-01-31T12:00:00Z");
        }
    }
}
