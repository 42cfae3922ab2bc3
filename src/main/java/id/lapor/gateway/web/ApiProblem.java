package id.lapor.gateway.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.util.Map;

/** application/problem+json answers with a reason. */
public final class ApiProblem {

    private ApiProblem() {}

    public static ResponseEntity<ProblemDetail> of(HttpStatus status, String title, String detail) {
        return of(status, title, detail, Map.of());
    }

    public static ResponseEntity<ProblemDetail> of(HttpStatus status, String title, String detail, Map<String, ?> extra) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        extra.forEach(p::setProperty);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
