package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.forward.OutboxForwarder;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.DispositionRules;
import id.lapor.gateway.intake.Ledger;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Aduan: {@code GET /aduan} search (OPS), {@code GET /aduan/{ticket}} one complaint (OPS; raw input for
 * ADMIN), {@code GET /aduan/{ticket}/lampiran/{n}} an attachment (images and PDFs inline, everything
 * downloadable), {@code POST /aduan/{ticket}/kirim-ulang} re-drive (a parked complaint, or one LAPOR! no longer
 * knows as a new report), {@code POST /aduan/{ticket}/tutup} close one LAPOR! no longer knows with a note, and
 * {@code POST /aduan/{ticket}/koreksi} category/OPD correction (ADMIN).
 */
@Controller
public class ComplaintPages {

    /** Shown inline in the browser; every other type is only downloaded (an HTML or SVG file never runs here). */
    static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf");

    /** CSP of an attachment response: no scripts, no framing; images and the PDF viewer only. */
    static final String ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private final ConsoleQueries queries;
    private final Ledger ledger;
    private final OutboxRepository outbox;
    private final AttachmentStore blobs;
    private final ComplaintActions actions;
    private final CategoryLexicon categories;
    private final DispositionRules dispositions;
    private final ConsoleProperties props;
    private final ConsoleFormat format;
    private final MessageSource messages;
    private final org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate jdbc;
    private final id.lapor.gateway.classify.ClassifierStore examples;

    private final java.time.Clock clock;

