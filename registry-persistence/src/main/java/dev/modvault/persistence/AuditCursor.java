package dev.modvault.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The position after the last entry of an audit page: its (time, id), the keyset of the newest-first order. Encoded
 * as URL-safe base64 of {@code "<epoch microseconds>:<id>"}, opaque to clients.
 */
record AuditCursor(Instant time, long id) {

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException if the text is not a cursor this class made */
    static AuditCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int colon = text.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("malformed cursor");
            }
            long micros = Long.parseLong(text.substring(0, colon));
            long id = Long.parseLong(text.substring(colon + 1));
            return new AuditCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("malformed cursor", e);
        }
    }
}
