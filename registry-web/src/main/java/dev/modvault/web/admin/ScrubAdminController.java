package dev.modvault.web.admin;

import dev.modvault.core.verify.Scrubber;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The scrub: re-verifies every cached artifact the catalog lists against its recorded SHA-256 and h1, in the
 * background on the replica that received the POST; GET shows progress, then the counts and the damaged keys.
 */
@RestController
@RequestMapping("/api/v1/scrub")
class ScrubAdminController {

    private final Scrubber scrubber;
    private final AdminAudit audit;

    ScrubAdminController(Scrubber scrubber, AdminAudit audit) {
        this.scrubber = scrubber;
        this.audit = audit;
    }

    /** Starts a scrub: 202 with its report so far; 409 (problem+json) while one is running. */
    @PostMapping
    ResponseEntity<Scrubber.Report> start(HttpServletRequest request) {
        if (!scrubber.start()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "a scrub is already running on this replica (started " + scrubber.report().startedAt()
                            + "); follow it with GET /api/v1/scrub");
            problem.setTitle("Scrub running");
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        Scrubber.Report report = scrubber.report();
        audit.change(request, "scrub", "start", null, null, null, null);
        return ResponseEntity.accepted().location(URI.create("/api/v1/scrub")).body(report);
    }

    /** The running or last scrub: state, counts, damaged and missing keys. */
    @GetMapping
    Scrubber.Report report() {
        return scrubber.report();
    }
}
