package id.lapor.gateway.channel.letter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.audit.AuditLog;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.web.ApiProblem;
import id.lapor.gateway.web.IntakeAnswer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /api/letters} (CLERK or ADMIN): counter staff upload a scanned or typed letter, with
 * what they know of the sender. Answers 201 with the ticket after commit (the clerk writes it on the
 * receipt slip), 200 with the earlier ticket for a file uploaded before, 400 problem+json with the
 * reason for a file that cannot be a letter (kept in quarantine). Each file that reached intake writes an
 * {@code UPLOAD} row to the audit log under the user's name, as the console's letter page does
 * ({@link AuditLog#letter}, detail marked as from the API, so it shows on "Unggahan saya" too); a request refused
 * before intake (a bad {@code date_received}) writes none.
 */
@RestController
@ConditionalOnProperty(name = "channels.letters.enabled", havingValue = "true")
public class LetterUploadController {

    private final LetterDesk desk;
    private final ObjectMapper mapper;
    private final AuditLog audit;

    /** @param audit where each upload is recorded */
    public LetterUploadController(LetterDesk desk, ObjectMapper mapper, AuditLog audit) {
        this.audit = audit;
        this.desk = desk;
        this.mapper = mapper;
    }

    @PostMapping(path = "/api/letters", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<?> upload(@RequestParam("file") MultipartFile file,
                                    @RequestParam(name = "reporter_name", required = false) String reporterName,
                                    @RequestParam(name = "address", required = false) String address,
                                    @RequestParam(name = "phone", required = false) String phone,
                                    @RequestParam(name = "email", required = false) String email,
                                    @RequestParam(name = "date_received", required = false) String dateReceived,
                                    @RequestParam(name = "anonymous", defaultValue = "false") boolean anonymous,
                                    @RequestParam(name = "confidential", defaultValue = "false") boolean confidential,
                                    Authentication who) throws IOException {
        LocalDate received = null;
        if (dateReceived != null && !dateReceived.isBlank()) {
            try {
                received = LocalDate.parse(dateReceived.strip());
            } catch (DateTimeParseException e) {
                return ApiProblem.of(HttpStatus.BAD_REQUEST, "Bad request", "date_received must be a date like 2024-06-05");
            }
            if (LetterFile.CounterForm.receivedInFuture(received, LocalDate.now())) {
                return ApiProblem.of(HttpStatus.BAD_REQUEST, "Bad request", "date_received cannot be in the future");
            }
        }
        IntakeReceipt r = desk.receive(file.getOriginalFilename(), file.getBytes(), new LetterFile.CounterForm(
                reporterName, address, phone, email, received, anonymous, confidential, who.getName()));
        audit.letter(who.getName(), AuditLog.Origin.API, r, file.getOriginalFilename(), file.getSize());
        ObjectNode out = IntakeAnswer.body(mapper, r);
        if (r.complaint() != null) {
            out.put("title", r.complaint().title());
            if (r.complaint().document() != null) {
                out.put("pages", r.complaint().document().pageCount());
                out.put("mean_confidence", r.complaint().document().meanConfidence());
            }
            out.set("flags", mapper.valueToTree(r.complaint().flags()));
        }
        return IntakeAnswer.of(r, out, "Letter not accepted");
    }
}
