package dev.modvault.web.admin;

import dev.modvault.auth.access.AccessRule;
import dev.modvault.auth.access.AccessRuleRepository;
import dev.modvault.auth.access.AccessRuleRequest;
import dev.modvault.auth.access.AuthDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Access rules: which group may read which PRIVATE modules ({@code {"group":"team-a","pattern":"corp.example.com/a"}}).
 * Changes are audited and in force on this replica at once, on the others within the refresh interval.
 */
@RestController
@RequestMapping("/api/v1/access-rules")
class AccessRuleAdminController {

    private final AccessRuleRepository rules;
    private final AuthDirectory directory;
    private final AdminAudit audit;

    AccessRuleAdminController(AccessRuleRepository rules, AuthDirectory directory, AdminAudit audit) {
        this.rules = rules;
        this.directory = directory;
        this.audit = audit;
    }

    @GetMapping
    List<AccessRule> list() {
        return rules.findAll();
    }

    @GetMapping("/{id}")
    AccessRule get(@PathVariable long id) {
        return rules.find(id).orElseThrow(() -> missing(id));
    }

    @PostMapping
    ResponseEntity<AccessRule> create(@RequestBody AccessRuleRequest body, Principal principal,
                                      HttpServletRequest request) {
        AccessRule rule = rules.create(body.validate(), principal.getName());
        directory.refresh();
        audit.change(request, "access-rule", "create", null, null, null, rule);
        return ResponseEntity.created(URI.create("/api/v1/access-rules/" + rule.id())).body(rule);
    }

    @PutMapping("/{id}")
    AccessRule update(@PathVariable long id, @RequestBody AccessRuleRequest body, Principal principal,
                      HttpServletRequest request) {
        AccessRuleRequest valid = body.validate();
        AccessRule before = rules.find(id).orElseThrow(() -> missing(id));
        AccessRule after = rules.update(id, valid, principal.getName()).orElseThrow(() -> missing(id));
        directory.refresh();
        audit.change(request, "access-rule", "update", null, null, before, after);
        return after;
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, HttpServletRequest request) {
        AccessRule before = rules.delete(id).orElseThrow(() -> missing(id));
        directory.refresh();
        audit.change(request, "access-rule", "delete", null, null, before, null);
        return ResponseEntity.noContent().build();
    }

    private static AdminErrors.NotFound missing(long id) {
        return new AdminErrors.NotFound("no access rule with id " + id);
    }
}
