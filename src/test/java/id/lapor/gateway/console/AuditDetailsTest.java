package id.lapor.gateway.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit log details as /audit shows them, against the real message bundles: every form the console writes. */
class AuditDetailsTest {

    private final AuditDetails details = new AuditDetails(id.lapor.gateway.support.MessageBundles.gateway(),
            new QuarantineReasons(id.lapor.gateway.support.MessageBundles.gateway()));

    /** One detail per form, as the console writes it, and how /audit shows it in Indonesian. */
    static final Map<String, String> EXAMPLES = new LinkedHashMap<>();
    static {
        EXAMPLES.put("parked complaint queued for LAPOR! again", "Aduan yang diparkir diantrekan lagi ke LAPOR!.");
        EXAMPLES.put(id.lapor.gateway.audit.AuditLog.RESENT_AS_NEW.formatted(4200002L),
                "Aduan yang tidak dikenal LAPOR! lagi diantrekan sebagai laporan baru; LAPOR! tidak lagi mengenal laporan #4200002.");
        EXAMPLES.put(ComplaintActions.CLOSED_NOTE.formatted(4200002L, "dihapus di LAPOR!"),
                "Ditutup oleh admin: laporan #4200002 tidak ada lagi di LAPOR!. Catatan: dihapus di LAPOR!");
        EXAMPLES.put("labelled JALAN_BERLUBANG for the category model (already sent, not changed)",
                "Diberi label JALAN_BERLUBANG untuk model kategori (aduan sudah terkirim, tidak diubah).");
        EXAMPLES.put("confirmed category SOSIAL, OPD 1001", "Kategori SOSIAL dan OPD 1001 dikonfirmasi.");
        EXAMPLES.put("corrected by sari: category - -> SOSIAL, OPD - -> 1001 Dinas Kominfo",
                "Dikoreksi oleh sari: kategori - \u2192 SOSIAL, OPD - \u2192 1001 Dinas Kominfo");
        EXAMPLES.put("REPLAYED ticket NT8BTFHHKX: STORED", "Diproses ulang: tiket NT8BTFHHKX, menjadi aduan baru.");
        EXAMPLES.put("REPLAYED ticket NT8BTFHHKX", "Diproses ulang: tiket NT8BTFHHKX.");
        EXAMPLES.put("IGNORED: greeting only, answered with help", "Diproses ulang, bukan aduan: Hanya salam, sudah dijawab dengan petunjuk.");
        EXAMPLES.put("OPEN: POLICY: platform 'myspace' is not one of [x, facebook]",
                "Diproses ulang, masih di karantina: Ditolak aturan (setelah diproses ulang): "
                        + "Platform 'myspace' tidak termasuk yang dipantau Diskominfo (yang dipantau: x, facebook).");
        EXAMPLES.put("3 replayed, 1 still open, 0 failed", "3 diproses ulang, 1 masih terbuka, 0 gagal.");
        EXAMPLES.put("wrong password; typed username: 16 characters", "Kata sandi salah. Nama pengguna yang diketik: 16 karakter.");
        EXAMPLES.put("login refused: username locked out", "Masuk ditolak: nama pengguna sedang terkunci.");
        EXAMPLES.put("wrong password; username now locked out", "Kata sandi salah; nama pengguna kini terkunci.");
        EXAMPLES.put("wrong password", "Kata sandi salah.");
        EXAMPLES.put("post https://x.com/a/status/1, 2 screenshot(s)", "Unggahan https://x.com/a/status/1, 2 tangkapan layar.");
        EXAMPLES.put("flagged before: https://x.com/a/status/1", "Sudah pernah ditandai: https://x.com/a/status/1");
        EXAMPLES.put("refused: platform 'myspace' is not one of [x]",
                "Ditolak: Platform 'myspace' tidak termasuk yang dipantau Diskominfo (yang dipantau: x).");
        EXAMPLES.put("letter file surat.exe (2048 bytes): QUARANTINED \u2014 the content is application/x-msdownload; format=pe, "
                        + "not a letter (PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF or plain text)",
                "Berkas surat surat.exe (2048 bita): masuk karantina \u2014 Berkas berisi program (application/x-msdownload); "
                        + "jenis ini tidak diterima. Yang diterima: PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF, atau teks biasa.");
        EXAMPLES.put("letter file surat.pdf (52000 bytes): STORED", "Berkas surat surat.pdf (52000 bita): menjadi aduan baru");
        EXAMPLES.put("period 2026-11-01..2026-11-30 (preset bulan-ini) zone Asia/Jakarta, CSV kategori, total 42",
                "Periode 2026-11-01 s.d. 2026-11-30 (pilihan bulan-ini), zona Asia/Jakarta, CSV kategori, total 42");
        EXAMPLES.put("period 2026-01-01..2026-03-31 zone Asia/Jakarta, XLSX all breakdowns, 5 overdue, total 120",
                "Periode 2026-01-01 s.d. 2026-03-31, zona Asia/Jakarta, XLSX semua rincian, 5 lewat tenggat, total 120");
        EXAMPLES.put("accepted: 12 corrections, held-out top-1 0.610 -> 0.640, top-3 0.800 -> 0.820",
                "Diterima: 12 koreksi, top-1 pada data uji 0.610 \u2192 0.640, top-3 0.800 \u2192 0.820");
        EXAMPLES.put("refused (scores worse on the held-out set): 12 corrections, held-out top-1 0.610 -> 0.500, top-3 0.800 -> 0.700",
                "Ditolak (nilainya lebih buruk pada data uji): 12 koreksi, top-1 pada data uji 0.610 \u2192 0.500, top-3 0.800 \u2192 0.700");
        // the REST API's writes (AuditLog.Origin.API): the console's form, then " (API)"
        EXAMPLES.put("parked complaint queued for LAPOR! again (API)", "Lewat API: Aduan yang diparkir diantrekan lagi ke LAPOR!.");
        EXAMPLES.put("OPEN: POLICY: platform 'myspace' is not one of [x, facebook] (API)",
                "Lewat API: Diproses ulang, masih di karantina: Ditolak aturan (setelah diproses ulang): "
                        + "Platform 'myspace' tidak termasuk yang dipantau Diskominfo (yang dipantau: x, facebook).");
        EXAMPLES.put("post https://x.com/a/status/1, 0 screenshot(s) (API)", "Lewat API: Unggahan https://x.com/a/status/1, 0 tangkapan layar.");
        EXAMPLES.put("letter file surat (1).pdf (52000 bytes): STORED (API)", "Lewat API: Berkas surat surat (1).pdf (52000 bita): menjadi aduan baru");
    }

