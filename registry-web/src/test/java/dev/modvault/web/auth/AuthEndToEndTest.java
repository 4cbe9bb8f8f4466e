package dev.modvault.web.auth;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens, roles and per-module access end to end, on two real Modvault replicas ({@link AuthServers}) started once
 * for all the groups of cases below: the real go command over TLS with .netrc, the authentication table, the token
 * and access-rule admin API, and what crosses replicas.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class AuthEndToEndTest {

    @TempDir
    static Path dir;

    static AuthServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = new AuthServers(dir);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Nested
    @Order(1)
    class TheGoCommand extends GoCommandCases {
    }

    @Nested
    @Order(2)
    class AuthenticationTable extends AuthenticationTableCases {
    }

    @Nested
    @Order(3)
    class TokensAndAccessRules extends AdminApiCases {
    }

    @Nested
    @Order(4)
    class TwoReplicas extends ReplicaCases {
    }
}
