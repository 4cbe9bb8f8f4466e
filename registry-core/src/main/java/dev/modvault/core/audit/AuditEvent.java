package dev.modvault.core.audit;

import java.time.Instant;

/**
 * One audit record. Fields that do not apply are null.
 *
 * @param time           when it happened
 * @param action         what happened, see {@link AuditAction}
 * @param actor          who: a user, token or service name; "anonymous" when unauthenticated; "system" for
 *                       Modvault's own work
 * @param clientAddress  the client's IP address
 * @param userAgent      the client's User-Agent
 * @param module         module path
 * @param version        version or query
 * @param artifact       list, latest, info, mod, zip, or the admin resource
 * @param status         HTTP status given
 * @param bytes          bytes sent or fetched
 * @param cacheHit       whether served from cache
 * @param durationMillis how long it took
 * @param details        JSON with anything else (rule, reason, before/after of an admin change, upstream)
 */
public record AuditEvent(Instant time, AuditAction action, String actor, String clientAddress, String userAgent,
                         String module, String version, String artifact, Integer status, Long bytes,
                         Boolean cacheHit, Long durationMillis, String details) {
}
