package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.channel.letter.LetterDesk;
import id.lapor.gateway.channel.letter.LetterFile;
import id.lapor.gateway.channel.letter.LetterProperties;
import id.lapor.gateway.intake.IntakeReceipt;
import org.springframework.beans.factory.ObjectProvider;
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
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Surat (CLERK and ADMIN): counter staff upload one or more letters (PDF, TIFF, JPEG, PNG, DOCX, TXT)
 * with what they know of the sender, and see the ticket of each file or why it was refused; "Unggahan
 * saya" lists what this user uploaded. Each file goes through {@link LetterDesk}, the same path as
 * {@code POST /api/letters}: type screened from the bytes, size limit {@code channels.letters.limits.max-file-bytes},
 * refused files kept in quarantine. Each file writes one audit row (action UPLOAD, target the ticket or
 * {@code quarantine <id>}); "Unggahan saya" is read from those rows joined with the complaint's current status.
 */
@Controller
public class LetterPages {

    /** Files per submit: a counter's batch; more is a job for the watched inbox folder. */
    static final int MAX_FILES = 20;
    static final int PAGE_SIZE = 50;
    /** Audit target of a refused file, as the quarantine actions write theirs: {@code quarantine <id>}. */
    static final String QUARANTINE_TARGET = AuditLog.QUARANTINE_TARGET;

    /** What happened to one uploaded file, for the result list. */
    public record Result(String filename, IntakeReceipt.Outcome outcome, String ticket, Long quarantineId,
                         String reasonClass, String reason) {}

    /**
     * One row of "Unggahan saya": when, the file's name (from the audit detail this class writes), the
     * ticket or quarantine target, the complaint's status now (null when refused), and for a refused file
     * its quarantine reason class.
     */
    public record Upload(Instant at, String filename, String target, String status, boolean quarantined, String reasonClass) {

        /** The quarantine number of a refused file, else null. */
        public String quarantineId() {
            return quarantined ? target.substring(QUARANTINE_TARGET.length()) : null;
        }
    }

    /** The audit detail's file name: {@code letter file <name> (<n> bytes): …} as written by {@link #upload}. */
    private static final java.util.regex.Pattern DETAIL_NAME = java.util.regex.Pattern.compile("^letter file (.*) \\(\\d+ bytes\\): ");

    static String filename(String detail) {
        if (detail == null) return "";
        java.util.regex.Matcher m = DETAIL_NAME.matcher(detail);
        return m.find() ? m.group(1) : "";
    }

    private final ObjectProvider<LetterDesk> desk;
    private final ObjectProvider<LetterProperties> letters;
    private final AuditLog audit;
    private final NamedParameterJdbcTemplate jdbc;
    private final MessageSource messages;

    public LetterPages(ObjectProvider<LetterDesk> desk, ObjectProvider<LetterProperties> letters, AuditLog audit,
                       NamedParameterJdbcTemplate jdbc, MessageSource messages) {
        this.desk = desk;
        this.letters = letters;
        this.audit = audit;
        this.jdbc = jdbc;
        this.messages = messages;
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    private String show(Model model, Map<String, String> form, Map<String, String> errors) {
        model.addAttribute("enabled", desk.getIfAvailable() != null);
        LetterProperties p = letters.getIfAvailable();
        model.addAttribute("maxMb", p == null ? 0 : Math.max(1, p.limits().maxFileBytes() / (1024 * 1024)));
        model.addAttribute("maxFiles", MAX_FILES);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "console/letters";
    }

    @GetMapping("/surat")
    public String page(Model model) {
        return show(model, Map.of(), Map.of());
    }

    /**
     * Sends each chosen file through the letter channel; answers with the page again when the form has
     * errors (what was typed is kept; files must be chosen again, a browser cannot be given them back),
     * else redirects to the page with one result per file.
     */
    @PostMapping("/surat")
    public String upload(@RequestParam(name = "files", required = false) List<MultipartFile> files,
                         @RequestParam Map<String, String> params, Authentication who, Model model,
                         RedirectAttributes redirect) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : List.of("reporterName", "address", "phone", "email", "dateReceived", "anonymous", "confidential")) {
            if (params.get(k) != null) form.put(k, params.get(k));
        }
        LetterDesk d = desk.getIfAvailable();
        Map<String, String> errors = new LinkedHashMap<>();
        if (d == null) errors.put("files", msg("letters.error.off"));
        List<MultipartFile> chosen = files == null ? List.of() : files.stream().filter(f -> f != null && !f.isEmpty()).toList();
        if (chosen.isEmpty()) errors.put("files", msg("letters.error.noFile"));
        else if (chosen.size() > MAX_FILES) errors.put("files", msg("letters.error.tooMany", MAX_FILES));
        LocalDate received = null;
        String date = form.get("dateReceived");
        if (date != null && !date.isBlank()) {
            try {
                received = LocalDate.parse(date.strip());
                if (LetterFile.CounterForm.receivedInFuture(received, LocalDate.now())) errors.put("dateReceived", msg("letters.error.future"));
            } catch (DateTimeParseException e) {
                errors.put("dateReceived", msg("letters.error.date"));
            }
        }
        if (!errors.isEmpty()) return show(model, form, errors);

