package id.lapor.gateway.console;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The notes of a complaint's status history in the admin's language ({@code @historyNotes} in Thymeleaf).
 *
 * <p>The ledger stores each note as a short English line for the REST API and the logs ({@code received on SMS},
 * {@code forwarded to LAPOR! as #4200002}, {@code parked: HTTP 422 …}, {@code corrected by admin: category A -> B,
 * OPD 1001 Dinas … -> 1007 Dinas …}). The console shows the same facts in the admin's language: each known form is matched here and
 * rendered from the message bundle ({@code history.*} keys), with the variable parts (channel name, ticket, LAPOR!
 * number, reason) carried over. A note of another form, such as LAPOR!'s own note on a status change, is shown
 * as it is. Matching and rendering are {@link StoredForms}'s; this class holds only the history's table.</p>
 */
@Component("historyNotes")
public class HistoryNotes {

    private final StoredForms forms;

    /** @param messages the console's message bundles ({@code history.*}, {@code channel.*} keys) */
    public HistoryNotes(MessageSource messages) {
        this.forms = new StoredForms(messages, forms(messages));
    }

    private static List<StoredForms.Form> forms(MessageSource messages) {
        return List.of(
                StoredForms.Form.of("received on ([A-Z_]+)", "history.received").with(1, c -> channelName(messages, c)),
                StoredForms.Form.of("duplicate of (\\S+)", "history.duplicate"),
                StoredForms.Form.of("forwarded to LAPOR! as #(\\d+)", "history.forwarded"),
                // OutboxForwarder.UNCERTAIN_PARK_REASON
                StoredForms.Form.of("parked: create outcome unknown after (\\d+) attempts, LAPOR! may hold several reports: (.*)",
                        "history.parkedUncertain"),
                StoredForms.Form.of("parked: (.*)", "history.parked"),
                StoredForms.Form.of("re-driven by an admin", "history.redriven"),
                StoredForms.Form.of("LAPOR! status (.+)", "history.laporStatus"),
                StoredForms.Form.of("OVERDUE: SLA due date passed", "history.overdue"),
                // StatusSync.MISSING_NOTE and FOUND_NOTE
                StoredForms.Form.of("LAPOR! does not know #(\\d+) \\(HTTP 404 on status sync\\)", "history.laporMissing"),
                StoredForms.Form.of("LAPOR! answers for #(\\d+) again", "history.laporFound"),
                // an admin's answer to that mark: OutboxForwarder.RESENT_NOTE and ComplaintActions.CLOSED_NOTE
                StoredForms.Form.of("sent again as a new report by an admin: LAPOR! did not know #(\\d+)", "history.resentAsNew"),
                CLOSED_MISSING,
                // id.lapor.gateway.intake.ReviewHold's notes
                StoredForms.Form.of("category review hold ended without an admin's decision: forwarded to OPD (.+)", "history.holdEnded"),
                StoredForms.Form.of("category review decided by (.+): forwarded to LAPOR! now", "history.holdDecided"),
                CORRECTED);
    }

    /** An admin's correction, as {@link ComplaintActions} writes it to the history and to the audit log. */
    static final StoredForms.Form CORRECTED = StoredForms.Form.of(
            "corrected by (.+?): category (\\S+) -> (\\S+), OPD (.+?) -> (.+)", "history.corrected");

    /**
     * An admin's close of a complaint LAPOR! no longer knows ({@link ComplaintActions#CLOSED_NOTE}), as written to the
     * history and to the audit log; the admin's note is shown as written.
     */
    static final StoredForms.Form CLOSED_MISSING = StoredForms.Form.of(
            "closed by an admin: LAPOR! did not know #(\\d+); note: (.+)", "history.closedMissing");

    /**
     * The note for the console: a known form in the current locale's words, anything else unchanged.
     *
     * @param note the stored note; null or blank gives an empty string
     */
    public String text(String note) {
        return forms.text(note);
    }

    private static String channelName(MessageSource messages, String channel) {
        return messages.getMessage("channel." + channel.toLowerCase(java.util.Locale.ROOT), null, channel,
                LocaleContextHolder.getLocale());
    }
}
