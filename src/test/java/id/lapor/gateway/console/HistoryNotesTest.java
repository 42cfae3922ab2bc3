package id.lapor.gateway.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's rendering of stored history notes, against the real message bundles. */
class HistoryNotesTest {

    private final HistoryNotes notes = new HistoryNotes(id.lapor.gateway.support.MessageBundles.gateway());


    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void everyStoredFormReadsInIndonesian() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("id"));
        assertThat(notes.text("received on WHATSAPP")).isEqualTo("Diterima lewat WhatsApp");
        assertThat(notes.text("received on EMAIL")).isEqualTo("Diterima lewat Surel");
        assertThat(notes.text("duplicate of NT8BTFHHKX")).isEqualTo("Duplikat dari tiket NT8BTFHHKX");
        assertThat(notes.text("forwarded to LAPOR! as #4200002")).isEqualTo("Diteruskan ke LAPOR! sebagai laporan #4200002");
        assertThat(notes.text("parked: HTTP 422 category_id is invalid"))
                .isEqualTo("Diparkir, menunggu admin: HTTP 422 category_id is invalid");
        assertThat(notes.text("re-driven by an admin")).isEqualTo("Dikirim ulang ke LAPOR! oleh admin");
        assertThat(notes.text("LAPOR! status Diproses")).isEqualTo("Status di LAPOR! berubah: Diproses");
        assertThat(notes.text("OVERDUE: SLA due date passed")).isEqualTo("Lewat tenggat SLA");
        assertThat(notes.text("corrected by sari: category JALAN_BERLUBANG -> PERHUBUNGAN, OPD 1002 Dinas PUPR -> 1007 Dinas Perhubungan"))
                .isEqualTo("Dikoreksi oleh sari: kategori JALAN_BERLUBANG \u2192 PERHUBUNGAN, OPD 1002 Dinas PUPR \u2192 1007 Dinas Perhubungan");
        assertThat(notes.text("corrected by sari: category - -> SOSIAL, OPD - -> 1001 Dinas Kominfo"))
                .isEqualTo("Dikoreksi oleh sari: kategori - \u2192 SOSIAL, OPD - \u2192 1001 Dinas Kominfo");
        // the category review hold's notes (id.lapor.gateway.intake.ReviewHold writes them)
        assertThat(notes.text(id.lapor.gateway.intake.ReviewHold.holdEndedNote(
                new id.lapor.gateway.complaint.Complaint.Disposition("1001", "Dinas Kominfo"))))
                .isEqualTo("Tidak ada keputusan admin sampai batas tunggu tinjauan kategori: diteruskan ke OPD 1001 Dinas Kominfo");
        assertThat(notes.text(id.lapor.gateway.intake.ReviewHold.decidedNote("sari")))
                .isEqualTo("Kategori ditinjau oleh sari: langsung diteruskan ke LAPOR!");
        // status sync's 404 and the answer after it (id.lapor.gateway.forward.StatusSync writes them)
        assertThat(notes.text(id.lapor.gateway.forward.StatusSync.MISSING_NOTE.formatted(4200002L)))
                .isEqualTo("LAPOR! tidak menemukan laporan #4200002 saat cek status (HTTP 404). Status tetap dicek berkala; periksa di LAPOR!.");
        assertThat(notes.text(id.lapor.gateway.forward.StatusSync.FOUND_NOTE.formatted(4200002L)))
                .isEqualTo("LAPOR! kembali menjawab untuk laporan #4200002.");
        // an admin's answer to that mark (OutboxForwarder re-sends, ComplaintActions closes)
        assertThat(notes.text(id.lapor.gateway.forward.OutboxForwarder.RESENT_NOTE.formatted(4200002L)))
                .isEqualTo("Dikirim ulang ke LAPOR! sebagai laporan baru oleh admin: LAPOR! tidak lagi mengenal laporan #4200002.");
        assertThat(notes.text(ComplaintActions.CLOSED_NOTE.formatted(4200002L, "dihapus di LAPOR! (duplikat); warga sudah ditelepon")))
                .isEqualTo("Ditutup oleh admin: laporan #4200002 tidak ada lagi di LAPOR!. Catatan: dihapus di LAPOR! (duplikat); warga sudah ditelepon");
    }

    @Test
    void englishConsoleGetsEnglishAndUnknownNotesStayAsTheyAre() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(notes.text("received on SOCIAL")).isEqualTo("Received on Social media");
        assertThat(notes.text("sent again as a new report by an admin: LAPOR! did not know #4200002"))
                .isEqualTo("Sent to LAPOR! again as a new report by an admin: LAPOR! no longer knew report #4200002.");
        assertThat(notes.text("closed by an admin: LAPOR! did not know #4200002; note: gone on LAPOR!"))
                .isEqualTo("Closed by an admin: report #4200002 no longer exists on LAPOR!. Note: gone on LAPOR!");
        assertThat(notes.text("Laporan sedang ditindaklanjuti oleh Dinas PUPR")).isEqualTo("Laporan sedang ditindaklanjuti oleh Dinas PUPR");
        assertThat(notes.text(null)).isEmpty();
        // a form that only starts like a known one is not rewritten
        assertThat(notes.text("received on SMS and then some")).isEqualTo("received on SMS and then some");
    }
}
