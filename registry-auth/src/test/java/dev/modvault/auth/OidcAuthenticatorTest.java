package dev.modvault.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.modvault.auth.access.Caller;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;

/** OIDC JWTs checked against a JWK set served on loopback, with keys made here. */
class OidcAuthenticatorTest {

    private static RSAKey key;
    private static HttpServer jwks;
    private static OidcAuthenticator oidc;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/keys", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        oidc = new OidcAuthenticator(new AuthProperties.Oidc(
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/keys", "https://idp.example", "modvault",
                "roles", "admins"));
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    private static String jwt(String subject, Object roles) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer("https://idp.example")
                .audience("modvault").expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("roles", roles).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void theSubjectIsTheNameAndTheGroupClaimMayBeAListOrAString() throws Exception {
        Caller listed = oidc.authenticate(jwt("alice", java.util.List.of("team-a", "admins")));
        Caller spaced = oidc.authenticate(jwt("bob", "team-b  team-c"));

        assertThat(listed.getName()).isEqualTo("alice");
        assertThat(listed.method()).isEqualTo(Caller.Method.OIDC);
        assertThat(listed.admin()).isTrue();
        assertThat(spaced.groups()).containsExactlyInAnyOrder("team-b", "team-c");
        assertThat(spaced.admin()).isFalse();
        assertThat(spaced.getAuthorities()).extracting(Object::toString).containsExactly(Caller.READ);
    }

    @Test
    void aTamperedTokenIsRefused() throws Exception {
        String token = jwt("alice", "admins");
        String[] parts = token.split("\\.");
        String otherClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"mallory\",\"iss\":\"https://idp.example\",\"aud\":\"modvault\",\"roles\":\"admins\"}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> oidc.authenticate(parts[0] + "." + otherClaims + "." + parts[2]))
                .isInstanceOf(BadCredentialsException.class).hasMessageContaining("invalid OIDC token");
    }

    @Test
    void anUnreachableIdentityProviderIsAServiceFailureNotBadCredentials() throws Exception {
        OidcAuthenticator unreachable = new OidcAuthenticator(new AuthProperties.Oidc(
                "http://127.0.0.1:9/keys", null, null, "groups", null));

        assertThatThrownBy(() -> unreachable.authenticate(jwt("alice", "x")))
                .isInstanceOf(AuthenticationServiceException.class).hasMessageContaining("cannot verify");
    }

    @Test
    void onlyThreePartValuesLookLikeJwts() {
        assertThat(OidcAuthenticator.looksLikeJwt("a.b.c")).isTrue();
        assertThat(OidcAuthenticator.looksLikeJwt("a.b")).isFalse();
        assertThat(OidcAuthenticator.looksLikeJwt("a..c")).isFalse();
        assertThat(OidcAuthenticator.looksLikeJwt("a.b.c.d")).isFalse();
        assertThat(OidcAuthenticator.looksLikeJwt("a.b.")).as("unsigned: the decoder refuses it").isTrue();
    }
}
