package dev.modvault.web.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the company's OIDC identity provider: an RSA key pair made here, its public JWK set served by a
 * loopback HTTP server, and JWTs signed with it (or, for the negative cases, with another key or none).
 */
final class TestIdentityProvider implements AutoCloseable {

    static final String ISSUER = "https://idp.corp.example.com";
    static final String AUDIENCE = "modvault";
    static final String GROUPS_CLAIM = "groups";
    static final String ADMIN_GROUP = "modvault-admins";

    private final RSAKey key;
    private final RSAKey impostor;
    private final HttpServer server;

    private TestIdentityProvider(RSAKey key, RSAKey impostor, HttpServer server) {
        this.key = key;
        this.impostor = impostor;
        this.server = server;
    }

    static TestIdentityProvider start() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        // same key id, other key: a token it signs must fail the signature check
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("test-key").generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
        return new TestIdentityProvider(key, impostor, server);
    }

    URI jwkSetUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    /** Modvault properties that accept this provider's tokens. */
    Map<String, String> properties() {
        return Map.of(
                "modvault.auth.oidc.jwk-set-uri", jwkSetUri().toString(),
                "modvault.auth.oidc.issuer", ISSUER,
                "modvault.auth.oidc.audience", AUDIENCE,
                "modvault.auth.oidc.groups-claim", GROUPS_CLAIM,
                "modvault.auth.oidc.admin-group", ADMIN_GROUP);
    }

    /** A valid token for {@code subject} in {@code groups}, good for five minutes. */
    String token(String subject, List<String> groups) {
        return sign(key, claims(subject, groups, ISSUER, AUDIENCE, Duration.ofMinutes(5)));
    }

    String token(String subject, List<String> groups, String issuer, String audience, Duration validFor) {
        return sign(key, claims(subject, groups, issuer, audience, validFor));
    }

    /** Signed by a key the JWK set does not hold (under the same key id). */
    String forged(String subject, List<String> groups) {
        return sign(impostor, claims(subject, groups, ISSUER, AUDIENCE, Duration.ofMinutes(5)));
    }

    /** An unsigned token ({@code alg: none}). */
    String unsigned(String subject, List<String> groups) {
        return new PlainJWT(claims(subject, groups, ISSUER, AUDIENCE, Duration.ofMinutes(5))).serialize();
    }

    private static JWTClaimsSet claims(String subject, List<String> groups, String issuer, String audience,
                                       Duration validFor) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.plus(validFor))).claim(GROUPS_CLAIM, groups);
        if (subject != null) {
            claims.subject(subject);
        }
        return claims.build();
    }

    private static String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
