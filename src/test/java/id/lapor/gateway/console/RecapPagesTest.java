package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.config.GatewayProperties;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.DispositionRules;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Rekap over MockMvc with the whole gateway: complaints stored through intake on several channels, the
 * page, the CSV and XLSX files checked against counts taken from the ledger independently (the
 * canonical JSON read with Jackson, not the recap's SQL), roles, period errors in Indonesian, audit,
 * and hostile category/OPD names shown as text.
 */
@GatewayIntegrationTest
class RecapPagesTest {

    static final RequestPostProcessor ADMIN = user("admin").roles("ADMIN", "OPS", "CLERK");
    static final RequestPostProcessor OPS = user("ops").roles("OPS");
    static final RequestPostProcessor CLERK = user("clerk").roles("CLERK");
    static final Locale ID = Locale.forLanguageTag("id");

    @Autowired WebApplicationContext ctx;
    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired CanonicalJson canonical;
    @Autowired CategoryLexicon categories;
    @Autowired DispositionRules dispositions;
    @Autowired MessageSource messages;
    @Autowired AuditLog audit;
    @Autowired GatewayProperties gateway;
    @Autowired Clock clock;
    @Autowired id.lapor.gateway.forward.OutboxRepository outbox;
    final ObjectMapper json = new ObjectMapper();
    MockMvc mvc;
    String from;
    String to;

    @BeforeEach
    void setUp() {
        mvc = ConsoleMvc.of(ctx);
        // yesterday to tomorrow in the gateway's zone: everything stored now, whatever the hour
        LocalDate today = clock.instant().atZone(gateway.zone()).toLocalDate();
        from = today.minusDays(1).toString();
        to = today.plusDays(1).toString();
    }

    String store(Channel channel, String text) {
        String phone = Drafts.uniquePhone();
        ComplaintDraft d = ComplaintDraft.of(channel, "tel:" + phone).instance("recap-test").externalId("recap-" + phone)
                .reporter(new Complaint.Reporter(null, phone, null, "tel:" + phone, false, false)).content(text).language("id")
                .attachments(List.of()).flags(List.of()).build();
        IntakeReceipt r = intake.accept(d, null, null);
        assertThat(r.outcome()).isEqualTo(IntakeReceipt.Outcome.STORED);
        return r.ticket();
    }

    MockHttpServletRequestBuilder withPeriod(String path) {
        return get(path).param("from", from).param("to", to);
    }

    MvcResult ok(MockHttpServletRequestBuilder req) throws Exception {
        return mvc.perform(req.with(ADMIN)).andExpect(status().isOk()).andReturn();
    }

    String msg(String key) {
        return messages.getMessage(key, null, ID);
    }

    /** The ledger's counts for the period, per breakdown, by the label the files show; read apart from RecapQueries. */
    Map<String, Map<String, Long>> ledgerCounts() throws Exception {
        RecapPeriod p = RecapPeriod.parse(null, from, to, clock.instant(), gateway.zone()).period();
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (String b : List.of("urusan", "kategori", "kanal", "opd", "status")) out.put(b, new TreeMap<>());
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT channel, status, duplicate_of, canonical_json FROM complaint
                WHERE received_at >= :from AND received_at < :to""",
                new MapSqlParameterSource("from", Ledger.ts(p.start())).addValue("to", Ledger.ts(p.endExclusive())));
        for (Map<String, Object> r : rows) {
            if (r.get("duplicate_of") != null || "DUPLICATE".equals(r.get("status"))) continue;
            JsonNode c = json.readTree(String.valueOf(r.get("canonical_json")));
            String code = c.path("category").path("code").asText();
            CategoryLexicon.Entry e = categories.entries().stream().filter(x -> x.code().equals(code)).findFirst().orElse(null);
            String catName = e == null ? RawView.visible(c.path("category").path("name").asText()) : e.name();
            String urusan = e != null && e.parent() != null ? e.parent() : catName;
            String opdId = c.path("disposition").path("institution_id").asText();
            String opd = dispositions.institutions().stream().filter(d -> d.institutionId().equals(opdId))
                    .map(Complaint.Disposition::name).findFirst().orElse(RawView.visible(c.path("disposition").path("name").asText()));
            out.get("urusan").merge(Recap.safeCell(urusan), 1L, Long::sum);
            out.get("kategori").merge(Recap.safeCell(catName), 1L, Long::sum);
            out.get("opd").merge(Recap.safeCell(opd), 1L, Long::sum);
            out.get("kanal").merge(msg("channel." + Channel.valueOf(String.valueOf(r.get("channel"))).key()), 1L, Long::sum);
            out.get("status").merge(msg("status." + r.get("status")), 1L, Long::sum);
        }
        return out;
    }

    /** A CSV export parsed back: label → count, and the Total row's number. */
    record Parsed(Map<String, Long> counts, long total) {}

    Parsed csv(String rincian) throws Exception {
        MvcResult r = mvc.perform(withPeriod("/rekap/unduh.csv").param("rincian", rincian).with(ADMIN)).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"rekap-" + rincian + "-" + from + "_" + to + ".csv\""))
                .andReturn();
        byte[] b = r.getResponse().getContentAsByteArray();
        assertThat(new byte[] {b[0], b[1], b[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        List<CSVRecord> rows = CSVParser.parse(new StringReader(new String(b, StandardCharsets.UTF_8).substring(1)), CSVFormat.RFC4180).getRecords();
        assertThat(rows.get(0).values()).containsExactly("No", msg("recap.col." + rincian), "Jumlah");
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 1; i < rows.size() - 1; i++) {
            assertThat(rows.get(i).get(0)).isEqualTo(String.valueOf(i));
            counts.merge(rows.get(i).get(1), Long.parseLong(rows.get(i).get(2)), Long::sum);
        }
        CSVRecord last = rows.get(rows.size() - 1);
        assertThat(last.get(1)).isEqualTo("Total");
        return new Parsed(counts, Long.parseLong(last.get(2)));
    }

    Map<String, Parsed> xlsx() throws Exception {
        byte[] b = ok(withPeriod("/rekap/unduh.xlsx")).getResponse().getContentAsByteArray();
        Map<String, Parsed> out = new HashMap<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(b))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(6);
            for (String rincian : List.of("urusan", "kategori", "kanal", "opd", "status")) {
                Sheet s = wb.getSheet(msg("recap.col." + rincian));
                assertThat(s).as(rincian).isNotNull();
                assertThat(s.getRow(2).getCell(1).getStringCellValue()).isEqualTo(msg("recap.col." + rincian));
                Map<String, Long> counts = new TreeMap<>();
                int i = 3;
                for (; !"Total".equals(s.getRow(i).getCell(1).getStringCellValue()); i++) {
                    Row row = s.getRow(i);
                    assertThat((int) row.getCell(0).getNumericCellValue()).isEqualTo(i - 2);
                    // XLSX cells are strings, never formulas: no apostrophe needed there
                    counts.merge(Recap.safeCell(row.getCell(1).getStringCellValue()), (long) row.getCell(2).getNumericCellValue(), Long::sum);
                }
                out.put(rincian, new Parsed(counts, (long) s.getRow(i).getCell(2).getNumericCellValue()));
            }
        }
        return out;
    }

    @Test
    void csvAndXlsxMatchTheLedger() throws Exception {
        String road = store(Channel.SMS, "Jalan berlubang di depan pasar Cakranegara, aspal rusak parah");
        store(Channel.EMAIL, "Pelayanan puskesmas Karang Taliwang lambat, pasien menunggu lama");
        store(Channel.TELEGRAM, "Guru honorer sekolah dasar belum menerima gaji tiga bulan");
        store(Channel.WHATSAPP, "Kapal penyeberangan ke Gili Trawangan tidak sesuai jadwal");
        store(Channel.WHATSAPP, "Kapal feri dari pelabuhan Lembar terlambat berjam-jam");
        String twice = "Sampah menumpuk di TPS Sweta sudah seminggu " + System.nanoTime();
        String phone = Drafts.uniquePhone();
        for (int i = 0; i < 2; i++) {
            // the same reporter sends the same text twice: the second is a DUPLICATE, not counted
            intake.accept(ComplaintDraft.of(Channel.SMS, "tel:" + phone).instance("recap-test").externalId("dup-" + i + phone)
                    .reporter(new Complaint.Reporter(null, phone, null, "tel:" + phone, false, false)).content(twice).language("id")
                    .attachments(List.of()).flags(List.of()).build(), null, null);
        }
        // LAPOR! marks one complaint overdue (what status sync writes)
        jdbc.update("UPDATE complaint SET overdue = TRUE WHERE ticket = :t", new MapSqlParameterSource("t", road));

        // statuses move while the forwarder works: compare a consistent pair, retried until the ledger is still
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Map<String, Long>> ledgerNow = ledgerCounts();
            Map<String, Parsed> book = xlsx();
            for (String rincian : List.of("urusan", "kategori", "kanal", "opd", "status")) {
                Parsed c = csv(rincian);
                long total = ledgerNow.get(rincian).values().stream().mapToLong(Long::longValue).sum();
                assertThat(c.counts()).as("CSV " + rincian).isEqualTo(ledgerNow.get(rincian));
                assertThat(c.total()).as("CSV total " + rincian).isEqualTo(total);
                assertThat(book.get(rincian).counts()).as("XLSX " + rincian).isEqualTo(ledgerNow.get(rincian));
                assertThat(book.get(rincian).total()).as("XLSX total " + rincian).isEqualTo(total);
            }
        });
        Map<String, Map<String, Long>> counts = ledgerCounts();
        assertThat(counts.get("urusan")).containsKeys("PERHUBUNGAN", "PEKERJAAN UMUM DAN PENATAAN RUANG", "KESEHATAN", "PENDIDIKAN DAN KEBUDAYAAN");
        assertThat(counts.get("kategori")).containsKeys("TRANSPORTASI LAUT", "JALAN BERLUBANG");
        assertThat(counts.get("kanal")).containsKeys("SMS", "Surel", "Telegram", "WhatsApp");
        assertThat(counts.get("opd")).containsKeys("Dinas Perhubungan", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan");

        // the overdue list: on the page and in its CSV, against the ledger counted apart
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            RecapPeriod p = RecapPeriod.parse(null, from, to, clock.instant(), gateway.zone()).period();
            Long overdue = jdbc.queryForObject("""
                    SELECT COUNT(*) FROM complaint WHERE received_at >= :from AND received_at < :to
                      AND status NOT IN ('COMPLETED', 'ARCHIVED', 'REJECTED', 'DUPLICATE') AND (overdue OR sla_due_at < :now)""",
                    new MapSqlParameterSource("from", Ledger.ts(p.start())).addValue("to", Ledger.ts(p.endExclusive()))
                            .addValue("now", Ledger.ts(clock.instant())), Long.class);
            String why = "road " + jdbc.queryForMap("SELECT status, overdue, received_at, sla_due_at FROM complaint WHERE ticket = :t",
                    new MapSqlParameterSource("t", road)) + " period " + p + " now " + clock.instant();
            String page = ok(withPeriod("/rekap")).getResponse().getContentAsString();
            assertThat(page).as(why).contains("Aduan lewat batas waktu (SLA): " + overdue).contains(">" + road + "<")
                    .contains("Jalan berlubang di depan pasar Cakranegara");
            String overdueCsv = mvc.perform(withPeriod("/rekap/unduh.csv").param("rincian", "lewat-sla").with(ADMIN)).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            List<CSVRecord> rows = CSVParser.parse(new StringReader(overdueCsv.substring(1)), CSVFormat.RFC4180).getRecords();
            assertThat(rows).as(why + "\n" + overdueCsv).hasSize(overdue.intValue() + 1);
            assertThat(rows).anyMatch(r -> r.get(1).equals(road) && r.get(5).equals("JALAN BERLUBANG"));
        });

        // every export is in the audit log with the user, the file and the period
        assertThat(audit.list("admin", AuditLog.Action.EXPORT, 0, 100)).extracting(AuditLog.Entry::target)
                .contains("rekap-" + from + "_" + to + ".xlsx", "rekap-urusan-" + from + "_" + to + ".csv", "rekap-lewat-sla-" + from + "_" + to + ".csv");
        assertThat(audit.list("admin", AuditLog.Action.EXPORT, 0, 1).get(0).detail()).contains("period " + from + ".." + to);
    }

    @Test
    void pageShowsTablesAndAccessibleChartsForAdminOnly() throws Exception {
        store(Channel.TELEGRAM, "Lampu lalu lintas di simpang Bertais mati, kemacetan parah");
        String page = ok(get("/rekap").param("preset", "bulan-ini")).getResponse().getContentAsString();
        assertThat(page).contains("Rekap aduan").contains("Per Urusan").contains("Per Kategori").contains("Per Kanal")
                .contains("Per OPD").contains("Per Status").contains("PERHUBUNGAN").contains("Telegram")
                .contains("<svg").contains("role=\"img\"").contains("<title id=\"t-urusan\">Diagram batang aduan per Urusan</title>")
                .contains("angka lengkap ada di tabel").contains("<tfoot>").contains("Total")
                .contains("/rekap/unduh.csv?preset=bulan-ini&amp;rincian=urusan").contains("/rekap/unduh.xlsx?preset=bulan-ini")
                .contains("aria-current=\"true\"");
        // kept for a look in a browser (target/screenshots/rekap.html; no assertion depends on it)
        java.nio.file.Path shot = java.nio.file.Path.of("target", "screenshots");
        java.nio.file.Files.createDirectories(shot);
        java.nio.file.Files.writeString(shot.resolve("rekap.html"), page);
        assertThat(ok(get("/rekap").param("lang", "en")).getResponse().getContentAsString())
                .contains("Complaint recap").contains("By Channel").contains("This month");
        mvc.perform(get("/rekap").with(OPS)).andExpect(status().isForbidden());
        mvc.perform(get("/rekap").with(CLERK)).andExpect(status().isForbidden());
        mvc.perform(get("/rekap/unduh.csv").with(OPS)).andExpect(status().isForbidden());
        mvc.perform(get("/rekap/unduh.xlsx").with(OPS)).andExpect(status().isForbidden());
        mvc.perform(get("/rekap")).andExpect(status().is3xxRedirection());
    }

    @Test
    void aPeriodThatCannotBeReadIsSaidInIndonesianAndKeptInTheForm() throws Exception {
        String page = ok(get("/rekap").param("from", "30/11/2026").param("to", "kemarin")).getResponse().getContentAsString();
        assertThat(page).contains("Tanggal &quot;30/11/2026&quot; tidak dikenali").contains("Tanggal &quot;kemarin&quot; tidak dikenali")
                .contains("value=\"30/11/2026\"").contains("value=\"kemarin\"").contains("aria-invalid=\"true\"")
                .contains("role=\"alert\"");
        assertThat(ok(get("/rekap").param("from", "2026-03-10").param("to", "2026-03-01")).getResponse().getContentAsString())
                .contains("lebih awal dari tanggal awal").contains("value=\"2026-03-10\"");
        assertThat(ok(get("/rekap").param("preset", "minggu-ini")).getResponse().getContentAsString())
                .contains("Pilihan periode &quot;minggu-ini&quot; tidak dikenal");
        assertThat(ok(get("/rekap").param("from", "<script>alert(1)</script>")).getResponse().getContentAsString())
                .doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        // a file is never made of a period that could not be read: back to the form, which says why
        mvc.perform(get("/rekap/unduh.csv").param("from", "kemarin").with(ADMIN)).andExpect(status().isSeeOther())
                .andExpect(header().string("Location", "/rekap?from=kemarin"));
        mvc.perform(get("/rekap/unduh.xlsx").param("from", "2026-03-10").param("to", "2026-03-01").with(ADMIN))
                .andExpect(status().isSeeOther());
        mvc.perform(get("/rekap/unduh.csv").param("rincian", "nope").with(ADMIN)).andExpect(status().isSeeOther());
    }

    @Test
    void hostileCategoryAndOpdNamesAreShownAsText() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.stats().backlog() == 0);
        String n = String.valueOf(System.nanoTime() % 1_000_000);
        List<String[]> hostile = List.of(
                new String[] {"<script>alert('x')</script>", "\"><img src=x onerror=alert(1)>"},
                new String[] {"=HYPERLINK(\"http://evil\")", "'; DROP TABLE complaint; --"},
                new String[] {"ab\u0007c\u001b[31mmerah", "Dinas\u0000Nol"});
        int i = 0;
        for (String[] h : hostile) {
            String ticket = store(Channel.SMS, "Keluhan nomor " + i + " di kantor camat " + n);
            await().atMost(Duration.ofSeconds(15)).until(() -> ledger.find(ticket).orElseThrow().status() != ComplaintStatus.RECEIVED);
            // a category or OPD name as an older configuration (or a hand-edited row) may have left it
            String stored = jdbc.queryForObject("SELECT canonical_json FROM complaint WHERE ticket = :t", new MapSqlParameterSource("t", ticket), String.class);
            Complaint c = canonical.read(stored).toBuilder()
                    .category(new Complaint.Category("XSS_" + n + "_" + i, h[0], 0.5))
                    .disposition(new Complaint.Disposition("9" + n + i, h[1])).build();
            jdbc.update("UPDATE complaint SET canonical_json = :j, overdue = TRUE WHERE ticket = :t",
                    new MapSqlParameterSource("j", canonical.write(c)).addValue("t", ticket));
            i++;
        }
        String page = ok(withPeriod("/rekap")).getResponse().getContentAsString();
        assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("\u0007")
                .doesNotContain("\u001b").doesNotContain("\u0000")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("DROP TABLE complaint").contains("ab\\u0007c\\u001b[31mmerah");
        // each hostile name is one row of its own in the category and OPD tables
        assertThat(csv("kategori").counts()).containsEntry("<script>alert('x')</script>", 1L)
                .containsEntry("'=HYPERLINK(\"http://evil\")", 1L);
        assertThat(csv("opd").counts()).containsEntry("\"><img src=x onerror=alert(1)>", 1L).containsEntry("Dinas\\u0000Nol", 1L);
        Map<String, Parsed> book = xlsx();
        assertThat(book.get("kategori").counts()).containsKey("'=HYPERLINK(\"http://evil\")");
    }
}
