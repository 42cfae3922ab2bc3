package id.lapor.gateway.web;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * 406 as problem+json even when the Accept header cannot be parsed ({@code Accept: garbage}): Spring Boot's own
 * problem handler negotiated its answer against that same header, failed again and the client got a 406 with no
 * body and no type. {@link ApiProblem} sets the type before writing, so the header is not read a second time.
 * Ordered before Spring Boot's handler ({@code ProblemDetailsExceptionHandler}, order 0); handles this one exception.
 */
@RestControllerAdvice
@Order(-1)
public class NotAcceptableHandler {

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ApiProblem.of(HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
                "the Accept header names no type this operation answers (application/json; errors application/problem+json)");
    }
}
