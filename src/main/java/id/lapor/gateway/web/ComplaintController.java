package id.lapor.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.audit.AuditLog;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.forward.OutboxForwarder;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.Ledger;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Complaints in the ledger: read (OPS), re-drive a parked one or re-send one LAPOR! no longer knows (ADMIN). */
@RestController
public class ComplaintController {

    private static final int MAX_PAGE_SIZE = 200;

    private final Ledger ledger;
    private final OutboxRepository outbox;
    private final OutboxForwarder forwarder;
    private final CanonicalJson json;
    private final ObjectMapper mapper;

    private final id.lapor.gateway.channel.chat.ChatConversations chats;
    private final AuditLog audit;

    /** @param audit where a re-drive or re-send is recorded, as the console records its own */
    public ComplaintController(Ledger ledger, OutboxRepository outbox, OutboxForwarder forwarder, CanonicalJson json,
                               id.lapor.gateway.channel.chat.ChatConversations chats, AuditLog audit) {
        this.chats = chats;
        this.audit = audit;
        this.ledger = ledger;
        this.outbox = outbox;
        this.forwarder = forwarder;
        this.json = json;
        this.mapper = json.objectMapper();
    }

    /**
     * Canonical JSON with {@code status_history}, the outbox state and, for a chat complaint whose messages the
     * citizen edited after it was stored, {@code revisions} (each edit: message id, text before and after, when).
     */
    @GetMapping(path = "/api/complaints/{ticket}", produces = "application/json")
    public ResponseEntity<?> get(@PathVariable String ticket) {
        String t = ticketOrProblem(ticket);
        Complaint c = ledger.find(t).orElse(null);
        if (c == null) return ApiProblem.of(HttpStatus.NOT_FOUND, "Unknown ticket", "no complaint has ticket " + t);
        ObjectNode out = (ObjectNode) json.toTree(c);
        ArrayNode history = out.putArray("status_history");
        for (Ledger.StatusChange s : ledger.history(t)) {
            history.addObject().put("status", s.status().name()).put("lapor_status_name", s.laporStatusName())
                    .put("note", s.note()).put("changed_at", s.changedAt().toString());
        }
        var revisions = chats.revisions(t);
        if (!revisions.isEmpty()) {
            ArrayNode r = out.putArray("revisions");
            for (var v : revisions) {
                r.addObject().put("message_id", v.providerMessageId()).put("previous_text", v.previousText())
                        .put("text", v.text()).put("edited_at", v.editedAt().toString());
            }
        }
        outbox.find(t).ifPresent(o -> out.putObject("forwarding").put("state", o.state()).put("attempts", o.attempts())
                .put("last_http_status", o.lastHttpStatus()).put("last_error", o.lastError())
                .put("next_attempt_at", o.nextAttemptAt() == null ? null : o.nextAttemptAt().toString())
                .put("create_uncertain", o.createUncertain())
                // category review hold (ReviewHold): its end, and whether an admin decided before it
                .put("review_held_until", o.heldUntil() == null ? null : o.heldUntil().toString())
                .put("review_decided", o.holdDecided())
                // re-sent as a new report by an admin (LAPOR! no longer knew it): the key's generation, <ticket>-r<n>
                .put("resend_count", o.resendCount()));
        return ResponseEntity.ok(out);
    }

    @GetMapping(path = "/api/complaints", produces = "application/json")
    public ResponseEntity<?> list(@RequestParam(required = false) String channel,
                                  @RequestParam(required = false) String status,
                                  @RequestParam(required = false) String since,
                                  @RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "50") int size) {
        Channel ch = parseEnum(Channel.class, channel, "channel");
        ComplaintStatus st = parseEnum(ComplaintStatus.class, status, "status");
        Instant from = parseInstant(since);
        if (page < 0) throw new IllegalArgumentException("page must be 0 or more");
        if (size < 1 || size > MAX_PAGE_SIZE) throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        ObjectNode out = mapper.createObjectNode();
        out.put("page", page).put("size", size).put("total", ledger.count(ch, st, from));
        ArrayNode items = out.putArray("items");
        for (Ledger.Summary s : ledger.search(ch, st, from, page, size)) items.add(mapper.valueToTree(s));
        return ResponseEntity.ok(out);
    }

    /**
     * Re-drives a complaint ({@link OutboxForwarder#redrive}): a PARKED one is queued again with the same
     * Idempotency-Key; a forwarded one LAPOR! answered 404 for at status sync ({@code lapor_missing_since}) is queued
     * as a new report (its old LAPOR! number cleared, a new Idempotency-Key). 202 with {@code state} PENDING and
     * {@code resent_as_new} (with {@code former_lapor_id} when true); 409 "Not parked" for any other complaint.
     * A re-drive or re-send writes a {@code REDRIVE} row to the audit log under the caller's username, as the
     * console's does ({@link AuditLog#redrive}, detail marked as from the API); a refused one writes none.
     */
    @Operation(summary = "Re-drive a parked complaint, or re-send one LAPOR! no longer knows as a new report",
            description = "A PARKED complaint is queued for LAPOR! again (same Idempotency-Key). A forwarded complaint "
                    + "LAPOR! answered 404 for at status sync (marked missing) is queued as a new report: its old LAPOR! "
                    + "number is cleared and the create goes with a new Idempotency-Key (<ticket>-r<n>). Any other "
                    + "complaint: 409 Not parked, nothing changed. ADMIN.")
    @PostMapping(path = "/api/complaints/{ticket}/forward", produces = "application/json")
    public ResponseEntity<?> redrive(@PathVariable String ticket, Authentication who) {
        String t = ticketOrProblem(ticket);
        if (ledger.find(t).isEmpty()) return ApiProblem.of(HttpStatus.NOT_FOUND, "Unknown ticket", "no complaint has ticket " + t);
        OutboxForwarder.Redrive r = forwarder.redrive(t);
        audit.redrive(who.getName(), AuditLog.Origin.API, t, r);
        if (!r.queued()) {
            String state = outbox.find(t).map(OutboxRepository.Row::state).orElse("not queued");
            return ApiProblem.of(HttpStatus.CONFLICT, "Not parked", "ticket " + t + " is " + state
                    + "; only parked complaints, or forwarded ones LAPOR! no longer knows, can be re-driven");
        }
        ObjectNode out = mapper.createObjectNode().put("ticket", t).put("state", "PENDING")
                .put("resent_as_new", r.outcome() == OutboxForwarder.Redrive.Outcome.RESENT_AS_NEW);
        if (r.formerLaporId() != null) out.put("former_lapor_id", r.formerLaporId());
        return ResponseEntity.accepted().body(out);
    }

    private static String ticketOrProblem(String typed) {
        Ticket.Parsed p = Ticket.parse(typed);
        if (p instanceof Ticket.Parsed.Valid v) return v.ticket();
        if (p instanceof Ticket.Parsed.Mistyped) {
            throw new IllegalArgumentException("ticket '" + typed + "' fails its check character (mistyped?)");
        }
        throw new IllegalArgumentException("'" + typed + "' is not a ticket (" + Ticket.LENGTH + " symbols of " + Ticket.ALPHABET + ")");
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String name) {
        if (value == null || value.isBlank()) return null;
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    static Instant parseInstant(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value.strip()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("since must be an ISO-8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T00:00:00+07:00");
            }
        }
    }
}
