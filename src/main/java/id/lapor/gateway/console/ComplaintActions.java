package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.forward.OutboxForwarder;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.DispositionRules;
import id.lapor.gateway.intake.Ledger;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The console's actions on one complaint, each audited: re-drive a parked one, and correct its category
 * or OPD (disposition) before it is forwarded. A correction is allowed only while the outbox row is
 * PENDING or PARKED and no create has been sent for it; the row is locked ({@code FOR UPDATE}) in the
 * same transaction, so a forwarder cannot claim it halfway and always sends the corrected complaint.
 */
public class ComplaintActions {

    /** What a correction did. */
    public enum Outcome { CORRECTED, UNCHANGED, NOT_FOUND, TOO_LATE, UNKNOWN_CHOICE }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Ledger ledger;
    private final CanonicalJson json;
    private final CategoryLexicon categories;
    private final DispositionRules dispositions;
    private final OutboxForwarder forwarder;
    private final AuditLog audit;
    private final Clock clock;

    public ComplaintActions(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, Ledger ledger, CanonicalJson json,
                            CategoryLexicon categories, DispositionRules dispositions, OutboxForwarder forwarder,
                            AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ledger = ledger;
        this.json = json;
        this.categories = categories;
        this.dispositions = dispositions;
        this.forwarder = forwarder;
        this.audit = audit;
        this.clock = clock;
    }

    /** Re-drives a parked complaint (back to PENDING); false when it is not parked. Audited either way it succeeds. */
    public boolean redrive(String ticket, String user) {
        boolean ok = forwarder.redrive(ticket);
        if (ok) audit.record(user, AuditLog.Action.REDRIVE, ticket, "parked complaint queued for LAPOR! again");
        return ok;
    }

    /**
     * Sets the category (a code of categories.yaml) and the OPD (an institution id of dispositions.yaml).
     *
     * @param categoryCode  new category code, or null to keep the current one
     * @param institutionId new institution id, or null to keep the current one
     */
    public Outcome correct(String ticket, String categoryCode, String institutionId, String user) {
        Complaint.Category cat = null;
        if (categoryCode != null) {
            CategoryLexicon.Entry e = categories.entries().stream().filter(x -> x.code().equals(categoryCode)).findFirst().orElse(null);
            if (e == null) return Outcome.UNKNOWN_CHOICE;
            cat = new Complaint.Category(e.code(), e.name(), 1.0);
        }
        Complaint.Disposition opd = null;
        if (institutionId != null) {
            opd = dispositions.institutions().stream().filter(d -> d.institutionId().equals(institutionId)).findFirst().orElse(null);
            if (opd == null) return Outcome.UNKNOWN_CHOICE;
        }
        Complaint.Category newCat = cat;
        Complaint.Disposition newOpd = opd;
        return tx.execute(s -> {
            List<Map<String, Object>> row = jdbc.queryForList(
                    "SELECT state, create_sent_at FROM outbox WHERE ticket = :ticket FOR UPDATE", new MapSqlParameterSource("ticket", ticket));
            Complaint c = ledger.find(ticket).orElse(null);
            if (c == null) return Outcome.NOT_FOUND;
            if (row.isEmpty() || c.status() == ComplaintStatus.DUPLICATE) return Outcome.TOO_LATE;
            String state = String.valueOf(row.get(0).get("state"));
            if (!(state.equals("PENDING") || state.equals("PARKED")) || row.get(0).get("create_sent_at") != null) return Outcome.TOO_LATE;
            Complaint.Category category = newCat == null ? c.category() : newCat;
            Complaint.Disposition disposition = newOpd == null ? c.disposition() : newOpd;
            boolean sameCat = c.category() != null && category != null && Objects.equals(c.category().code(), category.code());
            boolean sameOpd = c.disposition() != null && disposition != null && Objects.equals(c.disposition().institutionId(), disposition.institutionId());
            if (sameCat && sameOpd) return Outcome.UNCHANGED;
            // the stored body, not find()'s view (which carries the status columns)
            Complaint stored = json.read(jdbc.queryForObject("SELECT canonical_json FROM complaint WHERE ticket = :ticket",
                    new MapSqlParameterSource("ticket", ticket), String.class));
            Complaint changed = stored.toBuilder().category(sameCat ? c.category() : category).disposition(disposition).build();
            jdbc.update("UPDATE complaint SET canonical_json = :json WHERE ticket = :ticket",
                    new MapSqlParameterSource("json", json.write(changed)).addValue("ticket", ticket));
            String note = "corrected by " + user + ": category " + code(c.category()) + " -> " + code(category)
                    + ", OPD " + id(c.disposition()) + " -> " + id(disposition);
            Instant now = clock.instant();
            ledger.addHistory(ticket, c.status(), null, note, now);
            audit.record(user, AuditLog.Action.CORRECT, ticket, note);
            return Outcome.CORRECTED;
        });
    }

    private static String code(Complaint.Category c) {
        return c == null ? "-" : c.code();
    }

    private static String id(Complaint.Disposition d) {
        return d == null ? "-" : d.institutionId() + " " + d.name();
    }
}
