package dev.modvault.web.auth;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import dev.modvault.web.TestCertificate;
import dev.modvault.web.auth.AuthClient.Token;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the auth end-to-end tests share (a Modvault start costs tens of seconds on a busy machine): two replicas on
 * one PostgreSQL and the tokens and rules they are set up with.
 *
 * <ul>
 *   <li>Replica A: HTTPS with a self-signed certificate, anonymous reading off (the Helm chart's default), OIDC
 *       from a {@link TestIdentityProvider}, a failure budget large enough for the table test. Its embedded
 *       PostgreSQL listens on a known port.</li>
 *   <li>Replica B: plain HTTP on A's database, anonymous reading on (the embedded default), 3 failures a minute.</li>
 * </ul>
 *
 * PRIVATE rule {@code corp.example.com}; group team-a reads {@code corp.example.com/team-a}, team-b
 * {@code corp.example.com/team-b}. Tokens: alice (read, team-a), bob (read, team-b), ci (service, admin), carol
 * (read, team-a, revoked), dave (read, team-a, expires seconds after the start).
 */
final class AuthServers implements AutoCloseable {

    static final FixtureModule PUBLIC = FixtureModule.builder("public.example/lib", "v1.0.0")
            .file("lib.go", "package lib\n").build();
    static final FixtureModule TEAM_A = FixtureModule.builder("corp.example.com/team-a/lib", "v1.0.0")
            .file("lib.go", "package lib\n\nfunc A() string { return \"a\" }\n").build();
    static final FixtureModule TEAM_B = FixtureModule.builder("corp.example.com/team-b/lib", "v1.0.0")
            .file("lib.go", "package lib\n\nfunc B() string { return \"b\" }\n").build();

    final StaticGoProxy publicUpstream;
    final StaticGoProxy privateUpstream;
    final TestCertificate certificate;
    final TestIdentityProvider idp;
    final int postgresPort;
    final ModvaultServer replicaA;
    final ModvaultServer replicaB;
    /** HTTPS client of replica A. */
    final AuthClient a;
    /** HTTP client of replica B. */
    final AuthClient b;
    final Token alice;
    final Token bob;
    final Token ci;
    final Token carol;
    final Token dave;
    final Instant daveExpires;

    AuthServers(Path dir) throws Exception {
        publicUpstream = StaticGoProxy.start(PUBLIC);
        privateUpstream = StaticGoProxy.start(TEAM_A, TEAM_B);
        certificate = TestCertificate.create(dir);
        idp = TestIdentityProvider.start();
        try (ServerSocket socket = new ServerSocket(0)) {
            postgresPort = socket.getLocalPort();
        }
        Map<String, String> common = Map.of("modvault.private.proxies", privateUpstream.uri().toString());
        Map<String, String> propertiesA = new HashMap<>(common);
        propertiesA.putAll(certificate.serverProperties());
        propertiesA.putAll(idp.properties());
        propertiesA.put("modvault.auth.anonymous-read", "false");
        propertiesA.put("modvault.auth.failures-per-minute", "100000");
        propertiesA.put("modvault.postgres.port", Integer.toString(postgresPort));
        // last-used times are written only when the token list is read: the test can see that uses are batched
        propertiesA.put("modvault.auth.last-used-flush-interval", "10m");
        replicaA = ModvaultServer.start(Files.createDirectory(dir.resolve("a")), publicUpstream.uri(), propertiesA);
        a = new AuthClient(replicaA.uri(), certificate.clientContext());

        Map<String, String> propertiesB = new HashMap<>(common);
        propertiesB.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres");
        propertiesB.put("spring.datasource.username", "postgres");
        propertiesB.put("spring.datasource.password", "");
        propertiesB.put("modvault.auth.failures-per-minute", "3");
        replicaB = ModvaultServer.start(Files.createDirectory(dir.resolve("b")), publicUpstream.uri(), propertiesB);
        b = new AuthClient(replicaB.uri(), null);

        a.createPolicyRule("PRIVATE", "corp.example.com");
        a.createAccessRule("team-a", "corp.example.com/team-a");
        a.createAccessRule("team-b", "corp.example.com/team-b");
        alice = a.createToken("alice", "user", List.of("read"), List.of("team-a"), null);
        bob = a.createToken("bob", "user", List.of("read"), List.of("team-b"), null);
        ci = a.createToken("ci", "service", List.of("admin"), List.of(), null);
        carol = a.createToken("carol", "user", List.of("read"), List.of("team-a"), null);
        a.revoke(carol);
        daveExpires = Instant.now().plusSeconds(3);
        dave = a.createToken("dave", "user", List.of("read"), List.of("team-a"), daveExpires);
    }

    /** The HTTPS GOPROXY address of replica A. */
    URI goproxyA() {
        return a.base();
    }

    /** Waits until dave's token has expired. */
    void awaitDaveExpired() throws InterruptedException {
        long wait = Duration.between(Instant.now(), daveExpires).toMillis() + 100;
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    @Override
    public void close() {
        replicaB.close();
        replicaA.close();
        idp.close();
        privateUpstream.close();
        publicUpstream.close();
    }
}