        LetterFile.CounterForm counter = new LetterFile.CounterForm(blankToNull(form.get("reporterName")),
                blankToNull(form.get("address")), blankToNull(form.get("phone")), blankToNull(form.get("email")), received,
                form.containsKey("anonymous"), form.containsKey("confidential"), who.getName());
        List<Result> results = new ArrayList<>();
        for (MultipartFile f : chosen) {
            String name = RawView.visible(f.getOriginalFilename());
            IntakeReceipt r = d.receive(f.getOriginalFilename(), f.getBytes(), counter);
            String reasonClass = r.quarantineId() == null ? null : reasonClass(r.quarantineId());
            results.add(new Result(name, r.outcome(), r.ticket(), r.quarantineId(), reasonClass, r.reason()));
            audit.letter(who.getName(), AuditLog.Origin.CONSOLE, r, f.getOriginalFilename(), f.getSize());
        }
        redirect.addFlashAttribute("results", results);
        return "redirect:/surat";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private String reasonClass(long quarantineId) {
        List<String> c = jdbc.queryForList("SELECT reason_class FROM quarantine WHERE id = :id",
                new MapSqlParameterSource("id", quarantineId), String.class);
        return c.isEmpty() ? null : c.get(0);
    }

    /** Unggahan saya: this user's uploads, newest first, with each complaint's status now. */
    @GetMapping("/surat/saya")
    public String mine(@RequestParam(required = false) String page, Authentication who, Model model) {
        // read leniently, as the other lists do (Paging.page): bound as int, ?page=abc answered 500
        int p = Paging.page(page);
        List<Upload> rows = jdbc.query("""
                SELECT a.at, a.target, a.detail, c.status, q.reason_class FROM console_audit a
                LEFT JOIN complaint c ON c.ticket = a.target
                LEFT JOIN quarantine q ON a.target = CONCAT('quarantine ', CAST(q.id AS VARCHAR(20)))
                WHERE a.username = :username AND a.action = 'UPLOAD'
                ORDER BY a.id DESC LIMIT :limit OFFSET :offset""",
                new MapSqlParameterSource("username", who.getName()).addValue("limit", PAGE_SIZE + 1)
                        .addValue("offset", (long) p * PAGE_SIZE),
                (rs, i) -> new Upload(rs.getObject("at", OffsetDateTime.class).toInstant(), filename(rs.getString("detail")),
                        rs.getString("target"), rs.getString("status"),
                        rs.getString("target") != null && rs.getString("target").startsWith(QUARANTINE_TARGET),
                        rs.getString("reason_class")));
        boolean more = rows.size() > PAGE_SIZE;
        model.addAttribute("uploads", more ? rows.subList(0, PAGE_SIZE) : rows);
        model.addAttribute("prevUrl", p > 0 ? "/surat/saya?page=" + (p - 1) : null);
        model.addAttribute("nextUrl", more ? "/surat/saya?page=" + (p + 1) : null);
        return "console/letters-mine";
    }
}
