package dev.modvault.web.admin;

import dev.modvault.auth.token.ApiToken;
import dev.modvault.auth.token.IssuedToken;
import dev.modvault.auth.token.LastUsedRecorder;
import dev.modvault.auth.token.TokenRequest;
import dev.modvault.auth.token.TokenService;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * API tokens: create (the secret is in this one answer and nowhere else), list (never a secret), revoke (in force on
 * every replica within the refresh interval). Changes are audited without the secret.
 */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenAdminController {

    /** The answer to a creation: the stored token and, once, its secret. */
    record Created(ApiToken token, String secret) {
    }

    private final TokenService tokens;
    private final LastUsedRecorder lastUsed;
    private final AdminAudit audit;

    TokenAdminController(TokenService tokens, LastUsedRecorder lastUsed, AdminAudit audit) {
        this.tokens = tokens;
        this.lastUsed = lastUsed;
        this.audit = audit;
    }

    @PostMapping
    ResponseEntity<Created> create(@RequestBody TokenRequest body, Principal principal, HttpServletRequest request) {
        IssuedToken issued = tokens.create(body, principal.getName());
        audit.change(request, "api-token", "create", null, null, null, issued.token());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.token().id()))
                .cacheControl(CacheControl.noStore()).body(new Created(issued.token(), issued.secret()));
    }

    /** Every token; last-used times include this replica's not yet written ones. */
    @GetMapping
    List<ApiToken> list() {
        lastUsed.flush();
        return tokens.list();
    }

    @DeleteMapping("/{id}")
    ApiToken revoke(@PathVariable String id, Principal principal, HttpServletRequest request) {
        ApiToken revoked = tokens.revoke(id, principal.getName())
                .orElseThrow(() -> new AdminErrors.NotFound("no token with id " + id));
        audit.change(request, "api-token", "revoke", null, null, null, revoked);
        return revoked;
    }
}
