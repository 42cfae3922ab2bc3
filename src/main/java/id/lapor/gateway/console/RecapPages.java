package id.lapor.gateway.console;

import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.Ledger;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rekap (ADMIN): for a period (dates in the gateway's zone, default this month) the complaints counted by
 * bidang urusan (the category's parent in categories.yaml, else the category itself), by category, channel,
 * OPD and status, as tables with server-side SVG bars, and the same as CSV ({@code /rekap.csv}, audited
 * as EXPORT) in the shape of the provincial recaps: number, group, name, count, with a total per group.
 * Counting reads each complaint's canonical JSON once; a region's month is thousands of rows, not millions.
 */
@Controller
public class RecapPages {

    /** One recap table: rows of (name, count) in descending count, and their total. */
    public record Table(String key, List<Map.Entry<String, Long>> rows, long total, long max) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final CanonicalJson json;
    private final CategoryLexicon categories;
    private final ConsoleFormat format;
    private final AuditLog audit;
    private final Clock clock;

    public RecapPages(NamedParameterJdbcTemplate jdbc, CanonicalJson json, CategoryLexicon categories, ConsoleFormat format,
                      AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.categories = categories;
        this.format = format;
        this.audit = audit;
        this.clock = clock;
    }

    private LocalDate date(String s, LocalDate fallback) {
        if (s == null || s.isBlank()) return fallback;
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    /** The recap's tables for [from, to] (whole days, inclusive). Duplicates are not counted. */
    List<Table> tables(LocalDate from, LocalDate to) {
        Instant a = from.atStartOfDay(format.zone()).toInstant();
        Instant b = to.plusDays(1).atStartOfDay(format.zone()).toInstant();
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (String k : List.of("urusan", "category", "channel", "opd", "status")) counts.put(k, new TreeMap<>());
        jdbc.query("""
                SELECT channel, status, canonical_json FROM complaint
                WHERE received_at >= :from AND received_at < :to AND status <> 'DUPLICATE'""",
                new MapSqlParameterSource("from", Ledger.ts(a)).addValue("to", Ledger.ts(b)), rs -> {
                    var c = json.read(rs.getString("canonical_json"));
                    String cat = c.category() == null ? "-" : c.category().name();
                    String parent = c.category() == null ? null : categories.entry(c.category().code()).parent();
                    counts.get("urusan").merge(parent == null ? cat : parent, 1L, Long::sum);
                    counts.get("category").merge(cat, 1L, Long::sum);
                    counts.get("channel").merge(rs.getString("channel"), 1L, Long::sum);
                    counts.get("opd").merge(c.disposition() == null ? "-" : c.disposition().name(), 1L, Long::sum);
                    counts.get("status").merge(rs.getString("status"), 1L, Long::sum);
                });
        List<Table> out = new ArrayList<>();
        counts.forEach((k, m) -> {
            List<Map.Entry<String, Long>> rows = new ArrayList<>(m.entrySet());
            rows.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            long total = rows.stream().mapToLong(Map.Entry::getValue).sum();
            out.add(new Table(k, rows, total, rows.stream().mapToLong(Map.Entry::getValue).max().orElse(0)));
        });
        return out;
    }

    @GetMapping("/rekap")
    public String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        LocalDate today = clock.instant().atZone(format.zone()).toLocalDate();
        LocalDate f = date(from, today.withDayOfMonth(1));
        LocalDate t = date(to, today);
        model.addAttribute("from", f.toString());
        model.addAttribute("to", t.toString());
        model.addAttribute("tables", tables(f, t));
        return "console/recap";
    }

    /** CSV (RFC 4180, UTF-8 with BOM for spreadsheet programs): no,group,name,count and a total row per group. */
    @GetMapping("/rekap.csv")
    public ResponseEntity<byte[]> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                      Authentication who) {
        LocalDate today = clock.instant().atZone(format.zone()).toLocalDate();
        LocalDate f = date(from, today.withDayOfMonth(1));
        LocalDate t = date(to, today);
        StringBuilder b = new StringBuilder("\uFEFFno,kelompok,nama,jumlah\r\n");
        for (Table table : tables(f, t)) {
            int n = 1;
            for (Map.Entry<String, Long> r : table.rows()) {
                b.append(n++).append(',').append(table.key()).append(',').append(cell(r.getKey())).append(',').append(r.getValue()).append("\r\n");
            }
            b.append(',').append(table.key()).append(",TOTAL,").append(table.total()).append("\r\n");
        }
        audit.record(who.getName(), AuditLog.Action.EXPORT, "rekap-" + f + "_" + t + ".csv", null);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("rekap-" + f + "_" + t + ".csv").build().toString())
                .body(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
    static String cell(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
