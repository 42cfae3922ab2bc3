package id.lapor.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.intake.IntakeReceipt;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.util.Map;

/**
 * How an API endpoint that feeds a channel answers its intake receipt, always after the commit: 201
 * with the ticket and its Location for a new complaint, 200 with the ticket on record for a
 * duplicate, 400 problem+json with the reason and quarantine id for input that was not accepted, 202
 * for input that is not a complaint.
 */
public final class IntakeAnswer {

    private IntakeAnswer() {}

    /** The answer's body: outcome and ticket; the endpoint may add its own fields. */
    public static ObjectNode body(ObjectMapper mapper, IntakeReceipt r) {
        return mapper.createObjectNode().put("outcome", r.outcome().name()).put("ticket", r.ticket());
    }

    /** @param notAccepted the problem title for quarantined input ("Letter not accepted") */
    public static ResponseEntity<?> of(IntakeReceipt r, ObjectNode body, String notAccepted) {
        return switch (r.outcome()) {
            case STORED -> ResponseEntity.created(URI.create("/api/complaints/" + r.ticket())).body(body);
            case DUPLICATE_TRANSPORT, DUPLICATE_CONTENT -> ResponseEntity.ok(body.put("reason", r.reason()));
            case QUARANTINED -> ApiProblem.of(HttpStatus.BAD_REQUEST, notAccepted, r.reason(), Map.of("quarantine_id", r.quarantineId()));
            case IGNORED -> ResponseEntity.accepted().body(body.put("reason", r.reason()));
        };
    }
}
