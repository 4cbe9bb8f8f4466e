package dev.modvault.auth;

import dev.modvault.auth.access.Caller;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Accepts OIDC access or ID tokens (JWTs) from the company's identity provider, with Spring Security's resource
 * server decoder: RS256 signature against the provider's JWK set (fetched and cached by the decoder), expiry and
 * not-before (60 s leeway), issuer and audience when configured. The subject becomes the caller's name, the group
 * claim its groups; members of the admin group get the admin scope, everyone else read.
 */
final class OidcAuthenticator {

    private final JwtDecoder decoder;
    private final String groupsClaim;
    private final String adminGroup;

    OidcAuthenticator(AuthProperties.Oidc oidc) {
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator());
        if (oidc.issuer() != null && !oidc.issuer().isBlank()) {
            validators.add(new JwtIssuerValidator(oidc.issuer()));
        }
        if (oidc.audience() != null && !oidc.audience().isBlank()) {
            validators.add(new JwtAudienceValidator(oidc.audience()));
        }
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        this.decoder = nimbus;
        this.groupsClaim = oidc.groupsClaim();
        this.adminGroup = oidc.adminGroup() == null || oidc.adminGroup().isBlank() ? null : oidc.adminGroup();
    }

    /** Whether a bearer value has the shape of a JWT (three dot-separated parts) rather than a Modvault token. */
    static boolean looksLikeJwt(String value) {
        int first = value.indexOf('.');
        int second = value.indexOf('.', first + 1);
        // the signature part may be empty (alg none): the decoder refuses those with a precise reason
        return first > 0 && second > first + 1 && value.indexOf('.', second + 1) < 0;
    }

    Caller authenticate(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (BadJwtException e) {
            throw new BadCredentialsException("invalid OIDC token: " + e.getMessage(), e);
        } catch (JwtException e) {
            throw new AuthenticationServiceException("cannot verify the OIDC token now: " + e.getMessage(), e);
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new BadCredentialsException("invalid OIDC token: no subject");
        }
        Set<String> groups = groups(jwt.getClaims().get(groupsClaim));
        return new Caller(subject, Caller.Method.OIDC, null, groups, true,
                adminGroup != null && groups.contains(adminGroup));
    }

    private static Set<String> groups(Object claim) {
        Set<String> groups = new HashSet<>();
        if (claim instanceof Iterable<?> values) {
            values.forEach(v -> groups.add(String.valueOf(v)));
        } else if (claim instanceof String value) {
            groups.addAll(Arrays.asList(value.trim().split("\\s+")));
        }
        groups.remove("");
        return groups;
    }
}
