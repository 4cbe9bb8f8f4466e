package dev.modvault.auth;

import dev.modvault.auth.access.Caller;
import dev.modvault.auth.token.TokenFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * Turns an {@code Authorization} header into a {@link Caller}, or refuses it with a message the client can act on.
 * Accepted: {@code Basic base64(login:token)} as .netrc, GOAUTH and credentials in the GOPROXY URL send it (the
 * login is not checked: the token names its owner), and {@code Bearer <token>}. The token is a Modvault API token
 * ({@code mvt_...}), the bootstrap admin token, or, as a bearer, an OIDC JWT when OIDC is configured.
 */
final class Authenticator {

    static final String BOOTSTRAP_PRINCIPAL = "bootstrap-admin";

    private final TokenAuthenticator tokens;
    private final OidcAuthenticator oidc;
    private final byte[] bootstrapToken;

    /** @param oidc null when OIDC is not configured; @param bootstrapToken null or blank: none */
    Authenticator(TokenAuthenticator tokens, OidcAuthenticator oidc, String bootstrapToken) {
        this.tokens = tokens;
        this.oidc = oidc;
        this.bootstrapToken = bootstrapToken == null || bootstrapToken.isBlank()
                ? null : bootstrapToken.getBytes(StandardCharsets.UTF_8);
    }

    Caller authenticate(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String credentials = space < 0 ? "" : value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Basic")) {
            return secret(basicPassword(credentials), false);
        }
        if (scheme.equalsIgnoreCase("Bearer")) {
            if (credentials.isEmpty()) {
                throw new BadCredentialsException("malformed Bearer credentials: no token");
            }
            return secret(credentials, true);
        }
        throw new BadCredentialsException("unsupported authorization scheme \"" + truncate(scheme)
                + "\": use Basic (login and token) or Bearer (token)");
    }

    private Caller secret(String secret, boolean bearer) {
        if (TokenFormat.looksLikeToken(secret)) {
            return tokens.authenticate(secret);
        }
        if (bootstrapToken != null
                && MessageDigest.isEqual(bootstrapToken, secret.getBytes(StandardCharsets.UTF_8))) {
            return new Caller(BOOTSTRAP_PRINCIPAL, Caller.Method.BOOTSTRAP, null, Set.of(), true, true);
        }
        if (bearer && OidcAuthenticator.looksLikeJwt(secret)) {
            if (oidc == null) {
                throw new BadCredentialsException("OIDC tokens are not accepted: modvault.auth.oidc is not configured");
            }
            return oidc.authenticate(secret);
        }
        throw new BadCredentialsException("invalid credentials");
    }

    private static String basicPassword(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadCredentialsException("malformed Basic credentials: not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || colon == decoded.length() - 1) {
            throw new BadCredentialsException("malformed Basic credentials: send login:token (the token as password)");
        }
        return decoded.substring(colon + 1);
    }

    private static String truncate(String s) {
        String printable = s.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() <= 20 ? printable : printable.substring(0, 20) + "...";
    }
}
