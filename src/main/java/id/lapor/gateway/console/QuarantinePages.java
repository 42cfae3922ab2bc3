package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.intake.QuarantineReplay;
import id.lapor.gateway.intake.QuarantineStore;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Karantina: {@code GET /karantina} filtered list (OPS), {@code GET /karantina/{id}} one item (OPS; the raw
 * input shown safely for ADMIN, {@link RawView}), and ADMIN actions: replay, dismiss with a note, and the
 * same for the whole filtered set ({@code POST /karantina/massal}).
 */
@Controller
public class QuarantinePages {

    private final QuarantineActions actions;
    private final QuarantineStore store;
    private final ConsoleProperties props;
    private final ConsoleFormat format;
    private final MessageSource messages;
    private final QuarantineReasons reasons;

    public QuarantinePages(QuarantineActions actions, QuarantineStore store, ConsoleProperties props, ConsoleFormat format,
                           MessageSource messages, QuarantineReasons reasons) {
        this.reasons = reasons;
        this.actions = actions;
        this.store = store;
        this.props = props;
        this.format = format;
        this.messages = messages;
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    private Instant day(String value, int plus) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value.strip()).plusDays(plus).atStartOfDay(format.zone()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    QuarantineActions.Filter filter(String channel, String reason, String state, String from, String to) {
        return new QuarantineActions.Filter(ConsoleForms.parseEnum(Channel.class, channel),
                ConsoleForms.parseEnum(Normalisation.ReasonClass.class, reason),
                ConsoleForms.parseEnum(QuarantineStore.State.class, state), day(from, 0), day(to, 1));
    }

    @GetMapping("/karantina")
    public String list(@RequestParam(required = false) String channel, @RequestParam(required = false) String reason,
                       @RequestParam(required = false) String state, @RequestParam(required = false) String from,
                       @RequestParam(required = false) String to, @RequestParam(required = false) String page,
                       Model model, HttpServletRequest req) {
        QuarantineActions.Filter f = filter(channel, reason, state, from, to);
        int p = Paging.page(page);
        long total = actions.count(f);
        List<QuarantineStore.Item> items = actions.list(f, p, props.pageSize());
        model.addAttribute("items", items);
        model.addAttribute("channel", f.channel() == null ? "" : f.channel().name());
        model.addAttribute("reason", f.reasonClass() == null ? "" : f.reasonClass().name());
        model.addAttribute("state", f.state() == null ? "" : f.state().name());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("channels", Channel.values());
        model.addAttribute("reasons", Normalisation.ReasonClass.values());
        model.addAttribute("states", QuarantineStore.State.values());
        model.addAttribute("openInFilter", actions.count(new QuarantineActions.Filter(f.channel(), f.reasonClass(),
                QuarantineStore.State.OPEN, f.from(), f.to())));
        Paging.put(model, req, p, props.pageSize(), total, items.size());
        return "console/quarantine";
    }

    @GetMapping("/karantina/{id}")
    public String detail(@PathVariable long id, Model model, Authentication who) {
        QuarantineStore.Item item = store.find(id).orElseThrow(() -> new ConsoleErrors.NotFound("quarantine " + id));
        model.addAttribute("item", item);
        model.addAttribute("reasonText", RawView.visible(item.reason()));
        // the stored line stays on the page ("Teks asli") for ops who search the logs for it
        model.addAttribute("reasonShown", RawView.visible(reasons.text(item.reason())));
        model.addAttribute("dismissal", RawView.visible(actions.dismissal(id)));
        if (who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"))) {
            model.addAttribute("raw", store.raw(item).map(b -> RawView.of(b, item.rawMediaType())).orElse(null));
        }
        return "console/quarantine-item";
    }

    @GetMapping("/karantina/{id}/mentah")
    public ResponseEntity<byte[]> raw(@PathVariable long id) {
        QuarantineStore.Item item = store.find(id).orElseThrow(() -> new ConsoleErrors.NotFound("quarantine " + id));
        byte[] bytes = store.raw(item).orElseThrow(() -> new ConsoleErrors.NotFound("quarantine " + id));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("karantina-" + id + ".raw").build().toString())
                .body(bytes);
    }

