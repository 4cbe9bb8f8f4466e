package dev.modvault.web.admin;

import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Semver;
import dev.modvault.core.policy.Decision;
import dev.modvault.core.policy.PolicyEngine;
import dev.modvault.core.policy.PolicyRepository;
import dev.modvault.core.policy.PolicyRule;
import dev.modvault.core.policy.PolicySnapshot;
import dev.modvault.core.policy.PolicyValidation;
import dev.modvault.core.policy.RuleDefinition;
import dev.modvault.core.policy.RuleKind;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Policy rules: CRUD with optimistic concurrency (ETag / If-Match), and a dry run of the policy. */
@RestController
@RequestMapping("/api/v1/policy")
class PolicyAdminController {

    /** A rule as an admin sends it. */
    record RuleRequest(RuleKind kind, String pattern, String versionConstraint, String reason) {
        RuleDefinition definition() {
            return PolicyValidation.validate(new RuleDefinition(kind, pattern, versionConstraint, reason));
        }
    }

    /** The answer of the dry run. */
    record Evaluation(String module, String version, boolean served, boolean privateModule, boolean noSumDb,
                      PolicyRule rule, String message) {
    }

    private final PolicyRepository repository;
    private final PolicyEngine engine;
    private final AdminAudit audit;

    PolicyAdminController(PolicyRepository repository, PolicyEngine engine, AdminAudit audit) {
        this.repository = repository;
        this.engine = engine;
        this.audit = audit;
    }

    @GetMapping("/rules")
    List<PolicyRule> list() {
        return repository.findAll();
    }

    @GetMapping("/rules/{id}")
    ResponseEntity<PolicyRule> get(@PathVariable long id) {
        PolicyRule rule = repository.find(id).orElseThrow(() -> missing(id));
        return ResponseEntity.ok().eTag(Revisions.etag(rule.revision())).body(rule);
    }

    @PostMapping("/rules")
    ResponseEntity<PolicyRule> create(@RequestBody RuleRequest body, Principal principal, HttpServletRequest request) {
        PolicyRule rule = repository.create(body.definition(), principal.getName());
        engine.refresh();
        audit.change(request, "policy-rule", "create", null, null, null, rule);
        return ResponseEntity.created(URI.create("/api/v1/policy/rules/" + rule.id()))
                .eTag(Revisions.etag(rule.revision())).body(rule);
    }

    @PutMapping("/rules/{id}")
    ResponseEntity<PolicyRule> update(@PathVariable long id, @RequestBody RuleRequest body,
                                      @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                      Principal principal, HttpServletRequest request) {
        long expected = Revisions.ifMatch(ifMatch);
        RuleDefinition definition = body.definition();
        PolicyRule before = repository.find(id).orElseThrow(() -> missing(id));
        PolicyRule after = repository.update(id, expected, definition, principal.getName())
                .orElseThrow(() -> missing(id));
        engine.refresh();
        audit.change(request, "policy-rule", "update", null, null, before, after);
        return ResponseEntity.ok().eTag(Revisions.etag(after.revision())).body(after);
    }

    @DeleteMapping("/rules/{id}")
    ResponseEntity<Void> delete(@PathVariable long id,
                                @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                HttpServletRequest request) {
        long expected = Revisions.ifMatch(ifMatch);
        PolicyRule before = repository.delete(id, expected).orElseThrow(() -> missing(id));
        engine.refresh();
        audit.change(request, "policy-rule", "delete", null, null, before, null);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    /** Would {@code module@version} be served, and why? Uses this replica's current rules. */
    @GetMapping("/evaluate")
    Evaluation evaluate(@RequestParam String module, @RequestParam(required = false) String version) {
        ModulePath path = ModulePath.of(module);
        if (version != null && !Semver.isValid(version)) {
            throw new IllegalArgumentException("version: \"" + version + "\" is not a semantic version");
        }
        PolicySnapshot snapshot = engine.snapshot();
        Decision decision = version == null ? snapshot.checkModule(path.value()) : snapshot.check(path.value(), version);
        return new Evaluation(path.value(), version, decision.allowed(), snapshot.isPrivate(path.value()),
                snapshot.isNoSumDb(path.value()), decision.rule(),
                decision.allowed() ? "served" : decision.message());
    }

    private static AdminErrors.NotFound missing(long id) {
        return new AdminErrors.NotFound("no policy rule with id " + id);
    }
}