    @BeforeEach
    void indonesian() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("id"));
    }

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void everyDetailTheConsoleWritesReadsInIndonesian() {
        EXAMPLES.forEach((stored, shown) -> assertThat(details.text(stored)).as(stored).isEqualTo(shown));
    }

    @Test
    void englishConsoleGetsEnglishAndNotesOfAdminsStayAsTheyAre() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(details.text("labelled SOSIAL for the category model (already sent, not changed)"))
                .isEqualTo("Labelled SOSIAL for the category model (already sent, not changed).");
        assertThat(details.text(id.lapor.gateway.audit.AuditLog.RESENT_AS_NEW.formatted(4200002L)))
                .isEqualTo("A complaint LAPOR! no longer knew queued as a new report; LAPOR! did not know report #4200002.");
        assertThat(details.text(id.lapor.gateway.audit.AuditLog.Origin.API.mark("flagged before: https://x.com/a/status/1")))
                .isEqualTo("Through the API: Flagged before: https://x.com/a/status/1");
        LocaleContextHolder.setLocale(Locale.forLanguageTag("id"));
        // a dismissal note is the admin's own words
        assertThat(details.text("platform tidak dipantau")).isEqualTo("platform tidak dipantau");
        assertThat(details.text(null)).isEmpty();
    }

    /**
     * Each {@code audit.record(…, "literal")} (none left today: the re-drive's moved to {@link
     * id.lapor.gateway.audit.AuditLog#REDRIVEN}, checked here with its API form) and each literal start of a built detail in the console has a form
     * (the literal starts are checked by the examples above, which must include every form): a new detail written
     * without one fails here.
     */
    @Test
    void everyLiteralDetailInTheConsoleSourcesHasAForm() throws IOException {
        Pattern site = Pattern.compile("audit\\.record\\([^;]*?,\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\);");
        List<String> literals = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/id/lapor/gateway/console"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = site.matcher(Files.readString(p));
                while (m.find()) literals.add(m.group(1));
            }
        }
        // the details the console and the API share are AuditLog's (redrive, replay, flag, letter)
        literals.add(id.lapor.gateway.audit.AuditLog.REDRIVEN);
        literals.add(id.lapor.gateway.audit.AuditLog.Origin.API.mark(id.lapor.gateway.audit.AuditLog.REDRIVEN));
        assertThat(literals).allSatisfy(d -> assertThat(details.form(d)).as("a form for %s", d).isNotNull());
        // every form is exercised by an example
        assertThat(details.forms()).allSatisfy(f -> assertThat(EXAMPLES.keySet()).as("an example for %s", f.key())
                .anyMatch(e -> f.pattern().matcher(e).matches() || nested(f, e)));
    }

    private boolean nested(StoredForms.Form f, String example) {
        // CSV and XLSX are reached inside an export detail
        return (f.key().equals("audit.detail.csv") && example.contains(", CSV "))
                || (f.key().equals("audit.detail.xlsx") && example.contains(", XLSX all breakdowns, "));
    }
}
