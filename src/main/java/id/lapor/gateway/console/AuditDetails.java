package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.util.List;

import static id.lapor.gateway.console.StoredForms.Form.of;

/**
 * The details of audit log entries in the admin's language ({@code @auditDetails} in Thymeleaf, page
 * {@code /audit}).
 *
 * <p>{@link AuditLog} stores each detail as a short English line (searched by ops, kept as written); this
 * table holds the forms the console and the REST API write ({@link AuditLog}'s redrive, replay, flag and letter
 * rows, an API one followed by {@link AuditLog.Origin#API_MARK}; {@link ComplaintActions}, {@link QuarantineActions},
 * {@link ConsoleSecurity}, {@link FlagPages}, {@link LetterPages}, {@link RecapController},
 * {@link ReviewPages}) and renders them from the bundle ({@code audit.detail.*} keys). A quarantine reason
 * inside a detail is rendered by {@link QuarantineReasons}; a dismissal note, which the admin wrote, and any
 * other line are shown as they are.</p>
 */
@Component("auditDetails")
public class AuditDetails {

    private final StoredForms forms;

    /**
     * @param messages the console's message bundles ({@code audit.detail.*}, {@code audit.outcome.*} keys)
     * @param reasons  renders a quarantine reason carried inside a detail
     */
    public AuditDetails(MessageSource messages, QuarantineReasons reasons) {
        java.util.function.UnaryOperator<String> outcome = o -> messages.getMessage("audit.outcome." + o, null, o,
                LocaleContextHolder.getLocale());
        this.forms = new StoredForms(messages, List.of(
                // an action done through the REST API: its detail as the console's, then AuditLog.Origin.API_MARK
                of("(.+) \\(API\\)", "audit.detail.api").with(1, this::text),
                // AuditLog.redrive (ComplaintActions, the API)
                of("parked complaint queued for LAPOR! again", "audit.detail.redrive"),
                of("missing complaint queued for LAPOR! as a new report; LAPOR! did not know #(\\d+)", "audit.detail.resentAsNew"),
                HistoryNotes.CLOSED_MISSING,
                of("labelled (\\S+) for the category model \\(already sent, not changed\\)", "audit.detail.labelled"),
                of("confirmed category (\\S+), OPD (.+)", "audit.detail.confirmed"),
                HistoryNotes.CORRECTED,
                // AuditLog.replay: one replay ("STATE[ ticket T][: reason]") and the bulk summary
                of("REPLAYED ticket (\\S+): (\\S+)", "audit.detail.replayed").with(2, outcome),
                of("REPLAYED ticket (\\S+)", "audit.detail.replayedNoOutcome"),
                of("IGNORED: (.+)", "audit.detail.replayIgnored").with(1, reasons::text),
                of("OPEN: (.+)", "audit.detail.replayOpen").with(1, reasons::text),
                of("(\\d+) replayed, (\\d+) still open, (\\d+) failed", "audit.detail.bulkReplay"),
                // ConsoleSecurity (the hint is appended for an unknown username)
                of("(.+); typed username: (\\d+) characters", "audit.detail.typedUsername").with(1, this::text),
                of("login refused: username locked out", "audit.detail.lockedOut"),
                of("wrong password; username now locked out", "audit.detail.wrongPasswordLocked"),
                of("wrong password", "audit.detail.wrongPassword"),
                // AuditLog.flag (FlagPages, the API)
                of("post (\\S+), (\\d+) screenshot\\(s\\)", "audit.detail.flagged"),
                of("flagged before: (.+)", "audit.detail.flaggedBefore"),
                of("refused: (.+)", "audit.detail.flagRefused").with(1, reasons::text),
                // AuditLog.letter (LetterPages, the API)
                of("letter file (.*) \\((\\d+) bytes\\): (\\S+) \u2014 (.+)", "audit.detail.letterWithReason")
                        .with(3, outcome).with(4, reasons::text),
                of("letter file (.*) \\((\\d+) bytes\\): (\\S+)", "audit.detail.letter").with(3, outcome),
                // RecapController: "period A..B[ (preset P)] zone Z, WHAT, total N"
                of("period (\\S+)\\.\\.(\\S+) \\(preset (\\S+)\\) zone (\\S+), (.+), total (\\d+)", "audit.detail.exportPreset")
                        .with(5, this::text),
                of("period (\\S+)\\.\\.(\\S+) zone (\\S+), (.+), total (\\d+)", "audit.detail.export").with(4, this::text),
                of("CSV (\\S+)", "audit.detail.csv"),
                of("XLSX all breakdowns, (\\d+) overdue", "audit.detail.xlsx"),
                // ReviewPages
                of("accepted: (\\d+) corrections, held-out top-1 (\\S+) -> (\\S+), top-3 (\\S+) -> (\\S+)", "audit.detail.retrainAccepted"),
                of("refused \\(scores worse on the held-out set\\): (\\d+) corrections, held-out top-1 (\\S+) -> (\\S+), "
                        + "top-3 (\\S+) -> (\\S+)", "audit.detail.retrainRefused")));
    }

    /**
     * The detail for the console: a known form in the current locale's words, anything else unchanged.
     *
     * @param detail the stored detail; null or blank gives an empty string
     */
    public String text(String detail) {
        return forms.text(detail);
    }

    /** The form that renders {@code detail}, or null when it would be shown unchanged (for tests). */
    StoredForms.Form form(String detail) {
        return forms.form(detail);
    }

    /** The whole table, in the order it is tried (for tests). */
    List<StoredForms.Form> forms() {
        return forms.forms();
    }
}