    public ComplaintPages(ConsoleQueries queries, Ledger ledger, OutboxRepository outbox, AttachmentStore blobs,
                          ComplaintActions actions, CategoryLexicon categories, DispositionRules dispositions,
                          ConsoleProperties props, ConsoleFormat format, MessageSource messages,
                          org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate jdbc,
                          id.lapor.gateway.classify.ClassifierStore examples, java.time.Clock clock) {
        this.clock = clock;
        this.queries = queries;
        this.ledger = ledger;
        this.outbox = outbox;
        this.blobs = blobs;
        this.actions = actions;
        this.categories = categories;
        this.dispositions = dispositions;
        this.props = props;
        this.format = format;
        this.messages = messages;
        this.jdbc = jdbc;
        this.examples = examples;
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    private Instant day(String value, int plusDays) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value.strip()).plusDays(plusDays).atStartOfDay(format.zone()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @GetMapping("/aduan")
    public String search(@RequestParam(required = false) String q, @RequestParam(required = false) String channel,
                         @RequestParam(required = false) String status, @RequestParam(required = false) String category,
                         @RequestParam(required = false) String opd, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String to, @RequestParam(required = false) String page,
                         Model model, HttpServletRequest req) {
        String text = ConsoleForms.blankToNull(q);
        String ticket = null;
        // a ticket typed in the search box finds that complaint (case and spaces forgiven)
        if (text != null && Ticket.parse(text) instanceof Ticket.Parsed.Valid v) {
            ticket = v.ticket();
            text = null;
        }
        List<String> problems = new ArrayList<>();
        if (from != null && !from.isBlank() && day(from, 0) == null) problems.add(msg("complaints.badDate", from));
        if (to != null && !to.isBlank() && day(to, 0) == null) problems.add(msg("complaints.badDate", to));
        ConsoleQueries.Search s = new ConsoleQueries.Search(ticket, text, ConsoleForms.parseEnum(Channel.class, channel),
                ConsoleForms.parseEnum(ComplaintStatus.class, status), ConsoleForms.blankToNull(category),
                ConsoleForms.blankToNull(opd), day(from, 0), day(to, 1));
        int p = Paging.page(page);
        long total = queries.count(s);
        List<ConsoleQueries.Row> rows = queries.search(s, p, props.pageSize());
        model.addAttribute("rows", rows);
        model.addAttribute("q", q);
        model.addAttribute("channel", s.channel() == null ? "" : s.channel().name());
        model.addAttribute("status", s.status() == null ? "" : s.status().name());
        model.addAttribute("category", s.category() == null ? "" : s.category());
        model.addAttribute("opd", s.institutionId() == null ? "" : s.institutionId());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("problems", problems);
        model.addAttribute("channels", Channel.values());
        model.addAttribute("statuses", ComplaintStatus.values());
        model.addAttribute("categories", categories.entries());
        model.addAttribute("opds", dispositions.institutions());
        Paging.put(model, req, p, props.pageSize(), total, rows.size());
        return "console/complaints";
    }

    static String ticket(String typed) {
        if (Ticket.parse(typed) instanceof Ticket.Parsed.Valid v) return v.ticket();
        throw new ConsoleErrors.NotFound("ticket");
    }

    /** A flag ({@code CODE} or {@code CODE:detail}) explained in words, or as it is when the code is unknown. */
    String explain(String flag) {
        int colon = flag.indexOf(':');
        String code = colon < 0 ? flag : flag.substring(0, colon);
        String detail = colon < 0 ? "" : flag.substring(colon + 1);
        if (code.equals("ADMIN_CATEGORY")) detail = named(detail, categories.entries().stream()
                .filter(e -> e.code().equals(flag.substring(colon + 1))).map(CategoryLexicon.Entry::name));
        if (code.equals("ADMIN_OPD")) detail = named(detail, dispositions.institutions().stream()
                .filter(d -> d.institutionId().equals(flag.substring(colon + 1))).map(Complaint.Disposition::name));
        String text = messages.getMessage("flag." + code, new Object[] {detail}, null, LocaleContextHolder.getLocale());
        return RawView.visible(text == null ? flag : text);
    }

    /** {@code Nama (kode)} when the configuration knows the code, else the code as it is. */
    private static String named(String code, java.util.stream.Stream<String> names) {
        return names.findFirst().map(n -> n + " (" + code + ")").orElse(code);
    }

    @GetMapping("/aduan/{ticket}")
    public String detail(@PathVariable String ticket, Model model, Authentication who) {
        String t = ticket(ticket);
        Complaint c = ledger.find(t).orElseThrow(() -> new ConsoleErrors.NotFound(t));
        OutboxRepository.Row row = outbox.find(t).orElse(null);
        model.addAttribute("c", c);
        model.addAttribute("history", ledger.history(t));
        model.addAttribute("outbox", row);
        model.addAttribute("flags", c.flags().stream().map(this::explain).toList());
        List<Integer> positions = jdbc.queryForList("SELECT position FROM complaint_attachment WHERE ticket = :t ORDER BY position",
                new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("t", t), Integer.class);
        List<AttachmentLink> links = new ArrayList<>();
        for (int i = 0; i < c.attachments().size(); i++) {
            Complaint.Attachment a = c.attachments().get(i);
            int pos = i < positions.size() ? positions.get(i) : i;
            links.add(new AttachmentLink(pos, RawView.visible(a.filename()), a.mediaType(), a.sizeBytes(),
                    a.mediaType() != null && a.mediaType().startsWith("image/") && INLINE.contains(a.mediaType()),
                    INLINE.contains(a.mediaType())));
        }
        model.addAttribute("attachments", links);
        boolean admin = who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
        if (admin) {
            byte[] raw = raw(t, c).orElse(null);
            model.addAttribute("raw", raw == null ? null : RawView.of(raw, null));
        }
        boolean correctable = row != null && (row.state().equals("PENDING") || row.state().equals("PARKED"))
                && c.status() != ComplaintStatus.DUPLICATE;
        boolean review = ComplaintActions.underReview(c) && !examples.reviewed(t);
        model.addAttribute("correctable", correctable || review);
        model.addAttribute("review", review);
        // held for the review (ReviewHold): when it goes to LAPOR! by itself unless an admin decides first
        model.addAttribute("autoForwardAt", row == null ? null : id.lapor.gateway.intake.ReviewHold.forwardsAutomaticallyAt(
                row.state(), row.heldUntil(), row.holdDecided(), clock.instant()).orElse(null));
        model.addAttribute("parked", row != null && row.state().equals("PARKED"));
        // status sync's 404 mark (StatusSync): the admin re-sends it as a new report or closes it
        Instant missingSince = ledger.laporMissingSince(t).orElse(null);
        model.addAttribute("missing", missingSince != null);
        model.addAttribute("missingText", missingSince == null ? null : msg("complaint.missing.text",
                String.valueOf(c.lapor().complaintId()), format.time(missingSince)));
        model.addAttribute("closeNoteMin", ComplaintActions.CLOSE_NOTE_MIN);
        model.addAttribute("closeNoteMax", ComplaintActions.CLOSE_NOTE_MAX);
        model.addAttribute("categories", categories.entries());
        model.addAttribute("opds", dispositions.institutions());
        return "console/complaint";
    }

    /** An attachment's link on the detail page. */
    public record AttachmentLink(int position, String filename, String mediaType, long size, boolean image, boolean inline) {}

    private java.util.Optional<byte[]> raw(String ticket, Complaint c) {
        java.util.Optional<byte[]> inline = ledger.rawInline(ticket);
        if (inline.isPresent()) return inline;
        String ref = c.source() == null ? null : c.source().rawRef();
        if (ref == null || !ref.startsWith("sha256:")) return java.util.Optional.empty();
        return blobs.get(ref.substring("sha256:".length()));
    }

    @GetMapping("/aduan/{ticket}/mentah")
    public ResponseEntity<byte[]> rawDownload(@PathVariable String ticket) {
        String t = ticket(ticket);
        Complaint c = ledger.find(t).orElseThrow(() -> new ConsoleErrors.NotFound(t));
        byte[] raw = raw(t, c).orElseThrow(() -> new ConsoleErrors.NotFound(t));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(t + ".raw").build().toString())
                .body(raw);
    }

