package id.lapor.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.apache.camel.CamelExecutionException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every API error is application/problem+json with a reason; a store outage is a 503 the caller may retry. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
            HttpMessageNotReadableException.class, IllegalArgumentException.class})
    ResponseEntity<ProblemDetail> badRequest(Exception e) {
        String detail = e instanceof MethodArgumentTypeMismatchException m
                ? "parameter '" + m.getName() + "' has an invalid value" : e.getMessage();
        return ApiProblem.of(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }

    @ExceptionHandler(org.springframework.web.multipart.support.MissingServletRequestPartException.class)
    ResponseEntity<ProblemDetail> missingPart(org.springframework.web.multipart.support.MissingServletRequestPartException e) {
        return ApiProblem.of(HttpStatus.BAD_REQUEST, "Bad request", "part '" + e.getRequestPartName() + "' is required");
    }

    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(org.springframework.web.multipart.MaxUploadSizeExceededException e) {
        return ApiProblem.of(HttpStatus.PAYLOAD_TOO_LARGE, "Upload too large",
                "the upload is over the server's limit of " + e.getMaxUploadSize() + " bytes; nothing was stored");
    }

    /**
     * A multipart body the container cannot parse (Tomcat refuses a file name with a NUL: InvalidFileNameException;
     * a broken boundary): the client's fault, nothing was read. It answered 500 with a stack trace logged before.
     */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> unreadableMultipart(org.springframework.web.multipart.MultipartException e) {
        log.info("multipart body not readable: {}", e.getMostSpecificCause().getClass().getSimpleName());
        return ApiProblem.of(HttpStatus.BAD_REQUEST, "Bad request",
                "the multipart body cannot be read (a file name with a NUL or control character, or a broken body); nothing was stored");
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> conflict(IllegalStateException e) {
        return ApiProblem.of(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NoResourceFoundException e) {
        return ApiProblem.of(HttpStatus.NOT_FOUND, "Not found", "no such endpoint");
    }

    @ExceptionHandler(CamelExecutionException.class)
    ResponseEntity<ProblemDetail> camel(CamelExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof DataAccessException || cause instanceof TransactionException) return storeDown((Exception) cause);
        log.error("route failed", cause);
        return ApiProblem.of(HttpStatus.INTERNAL_SERVER_ERROR, "Intake failed", "the input was not stored; try again");
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> storeDown(Exception e) {
        log.error("store unavailable: {}", e.getClass().getSimpleName());
        return ApiProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable",
                "the complaint store is not reachable; nothing was stored, try again later");
    }
}
