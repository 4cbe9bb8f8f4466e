package dev.modvault.auth.token;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a token may do: {@code read} modules (and the catalog), or use the {@code admin} API (which implies read). */
public enum Scope {
    READ,
    ADMIN;

    /** The lower-case name used in the API and the database. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    @JsonCreator
    public static Scope of(String value) {
        for (Scope scope : values()) {
            if (scope.value().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return scope;
            }
        }
        throw new IllegalArgumentException("scopes: \"" + value + "\" is not a scope; use read or admin");
    }
}