    @PostMapping("/karantina/{id}/proses-ulang")
    public String replay(@PathVariable long id, Authentication who, RedirectAttributes flash) {
        try {
            QuarantineReplay.Result r = actions.replay(id, who.getName()).orElseThrow(() -> new ConsoleErrors.NotFound("quarantine " + id));
            switch (r.state()) {
                case REPLAYED -> flash.addFlashAttribute("flash", msg("quarantine.replayed", r.ticket()));
                case IGNORED -> flash.addFlashAttribute("flash", msg("quarantine.ignored", RawView.visible(reasons.text(r.reason()))));
                default -> {
                    flash.addFlashAttribute("flash", msg("quarantine.stillOpen", RawView.visible(reasons.text(r.reason()))));
                    flash.addFlashAttribute("flashBad", true);
                }
            }
        } catch (IllegalStateException e) {
            flash.addFlashAttribute("flash", msg("quarantine.notOpen"));
            flash.addFlashAttribute("flashBad", true);
        }
        return "redirect:/karantina/" + id;
    }

    @PostMapping("/karantina/{id}/abaikan")
    public String dismiss(@PathVariable long id, @RequestParam(required = false) String note, Authentication who,
                          RedirectAttributes flash) {
        if (store.find(id).isEmpty()) throw new ConsoleErrors.NotFound("quarantine " + id);
        if (ConsoleForms.blankToNull(note) == null || ConsoleForms.blankToNull(note).length() > QuarantineActions.NOTE_MAX) {
            flash.addFlashAttribute("flash", ConsoleForms.blankToNull(note) == null ? msg("quarantine.noteRequired")
                    : msg("quarantine.noteLong", QuarantineActions.NOTE_MAX));
            flash.addFlashAttribute("flashBad", true);
        } else {
            boolean ok = actions.dismiss(id, note, who.getName());
            flash.addFlashAttribute("flash", msg(ok ? "quarantine.dismissed" : "quarantine.notOpen"));
            flash.addFlashAttribute("flashBad", !ok);
        }
        return "redirect:/karantina/" + id;
    }

    @PostMapping("/karantina/massal")
    public String bulk(@RequestParam String action, @RequestParam(required = false) String channel,
                       @RequestParam(required = false) String reason, @RequestParam(required = false) String from,
                       @RequestParam(required = false) String to, @RequestParam(required = false) String note,
                       Authentication who, RedirectAttributes flash) {
        QuarantineActions.Filter f = filter(channel, reason, "OPEN", from, to);
        String back = UriComponentsBuilder.fromPath("/karantina").queryParam("channel", blank(channel)).queryParam("reason", blank(reason))
                .queryParam("from", blank(from)).queryParam("to", blank(to)).encode().build().toUriString();
        if (!readable(f, channel, reason, from, to)) {
            // the list reads an unreadable filter as "no filter"; a bulk action must not: it would act on every open item
            flash.addFlashAttribute("flash", msg("quarantine.bulkBadFilter"));
            flash.addFlashAttribute("flashBad", true);
            return "redirect:" + back;
        }
        if (action.equals("dismiss")) {
            if (ConsoleForms.blankToNull(note) == null || ConsoleForms.blankToNull(note).length() > QuarantineActions.NOTE_MAX) {
                flash.addFlashAttribute("flash", ConsoleForms.blankToNull(note) == null ? msg("quarantine.noteRequired")
                        : msg("quarantine.noteLong", QuarantineActions.NOTE_MAX));
                flash.addFlashAttribute("flashBad", true);
            } else {
                QuarantineActions.Bulk b = actions.dismissAll(f, note, who.getName());
                flash.addFlashAttribute("flash", msg("quarantine.bulkDismissed", b.done()));
            }
        } else {
            QuarantineActions.Bulk b = actions.replayAll(f, who.getName());
            flash.addFlashAttribute("flash", msg("quarantine.bulkReplayed", b.done(), b.stillOpen(), b.failed()));
        }
        return "redirect:" + back;
    }

    /** Whether every filter value given (not blank) was understood: a known channel and reason class, dates as yyyy-MM-dd. */
    static boolean readable(QuarantineActions.Filter f, String channel, String reason, String from, String to) {
        return (ConsoleForms.blankToNull(channel) == null || f.channel() != null)
                && (ConsoleForms.blankToNull(reason) == null || f.reasonClass() != null)
                && (ConsoleForms.blankToNull(from) == null || f.from() != null)
                && (ConsoleForms.blankToNull(to) == null || f.to() != null);
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }
}
