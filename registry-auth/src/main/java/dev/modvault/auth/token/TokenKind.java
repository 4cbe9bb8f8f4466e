package dev.modvault.auth.token;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whom a token stands for: a person ({@code user}) or a machine such as a CI pipeline ({@code service}). */
public enum TokenKind {
    USER,
    SERVICE;

    /** The lower-case name used in the API and the database. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    @JsonCreator
    public static TokenKind of(String value) {
        for (TokenKind kind : values()) {
            if (kind.value().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind: \"" + value + "\" is not a token kind; use user or service");
    }
}
