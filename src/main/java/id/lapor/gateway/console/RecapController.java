package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.DispositionRules;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rekap (ADMIN only: a management report for Diskominfo's leaders; OPS keeps to health and read-only
 * complaint checks, and the menu shows Rekap to ADMIN only):
 * <ul>
 *   <li>{@code GET /rekap?preset=bulan-ini|bulan-lalu|tahun-ini} or {@code ?from=yyyy-MM-dd&to=yyyy-MM-dd}:
 *   counts by bidang urusan, category, channel, OPD and status as tables and server-side SVG bar
 *   charts, and the complaints past their SLA. A period that cannot be read is said in Indonesian, the
 *   typed values stay in the form, and this month is shown meanwhile.</li>
 *   <li>{@code GET /rekap/unduh.csv?rincian=urusan|kategori|kanal|opd|status|lewat-sla&…}: one breakdown
 *   as CSV; {@code GET /rekap/unduh.xlsx?…}: every breakdown, a sheet each. Both audited
 *   ({@code EXPORT}, file name as target, period and totals in the detail).</li>
 * </ul>
 */
@Controller
public class RecapController {

    /** Overdue complaints listed on the page and in the files at most (the page says how many more). */
    static final int OVERDUE_LIMIT = 500;
    static final String OVERDUE_KEY = "lewat-sla";

    private final RecapQueries queries;
    private final CategoryLexicon categories;
    private final DispositionRules dispositions;
    private final ConsoleFormat format;
    private final MessageSource messages;
    private final AuditLog audit;
    private final Clock clock;

    public RecapController(RecapQueries queries, CategoryLexicon categories, DispositionRules dispositions,
                           ConsoleFormat format, MessageSource messages, AuditLog audit, Clock clock) {
        this.queries = queries;
        this.categories = categories;
        this.dispositions = dispositions;
        this.format = format;
        this.messages = messages;
        this.audit = audit;
        this.clock = clock;
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    /** A table with its chart, for the template. */
    public record Section(Recap.Table table, Recap.Chart chart, String heading, String csvUrl) {}

    /** The whole recap of a period. */
    record Built(RecapExport.Report report, Map<Recap.Breakdown, Recap.Table> tables) {}

    Built build(RecapPeriod p, Instant now) {
        Instant from = p.start();
        Instant to = p.endExclusive();
        Map<String, Long> byCategory = queries.byCategory(from, to);
        Map<String, String> categoryNames = new HashMap<>();
        Map<String, String> urusan = new HashMap<>();
        for (String code : byCategory.keySet()) {
            if (code == null) {
                categoryNames.put(null, msg("recap.none"));
                urusan.put(null, msg("recap.none"));
                continue;
            }
            CategoryLexicon.Entry e = categories.entries().stream().filter(x -> x.code().equals(code)).findFirst().orElse(null);
            String name = e != null ? e.name() : Objects.requireNonNullElse(queries.storedName(RecapQueries.Breakdown.CATEGORY, code, from, to), code);
            categoryNames.put(code, RawView.visible(name));
            urusan.put(code, RawView.visible(e != null && e.parent() != null ? e.parent() : name));
        }
        Map<String, Long> byOpd = queries.byOpd(from, to);
        Map<String, String> opdNames = new HashMap<>();
        for (String id : byOpd.keySet()) {
            if (id == null) {
                opdNames.put(null, msg("recap.none"));
                continue;
            }
            String name = dispositions.institutions().stream().filter(d -> d.institutionId().equals(id))
                    .map(Complaint.Disposition::name).findFirst()
                    .orElseGet(() -> Objects.requireNonNullElse(queries.storedName(RecapQueries.Breakdown.OPD, id, from, to), id));
            opdNames.put(id, RawView.visible(name));
        }
        Map<Recap.Breakdown, Recap.Table> tables = new java.util.EnumMap<>(Recap.Breakdown.class);
        tables.put(Recap.Breakdown.URUSAN, Recap.table(Recap.Breakdown.URUSAN, Recap.rollUp(byCategory, urusan::get), k -> k));
        tables.put(Recap.Breakdown.CATEGORY, Recap.table(Recap.Breakdown.CATEGORY, byCategory, categoryNames::get));
        tables.put(Recap.Breakdown.CHANNEL, Recap.table(Recap.Breakdown.CHANNEL, queries.byChannel(from, to),
                k -> msg("channel." + Channel.valueOf(k).key())));
        tables.put(Recap.Breakdown.OPD, Recap.table(Recap.Breakdown.OPD, byOpd, opdNames::get));
        tables.put(Recap.Breakdown.STATUS, Recap.table(Recap.Breakdown.STATUS, queries.byStatus(from, to), k -> msg("status." + k)));
        List<RecapQueries.Overdue> overdue = queries.overdue(from, to, now, OVERDUE_LIMIT);
        long overdueCount = overdue.size() < OVERDUE_LIMIT ? overdue.size() : queries.overdueCount(from, to, now);
        return new Built(new RecapExport.Report(p, List.copyOf(tables.values()), overdue, overdueCount, queries.duplicates(from, to)), tables);
    }

    private String[] overdueCells(RecapQueries.Overdue o) {
        return new String[] {o.ticket(), format.time(o.receivedAt()), format.time(o.slaDueAt()), msg("channel." + o.channel().key()),
                RawView.visible(Objects.toString(o.category(), "")), RawView.visible(Objects.toString(o.opd(), "")),
                msg("status." + o.status().name()), RawView.visible(Objects.toString(o.title(), ""))};
    }

    private static String query(String base, RecapPeriod p, String rincian) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(base);
        if (p.preset() != null) b.queryParam("preset", p.preset().key);
        else b.queryParam("from", p.first().toString()).queryParam("to", p.last().toString());
        if (rincian != null) b.queryParam("rincian", rincian);
        return b.build().encode().toUriString();
    }

