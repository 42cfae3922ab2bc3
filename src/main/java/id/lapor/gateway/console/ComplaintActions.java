package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

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
import id.lapor.gateway.intake.TextHygiene;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The console's actions on one complaint, each audited: re-drive a parked one, re-send or close one LAPOR! no
 * longer knows (status sync's 404 mark, {@code complaint.lapor_missing_since}), and correct its category
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

    /**
     * Re-drives a parked complaint (back to PENDING), or re-sends one LAPOR! no longer knows as a new report
     * ({@link OutboxForwarder#redrive}: its old LAPOR! number cleared, a new Idempotency-Key). Audited when it did
     * either; anything else is refused ({@link OutboxForwarder.Redrive.Outcome#NOT_REDRIVABLE}) and changes nothing.
     */
    public OutboxForwarder.Redrive redrive(String ticket, String user) {
        OutboxForwarder.Redrive r = forwarder.redrive(ticket);
        audit.redrive(user, AuditLog.Origin.CONSOLE, ticket, r);
        return r;
    }

    /** What closing a complaint LAPOR! no longer knows did. */
    public enum CloseOutcome {
        /** ARCHIVED, mark cleared, history line and audit entry written. */
        CLOSED,
        /** Not marked missing at LAPOR! (or an unknown ticket): nothing changed. */
        NOT_MISSING,
        /** The note is empty, shorter than {@link #CLOSE_NOTE_MIN} or longer than {@link #CLOSE_NOTE_MAX}: nothing changed. */
        BAD_NOTE
    }

    /** Shortest and longest admin note of a close, in characters after cleaning ({@link #closeMissing}). */
    public static final int CLOSE_NOTE_MIN = 3, CLOSE_NOTE_MAX = 500;

    /**
     * The history note of a close ({@code %d}: the LAPOR! number LAPOR! answered 404 for, {@code %s}: the admin's
     * note); the console renders it in the admin's language ({@code history.closedMissing}).
     */
    public static final String CLOSED_NOTE = "closed by an admin: LAPOR! did not know #%d; note: %s";

    /**
     * Closes in the gateway a forwarded complaint LAPOR! no longer knows (status sync's 404 mark), after an admin
     * checked LAPOR! and found the report really gone. In one transaction: status ARCHIVED (final, so status sync no
     * longer asks LAPOR! about it), the mark cleared (so the LAPOR! tile, the {@code gateway_lapor_missing} gauge and
     * its alert no longer count it), the history line {@link #CLOSED_NOTE} with the note, and an audit entry. Its
     * LAPOR! number stays as the record of the report it had.
     *
     * <p>The note is internal: it goes to the history (console, REST API for OPS) and the audit log, and the citizen
     * is not messaged (no status update is queued for ARCHIVED).</p>
     *
     * @param note the admin's reason, cleaned as intake cleans text ({@link TextHygiene#clean}: CR LF as one line break,
     *             control characters dropped, trimmed); then at most {@value #CLOSE_NOTE_MAX} characters (UTF-16
     *             units, as a browser counts {@code maxlength}) with at least {@value #CLOSE_NOTE_MIN} visible ones
     *             ({@link #visible})
     */
    public CloseOutcome closeMissing(String ticket, String note, String user) {
        // as intake cleans text: a browser submits a textarea's line breaks as CR LF but counts each as one character
        // against its maxlength, so a note the form accepted would otherwise be too long here; control characters go
        String n = ConsoleForms.blankToNull(note == null ? null : TextHygiene.clean(note));
        if (n == null || visible(n) < CLOSE_NOTE_MIN || n.length() > CLOSE_NOTE_MAX) return CloseOutcome.BAD_NOTE;
        return tx.execute(s -> {
            Long gone = ledger.lockLaporMissing(ticket).orElse(null);
            if (gone == null) return CloseOutcome.NOT_MISSING;
            String line = String.format(java.util.Locale.ROOT, CLOSED_NOTE, gone, n);
            ledger.changeStatus(ticket, ComplaintStatus.ARCHIVED, null, null, null, line, clock.instant());
            ledger.clearLaporMissing(ticket);
            audit.record(user, AuditLog.Action.CLOSE, ticket, line);
            return CloseOutcome.CLOSED;
        });
    }

    /**
     * Characters of a note a reader sees: not white space of any kind (no-break spaces included), not format
     * characters (zero-width spaces and joiners, bidirectional controls); counted in code points. A note of three
     * no-break or zero-width spaces is no reason.
     */
    static long visible(String note) {
        return note.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT).count();
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
