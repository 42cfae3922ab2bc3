package id.lapor.gateway.channel.social;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.web.IntakeAnswer;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;


/**
 * {@code POST /api/social/reports} (ADMIN): an admin flags a social-media post. Answers 201 with the
 * ticket after commit, 200 with the existing ticket for a post flagged before, 400 problem+json with
 * the reason (the body is kept in quarantine) for a report that cannot be used.
 */
@RestController
@ConditionalOnProperty(name = "channels.social.enabled", havingValue = "true")
public class SocialReportController {

    private final ProducerTemplate camel;
    private final ObjectMapper mapper;

    public SocialReportController(ProducerTemplate camel, ObjectMapper mapper) {
        this.camel = camel;
        this.mapper = mapper;
    }

    /**
     * The admin who flagged the post is part of the raw input (so a replay from quarantine still
     * knows it) and always comes from the login, never from the client.
     */
    private byte[] withFlaggedBy(byte[] body, String admin) {
        if (body == null) return new byte[0];
        try {
            if (mapper.readTree(body) instanceof ObjectNode o) {
                o.put("flagged_by", admin);
                return mapper.writeValueAsBytes(o);
            }
        } catch (java.io.IOException e) {
            // not JSON: passed on as it is, the normaliser rejects it and quarantine keeps it
        }
        return body;
    }

    @PostMapping(path = "/api/social/reports")
    public ResponseEntity<?> flag(@RequestBody(required = false) byte[] body, Authentication who) {
        IntakeReceipt r = camel.requestBody("direct:social-report", withFlaggedBy(body, who.getName()), IntakeReceipt.class);
        return IntakeAnswer.of(r, IntakeAnswer.body(mapper, r), "Report not accepted");
    }
}