    /**
     * One attachment with its stored media type. Images and PDFs are {@code inline} unless {@code unduh}
     * is given; every other type is an attachment. Always {@code nosniff} (set by the console's chain).
     */
    @GetMapping("/aduan/{ticket}/lampiran/{position}")
    public ResponseEntity<byte[]> attachment(@PathVariable String ticket, @PathVariable int position,
                                             @RequestParam(required = false) String unduh) {
        String t = ticket(ticket);
        List<java.util.Map<String, Object>> rows = jdbc.queryForList("""
                SELECT filename, media_type, sha256 FROM complaint_attachment WHERE ticket = :t AND position = :p""",
                new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("t", t).addValue("p", position));
        if (rows.isEmpty()) throw new ConsoleErrors.NotFound(t + "/" + position);
        String type = String.valueOf(rows.get(0).get("media_type")).toLowerCase(Locale.ROOT);
        String name = rows.get(0).get("filename") == null ? t + "-" + position : String.valueOf(rows.get(0).get("filename"));
        name = name.replaceAll("[\\p{Cntrl}\"\\\\/]", "_");
        byte[] bytes = blobs.get(String.valueOf(rows.get(0).get("sha256"))).orElseThrow(() -> new ConsoleErrors.NotFound(t));
        boolean inline = unduh == null && INLINE.contains(type);
        MediaType mt;
        try {
            mt = MediaType.parseMediaType(type);
        } catch (RuntimeException e) {
            mt = MediaType.APPLICATION_OCTET_STREAM;
        }
        ContentDisposition cd = (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(name, StandardCharsets.UTF_8).build();
        // the file's own policy: nothing runs in it, and Chrome's PDF viewer (a plugin to CSP) may show a PDF
        return ResponseEntity.ok().contentType(mt).header(HttpHeaders.CONTENT_DISPOSITION, cd.toString())
                .header("Content-Security-Policy", ATTACHMENT_CSP).body(bytes);
    }

    @PostMapping("/aduan/{ticket}/kirim-ulang")
    public String redrive(@PathVariable String ticket, Authentication who, RedirectAttributes flash) {
        String t = ticket(ticket);
        OutboxForwarder.Redrive r = actions.redrive(t, who.getName());
        flash.addFlashAttribute("flash", switch (r.outcome()) {
            case REDRIVEN -> msg("complaint.redrive.ok");
            case RESENT_AS_NEW -> msg("complaint.resend.ok", String.valueOf(r.formerLaporId()));
            case NOT_REDRIVABLE -> msg("complaint.redrive.notParked");
        });
        flash.addFlashAttribute("flashBad", !r.queued());
        return "redirect:/aduan/" + t;
    }

    /**
     * Closes a complaint LAPOR! no longer knows ({@link ComplaintActions#closeMissing}): ARCHIVED with the admin's
     * note (required, {@value ComplaintActions#CLOSE_NOTE_MIN}..{@value ComplaintActions#CLOSE_NOTE_MAX} characters),
     * internal only.
     */
    @PostMapping("/aduan/{ticket}/tutup")
    public String closeMissing(@PathVariable String ticket, @RequestParam(required = false) String note, Authentication who,
                               RedirectAttributes flash) {
        String t = ticket(ticket);
        ComplaintActions.CloseOutcome o = actions.closeMissing(t, note, who.getName());
        flash.addFlashAttribute("flash", msg(switch (o) {
            case CLOSED -> "complaint.close.ok";
            case NOT_MISSING -> "complaint.close.notMissing";
            case BAD_NOTE -> "complaint.close.badNote";
        }));
        flash.addFlashAttribute("flashBad", o != ComplaintActions.CloseOutcome.CLOSED);
        return "redirect:/aduan/" + t;
    }

    @PostMapping("/aduan/{ticket}/koreksi")
    public String correct(@PathVariable String ticket, @RequestParam(required = false) String category,
                          @RequestParam(required = false) String opd, Authentication who, RedirectAttributes flash) {
        String t = ticket(ticket);
        ComplaintActions.Outcome o = actions.correct(t, ConsoleForms.blankToNull(category), ConsoleForms.blankToNull(opd), who.getName());
        if (o == ComplaintActions.Outcome.NOT_FOUND) throw new ConsoleErrors.NotFound(t);
        flash.addFlashAttribute("flash", msg("complaint.correct." + o.name()));
        flash.addFlashAttribute("flashBad", o != ComplaintActions.Outcome.CORRECTED && o != ComplaintActions.Outcome.CONFIRMED
                && o != ComplaintActions.Outcome.LABELLED);
        return "redirect:/aduan/" + t;
    }
}
