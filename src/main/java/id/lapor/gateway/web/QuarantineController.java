package id.lapor.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.audit.AuditLog;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.QuarantineReplay;
import id.lapor.gateway.intake.QuarantineStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Quarantine review: list and inspect (OPS), raw bytes and replay (ADMIN). */
@RestController
public class QuarantineController {

    private final QuarantineStore store;
    private final QuarantineReplay replay;
    private final ObjectMapper mapper;
    private final AuditLog audit;

    /** @param audit where a replay is recorded, as the console records its own */
    public QuarantineController(QuarantineStore store, QuarantineReplay replay, CanonicalJson json, AuditLog audit) {
        this.audit = audit;
        this.store = store;
        this.replay = replay;
        this.mapper = json.objectMapper();
    }

    @GetMapping(path = "/api/quarantine", produces = "application/json")
    public ResponseEntity<?> list(@RequestParam(required = false) String channel, @RequestParam(required = false) String state,
                                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Channel ch = ComplaintController.parseEnum(Channel.class, channel, "channel");
        QuarantineStore.State st = ComplaintController.parseEnum(QuarantineStore.State.class, state, "state");
        if (page < 0 || size < 1 || size > 200) throw new IllegalArgumentException("page >= 0 and 1 <= size <= 200");
        ObjectNode out = mapper.createObjectNode().put("page", page).put("size", size);
        out.set("items", mapper.valueToTree(store.list(ch, st, page, size)));
        return ResponseEntity.ok(out);
    }

    @GetMapping(path = "/api/quarantine/{id}", produces = "application/json")
    public ResponseEntity<?> get(@PathVariable long id) {
        return store.find(id).<ResponseEntity<?>>map(i -> ResponseEntity.ok(mapper.valueToTree(i)))
                .orElseGet(() -> ApiProblem.of(HttpStatus.NOT_FOUND, "Unknown quarantine item", "no item " + id));
    }

    @GetMapping(path = "/api/quarantine/{id}/raw")
    public ResponseEntity<?> raw(@PathVariable long id) {
        QuarantineStore.Item item = store.find(id).orElse(null);
        if (item == null) return ApiProblem.of(HttpStatus.NOT_FOUND, "Unknown quarantine item", "no item " + id);
        byte[] bytes = store.raw(item).orElse(null);
        if (bytes == null) return ApiProblem.of(HttpStatus.GONE, "Raw bytes missing", "blob " + item.rawSha256() + " is not in the store");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"quarantine-" + id + ".raw\"").body(bytes);
    }

    /**
     * Replays one OPEN item through its channel's normaliser and intake: 200 with the item's state after it
     * (REPLAYED with the ticket, IGNORED, or still OPEN with the reason); 404 for an unknown item. A replay writes a
     * {@code REPLAY} row to the audit log under the caller's username, as the console's does
     * ({@link AuditLog#replay}, detail marked as from the API); a refused one writes none.
     */
    @PostMapping(path = "/api/quarantine/{id}/replay", produces = "application/json")
    public ResponseEntity<?> replay(@PathVariable long id, Authentication who) {
        return replay.replay(id).<ResponseEntity<?>>map(r -> {
                    audit.replay(who.getName(), AuditLog.Origin.API, id, r);
                    return ResponseEntity.ok(mapper.createObjectNode()
                            .put("id", id).put("state", r.state().name()).put("ticket", r.ticket()).put("reason", r.reason()));
                })
                .orElseGet(() -> ApiProblem.of(HttpStatus.NOT_FOUND, "Unknown quarantine item", "no item " + id));
    }
}
