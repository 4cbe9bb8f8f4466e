package dev.modvault.web.admin;

import dev.modvault.core.error.InvalidRequestException;
import dev.modvault.core.policy.PolicyValidation.InvalidFieldException;
import dev.modvault.core.policy.StaleRevisionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The one place admin API failures become problem+json answers. */
@RestControllerAdvice(basePackageClasses = AdminErrors.class)
class AdminErrors {

    /** A resource the admin named does not exist. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    /** A change was sent without the If-Match header that optimistic concurrency needs. */
    static final class PreconditionRequired extends RuntimeException {
        PreconditionRequired(String message) {
            super(message);
        }
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid field", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler({InvalidRequestException.class, IllegalArgumentException.class})
    ProblemDetail invalid(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(StaleRevisionException.class)
    ProblemDetail stale(StaleRevisionException e) {
        ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "Changed since you read it", e.getMessage());
        problem.setProperty("currentRevision", e.currentRevision());
        return problem;
    }

    @ExceptionHandler(PreconditionRequired.class)
    ProblemDetail preconditionRequired(PreconditionRequired e) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "If-Match required", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
