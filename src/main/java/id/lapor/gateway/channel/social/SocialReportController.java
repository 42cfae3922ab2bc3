package id.lapor.gateway.channel.social;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.audit.AuditLog;
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
 * the reason (the body is kept in quarantine) for a report that cannot be used. Each writes a {@code FLAG} row to the
 * audit log under the admin's username, as the console's flag page does ({@link AuditLog#flag}, detail marked as
 * from the API): the admin's report is stored either way, as a complaint or in quarantine.
 */
@RestController
@ConditionalOnProperty(name = "channels.social.enabled", havingValue = "true")
public class SocialReportController {

    private final ProducerTemplate camel;
    private final ObjectMapper mapper;
    private final AuditLog audit;

    /** @param audit where each flag is recorded */
    public SocialReportController(ProducerTemplate camel, ObjectMapper mapper, AuditLog audit) {
        this.audit = audit;
        this.camel = camel;
        this.mapper = mapper;
    }

    private ObjectNode asObject(byte[] body) {
        if (body == null) return null;
        try {
            return mapper.readTree(body) instanceof ObjectNode o ? o : null;
        } catch (java.io.IOException e) {
            return null; // not JSON: passed on as it is, the normaliser rejects it and quarantine keeps it
        }
    }

    /**
     * Flags one post. The admin who flagged it is part of the raw input (so a replay from quarantine still knows it)
     * and always comes from the login, never from the client; the audit row's post address and screenshot count are
     * read from the same JSON body (none when it is not a JSON object).
     */
    @PostMapping(path = "/api/social/reports")
    public ResponseEntity<?> flag(@RequestBody(required = false) byte[] body, Authentication who)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode report = asObject(body);
        byte[] raw = body == null ? new byte[0] : body;
        if (report != null) raw = mapper.writeValueAsBytes(report.put("flagged_by", who.getName()));
        IntakeReceipt r = camel.requestBody("direct:social-report", raw, IntakeReceipt.class);
        String postUrl = report != null && report.get("post_url") != null && report.get("post_url").isTextual()
                ? report.get("post_url").asText().strip() : null;
        int screenshots = report != null && report.get("screenshots") != null && report.get("screenshots").isArray()
                ? report.get("screenshots").size() : 0;
        audit.flag(who.getName(), AuditLog.Origin.API, r, postUrl, screenshots);
        return IntakeAnswer.of(r, IntakeAnswer.body(mapper, r), "Report not accepted");
    }
}
