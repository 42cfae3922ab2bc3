package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.forward.OutboxForwarder;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.intake.ReviewHold;
import id.lapor.gateway.classify.ClassifierStore;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.Enrichment;
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
 *
 * <p>Every correction is also a labelled example for the category model ({@link ClassifierStore},
 * issue #20): the complaint's title and content with the category and OPD the admin set. On a
 * complaint marked for review ({@link Enrichment#CATEGORY_REVIEW}) an unchanged submission confirms the
 * suggestion (stored as an example too), and one that comes too late to change the complaint is still
 * kept as an example; either takes the complaint out of the review queue. A correction or confirmation of a
 * complaint whose forwarding is held for the review ({@link ReviewHold}) releases it in the same
 * transaction: it goes to LAPOR! at once, with the admin's category and OPD.
 */
public class ComplaintActions {

    /** What a correction did. */
    public enum Outcome {
        CORRECTED, UNCHANGED, NOT_FOUND, TOO_LATE, UNKNOWN_CHOICE,
        /** A complaint under review: category and OPD confirmed as they are (an example stored). */
        CONFIRMED,
        /** A complaint under review already sent: not changed, but the admin's category stored as an example. */
        LABELLED,
        /** A duplicate: never sent on its own, so its original is the one to correct. */
        DUPLICATE
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Ledger ledger;
    private final CanonicalJson json;
    private final CategoryLexicon categories;
    private final DispositionRules dispositions;
    private final OutboxForwarder forwarder;
    private final OutboxRepository outbox;
    private final AuditLog audit;
    private final ClassifierStore examples;
    private final Clock clock;

    /** @param examples where corrections are kept as the category model's labelled examples */
    public ComplaintActions(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, Ledger ledger, CanonicalJson json,
                            CategoryLexicon categories, DispositionRules dispositions, OutboxForwarder forwarder,
                            OutboxRepository outbox, AuditLog audit, ClassifierStore examples, Clock clock) {
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.tx = tx;
        this.ledger = ledger;
        this.json = json;
        this.categories = categories;
        this.dispositions = dispositions;
        this.forwarder = forwarder;
        this.audit = audit;
        this.examples = examples;
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
            Complaint.Category category = newCat == null ? c.category() : newCat;
            Complaint.Disposition disposition = newOpd == null ? c.disposition() : newOpd;
            boolean underReview = underReview(c) && !examples.reviewed(ticket);
            if (c.status() == ComplaintStatus.DUPLICATE) return Outcome.DUPLICATE;
            String state = row.isEmpty() ? "" : String.valueOf(row.get(0).get("state"));
            if (row.isEmpty()
                    || !(state.equals("PENDING") || state.equals("PARKED")) || row.get(0).get("create_sent_at") != null) {
                if (!underReview || category == null) return Outcome.TOO_LATE;
                keep(c, category, disposition, user);
                audit.record(user, AuditLog.Action.CORRECT, ticket, "labelled " + code(category) + " for the category model (already sent, not changed)");
                return Outcome.LABELLED;
            }
            boolean sameCat = c.category() != null && category != null && Objects.equals(c.category().code(), category.code());
            boolean sameOpd = c.disposition() != null && disposition != null && Objects.equals(c.disposition().institutionId(), disposition.institutionId());
            if (sameCat && sameOpd) {
                if (!underReview) return Outcome.UNCHANGED;
                keep(c, category, disposition, user);
                audit.record(user, AuditLog.Action.CORRECT, ticket, "confirmed category " + code(category) + ", OPD " + id(disposition));
                release(ticket, c, user, clock.instant());
                return Outcome.CONFIRMED;
            }
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
            keep(c, sameCat ? c.category() : category, disposition, user);
            release(ticket, c, user, now);
            return Outcome.CORRECTED;
        });
    }

    /** A complaint held for review goes to LAPOR! now, with what the admin decided ({@link ReviewHold}); noted in its history. */
    private void release(String ticket, Complaint c, String user, Instant now) {
        if (outbox.releaseHold(ticket, now)) ledger.addHistory(ticket, c.status(), null, ReviewHold.decidedNote(user), now);
    }

    /** Whether intake marked the complaint for a category review. */
    static boolean underReview(Complaint c) {
        return c.flags().stream().anyMatch(f -> f.startsWith(Enrichment.CATEGORY_REVIEW));
    }

    /** The complaint's words with the admin's category (and OPD) as a labelled example. */
    private void keep(Complaint c, Complaint.Category category, Complaint.Disposition opd, String user) {
        String text = (c.title() == null ? "" : c.title()) + "\n" + (c.content() == null ? "" : c.content());
        examples.add(c.ticket(), text, category.code(), opd == null ? null : opd.institutionId(),
                c.category() == null ? null : c.category().code(), user, clock.instant());
    }

    private static String code(Complaint.Category c) {
        return c == null ? "-" : c.code();
    }

    private static String id(Complaint.Disposition d) {
        return d == null ? "-" : d.institutionId() + " " + d.name();
    }
}