    @GetMapping("/rekap")
    public String page(@RequestParam(required = false) String preset, @RequestParam(required = false) String from,
                       @RequestParam(required = false) String to, Model model) {
        Instant now = clock.instant();
        RecapPeriod.Parsed parsed = RecapPeriod.parse(preset, from, to, now, format.zone());
        RecapPeriod p = parsed.period();
        Built built = build(p, now);
        List<Section> sections = new ArrayList<>();
        for (Recap.Table t : built.tables().values()) {
            sections.add(new Section(t, Recap.chart(t), msg("recap.col." + t.breakdown().key), query("/rekap/unduh.csv", p, t.breakdown().key)));
        }
        model.addAttribute("problems", parsed.problems().stream().map(x -> msg(x.key(), x.typed())).toList());
        // what was typed stays in the form, even when it could not be read
        model.addAttribute("from", parsed.ok() ? (p.preset() == null ? p.first().toString() : "") : Objects.toString(from, ""));
        model.addAttribute("to", parsed.ok() ? (p.preset() == null ? p.last().toString() : "") : Objects.toString(to, ""));
        model.addAttribute("preset", p.preset() == null ? "" : p.preset().key);
        model.addAttribute("presets", RecapPeriod.Preset.values());
        model.addAttribute("period", p);
        model.addAttribute("sections", sections);
        model.addAttribute("total", built.tables().get(Recap.Breakdown.CATEGORY).total());
        model.addAttribute("duplicates", built.report().duplicates());
        model.addAttribute("overdue", built.report().overdue().stream().map(this::overdueCells).toList());
        model.addAttribute("overdueCount", built.report().overdueCount());
        model.addAttribute("overdueCsv", query("/rekap/unduh.csv", p, OVERDUE_KEY));
        model.addAttribute("xlsxUrl", query("/rekap/unduh.xlsx", p, null));
        model.addAttribute("now", now);
        return "console/recap";
    }

    private ResponseEntity<byte[]> backToForm(String preset, String from, String to) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/rekap");
        if (preset != null) b.queryParam("preset", preset);
        if (from != null) b.queryParam("from", from);
        if (to != null) b.queryParam("to", to);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, b.build().encode().toUriString()).build();
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String name) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    private String detail(RecapPeriod p, String what, long total) {
        return "period " + p.first() + ".." + p.last() + (p.preset() == null ? "" : " (preset " + p.preset().key + ")")
                + " zone " + p.zone() + ", " + what + ", total " + total;
    }

    /** One breakdown (or the overdue list) as CSV, UTF-8 with BOM, RFC 4180. */
    @GetMapping("/rekap/unduh.csv")
    public ResponseEntity<byte[]> csv(@RequestParam(required = false) String preset, @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to, @RequestParam(required = false) String rincian,
                                      Authentication who) {
        Instant now = clock.instant();
        RecapPeriod.Parsed parsed = RecapPeriod.parse(preset, from, to, now, format.zone());
        String which = rincian == null || rincian.isBlank() ? Recap.Breakdown.URUSAN.key : rincian.strip();
        Recap.Breakdown b = Recap.Breakdown.of(which);
        if (!parsed.ok() || (b == null && !which.equalsIgnoreCase(OVERDUE_KEY))) return backToForm(preset, from, to);
        RecapPeriod p = parsed.period();
        Built built = build(p, now);
        RecapExport export = new RecapExport(this::msg);
        byte[] body;
        long total;
        String key;
        if (b == null) {
            body = export.csvOverdue(built.report().overdue(), this::overdueCells);
            total = built.report().overdue().size();
            key = OVERDUE_KEY;
        } else {
            Recap.Table t = built.tables().get(b);
            body = export.csv(t);
            total = t.total();
            key = b.key;
        }
        String name = "rekap-" + key + "-" + p.fileLabel() + ".csv";
        audit.record(who.getName(), AuditLog.Action.EXPORT, name, detail(p, "CSV " + key, total));
        return file(body, new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8), name);
    }

    /** Every breakdown, a sheet each, and the overdue list, as XLSX. */
    @GetMapping("/rekap/unduh.xlsx")
    public ResponseEntity<byte[]> xlsx(@RequestParam(required = false) String preset, @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to, Authentication who) {
        Instant now = clock.instant();
        RecapPeriod.Parsed parsed = RecapPeriod.parse(preset, from, to, now, format.zone());
        if (!parsed.ok()) return backToForm(preset, from, to);
        RecapPeriod p = parsed.period();
        Built built = build(p, now);
        byte[] body = new RecapExport(this::msg).xlsx(built.report(), this::overdueCells);
        String name = "rekap-" + p.fileLabel() + ".xlsx";
        audit.record(who.getName(), AuditLog.Action.EXPORT, name,
                detail(p, "XLSX all breakdowns, " + built.report().overdue().size() + " overdue", built.tables().get(Recap.Breakdown.CATEGORY).total()));
        return file(body, MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), name);
    }
}
