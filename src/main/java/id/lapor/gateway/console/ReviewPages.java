package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.classify.CategoryClassifier;
import id.lapor.gateway.classify.ClassifierStore;
import id.lapor.gateway.classify.ClassifierTraining;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.DispositionRules;
import id.lapor.gateway.intake.Enrichment;
import id.lapor.gateway.intake.ReviewHold;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Tinjau kategori (issue #20): {@code GET /aduan/tinjau} the complaints whose category the model was
 * not sure of ({@link Enrichment#CATEGORY_REVIEW}) and that no admin has corrected or confirmed yet,
 * oldest first, each with the time it goes to LAPOR! by itself when its forwarding is held for the review
 * ({@link ReviewHold}: "Dikirim otomatis ke OPD cadangan … pukul 14:05 WIB"), with the model in use and its retrains (OPS); {@code POST /aduan/tinjau/latih-ulang}
 * retrains from the admins' corrections (ADMIN, audited: the new model is used only when it does not
 * score worse on the held-out set).
 */
@Controller
public class ReviewPages {

    /**
     * A complaint waiting for review: the model's best guesses as the flag lists them.
     *
     * @param autoForwardAt when it goes to LAPOR! by itself if no admin decides first (the end of its review hold),
     *                      null when it is not held (no hold configured, or already due or sent)
     * @param opd           the OPD it goes to then (intake's disposition), {@code <id> <name>}
     * @param fallback      that OPD is the fallback one that disposes by hand
     */
    public record Row(String ticket, Channel channel, ComplaintStatus status, Instant receivedAt, String title,
                      String category, double confidence, String guesses, Instant autoForwardAt, String opd, boolean fallback) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final CanonicalJson json;
    private final CategoryClassifier classifier;
    private final ClassifierStore store;
    private final ClassifierTraining training;
    private final AuditLog audit;
    private final ConsoleProperties props;
    private final MessageSource messages;
    private final ReviewHold hold;
    private final DispositionRules dispositions;
    private final Clock clock;
    private final id.lapor.gateway.intake.CategoryLexicon categories;

    public ReviewPages(NamedParameterJdbcTemplate jdbc, CanonicalJson json, CategoryClassifier classifier, ClassifierStore store,
                       ClassifierTraining training, AuditLog audit, ConsoleProperties props, MessageSource messages,
                       ReviewHold hold, DispositionRules dispositions, Clock clock, id.lapor.gateway.intake.CategoryLexicon categories) {
        this.categories = categories;
        this.hold = hold;
        this.dispositions = dispositions;
        this.clock = clock;
        this.jdbc = jdbc;
        this.json = json;
        this.classifier = classifier;
        this.store = store;
        this.training = training;
        this.audit = audit;
        this.props = props;
        this.messages = messages;
    }

    // a duplicate is never forwarded on its own: its original (in the queue itself) carries the decision
    private static final String OPEN = """
            FROM complaint c WHERE c.canonical_json LIKE :flag AND c.status <> 'DUPLICATE'
              AND NOT EXISTS (SELECT 1 FROM classifier_example e WHERE e.ticket = c.ticket)""";
    /** {@link #OPEN} with each complaint's outbox row (found by arrival, as {@code OutboxRepository} does). */
    private static final String OPEN_WITH_OUTBOX = """
            FROM complaint c LEFT JOIN outbox o ON o.created_at = c.received_at AND o.ticket = c.ticket
            WHERE c.canonical_json LIKE :flag AND c.status <> 'DUPLICATE'
              AND NOT EXISTS (SELECT 1 FROM classifier_example e WHERE e.ticket = c.ticket)""";

    private MapSqlParameterSource open() {
        // flags are written compact by CanonicalJson: "flags":[…,"CATEGORY_REVIEW:…",…]
        return new MapSqlParameterSource("flag", "%\"" + Enrichment.CATEGORY_REVIEW + "%");
    }

    /** Complaints waiting for review, oldest first (the first to go to LAPOR! by itself on top). */
    List<Row> queue(int page, int size) {
        Instant now = clock.instant();
        String fallbackId = dispositions.fallback().institutionId();
        return jdbc.query("SELECT c.ticket, c.channel, c.status, c.received_at, c.canonical_json, o.state AS outbox_state,"
                        + " o.held_until, o.hold_decided " + OPEN_WITH_OUTBOX
                        + " ORDER BY c.received_at, c.ticket LIMIT :limit OFFSET :offset",
                open().addValue("limit", size).addValue("offset", (long) page * size), (rs, i) -> {
                    var c = json.read(rs.getString("canonical_json"));
                    String guesses = c.flags().stream().filter(f -> f.startsWith(Enrichment.CATEGORY_REVIEW))
                            .map(f -> readable(f.substring(Enrichment.CATEGORY_REVIEW.length()))).findFirst().orElse("");
                    Instant autoForwardAt = ReviewHold.forwardsAutomaticallyAt(rs.getString("outbox_state"),
                            ConsoleQueries.instant(rs, "held_until"), rs.getBoolean("hold_decided"), now).orElse(null);
                    var d = c.disposition();
                    return new Row(rs.getString("ticket"), Channel.valueOf(rs.getString("channel")),
                            ComplaintStatus.valueOf(rs.getString("status")), ConsoleQueries.instant(rs, "received_at"), c.title(),
                            c.category() == null ? null : c.category().name(), c.category() == null ? 0 : c.category().confidence(), guesses,
                            autoForwardAt, d == null ? "-" : d.institutionId() + " " + d.name(),
                            d != null && d.institutionId().equals(fallbackId));
                });
    }

    /** How many complaints wait for review. */
    long waiting() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) " + OPEN, open(), Long.class);
        return n == null ? 0 : n;
    }

    @GetMapping("/aduan/tinjau")
    public String page(@RequestParam(required = false) String page, Model model, HttpServletRequest req) {
        int p = Paging.page(page);
        long total = waiting();
        List<Row> rows = queue(p, props.pageSize());
        model.addAttribute("rows", rows);
        model.addAttribute("threshold", Math.round(classifier.reviewBelow() * 100) + " %");
        model.addAttribute("held", !hold.hold().isZero());
        model.addAttribute("hold", holdText(hold.hold()));
        CategoryClassifier.Current m = classifier.current();
        model.addAttribute("model", m);
        model.addAttribute("top1", pct(m.heldOut().top1()));
        model.addAttribute("top3", pct(m.heldOut().top3()));
        model.addAttribute("corrections", store.exampleCount());
        model.addAttribute("trainings", store.trainings(10));
        Paging.put(model, req, p, props.pageSize(), total, rows.size());
        return "console/review";
    }

    @PostMapping("/aduan/tinjau/latih-ulang")
    public String retrain(Authentication who, RedirectAttributes flash) {
        CategoryClassifier.Retrain r = training.retrain(who.getName());
        String note = String.format(Locale.ROOT, "%s: %d corrections, held-out top-1 %.3f -> %.3f, top-3 %.3f -> %.3f",
                r.accepted() ? "accepted" : "refused (scores worse on the held-out set)", r.corrections(),
                r.before().top1(), r.after().top1(), r.before().top3(), r.after().top3());
        audit.record(who.getName(), AuditLog.Action.RETRAIN, "category-model", note);
        flash.addFlashAttribute("flash", messages.getMessage(r.accepted() ? "review.retrain.accepted" : "review.retrain.refused",
                new Object[] {r.corrections(), pct(r.before().top1()), pct(r.after().top1())}, LocaleContextHolder.getLocale()));
        flash.addFlashAttribute("flashBad", !r.accepted());
        return "redirect:/aduan/tinjau";
    }

    /** The hold's length in the admin's words: {@code 4 jam}, {@code 90 menit}. */
    private String holdText(java.time.Duration d) {
        long minutes = d.toMinutes();
        boolean hours = minutes % 60 == 0 && minutes > 0;
        return messages.getMessage(hours ? "review.hold.hours" : "review.hold.minutes",
                new Object[] {hours ? minutes / 60 : minutes}, LocaleContextHolder.getLocale());
    }

    /** A share as a percentage with one decimal in the reader's notation: "89,2" in Indonesian, "89.2" in English. */
    static String pct(double share) {
        return String.format(LocaleContextHolder.getLocale(), "%.1f", share * 100);
    }

    /**
     * The flag's guesses ({@code JALAN_BERLUBANG 0.41, PEKERJAAN_UMUM 0.22}, written by Enrichment) as an admin reads
     * them: {@code JALAN BERLUBANG 41 %, PEKERJAAN UMUM DAN PENATAAN RUANG 22 %}; a part that does not parse is kept;
     * when the best is under {@link #NO_GUESS_BELOW} the message {@code review.noGuess} instead.
     */
    String readable(String guesses) {
        return readable(guesses, categories, messages, LocaleContextHolder.getLocale());
    }

    /** {@link #readable(String)} with its inputs given: the categories' names and the message bundle in {@code locale}. */
    static String readable(String guesses, id.lapor.gateway.intake.CategoryLexicon categories, MessageSource messages, java.util.Locale locale) {
        List<String> out = new java.util.ArrayList<>();
        double best = -1;
        for (String part : guesses.split(",\\s*")) {
            String[] codeAndP = part.strip().split("\\s+");
            if (codeAndP.length != 2) {
                out.add(part.strip());
                continue;
            }
            String name = categories.entries().stream().filter(e -> e.code().equals(codeAndP[0]))
                    .map(id.lapor.gateway.intake.CategoryLexicon.Entry::name).findFirst().orElse(codeAndP[0]);
            try {
                double p = Double.parseDouble(codeAndP[1]);
                best = Math.max(best, p);
                out.add(name + " " + Math.round(p * 100) + " %");
            } catch (NumberFormatException e) {
                out.add(part.strip());
            }
        }
        // nothing stands out (every guess near 1 in 19): three equal "5 %" names read like a suggestion, so say it plainly
        if (best >= 0 && best < NO_GUESS_BELOW) {
            return messages.getMessage("review.noGuess", null, locale);
        }
        return String.join(", ", out);
    }

    /** Best probability under which the queue shows "no guess" instead of names (twice chance over 19 categories is 0.105). */
    static final double NO_GUESS_BELOW = 0.10;
}
