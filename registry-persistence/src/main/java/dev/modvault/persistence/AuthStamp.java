package dev.modvault.persistence;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The one-row change stamp of tokens and access rules ({@code auth_state}), bumped in each change's transaction. */
final class AuthStamp {

    private AuthStamp() {
    }

    static void bump(JdbcClient jdbc) {
        jdbc.sql("UPDATE auth_state SET stamp = stamp + 1").update();
    }

    static long read(JdbcClient jdbc) {
        return jdbc.sql("SELECT stamp FROM auth_state").query(Long.class).single();
    }
}
