package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Tandai unggahan over MockMvc: suggestion, validation in Indonesian, screening, the social channel's dedup, audit. */
@GatewayIntegrationTest
class FlagPagesTest {

    @Autowired WebApplicationContext ctx;
    @Autowired Ledger ledger;
    @Autowired AuditLog audit;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = ConsoleMvc.of(ctx);
    }

    static MockMultipartFile png(String name) {
        return new MockMultipartFile("screenshots", name, "image/png", ConsolePagesTest.PNG);
    }

    MockMultipartHttpServletRequestBuilder form(String url, String text, MockMultipartFile... shots) {
        MockMultipartHttpServletRequestBuilder b = multipart("/tandai");
        for (MockMultipartFile f : shots) b.file(f);
        b.param("postUrl", url).param("platform", "instagram").param("authorHandle", "@warga.ntb")
                .param("postedAt", "2026-11-29T08:15").param("text", text).param("note", "dari pantauan pagi");
        return b;
    }

    @Test
    void formIsForAdminsWithLabelledFields() throws Exception {
        String page = mvc.perform(get("/tandai").with(ConsolePagesTest.ADMIN)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        for (String id : new String[] {"postUrl", "platform", "authorHandle", "postedAt", "text", "category", "opd", "screenshots", "note"}) {
            assertThat(page).contains("for=\"" + id + "\"").contains("id=\"" + id + "\"");
        }
        assertThat(page).contains("Tangkapan layar").contains("enctype=\"multipart/form-data\"");
        mvc.perform(get("/tandai").with(ConsolePagesTest.OPS)).andExpect(status().isForbidden());
        mvc.perform(form("https://instagram.com/p/x1", "teks").with(ConsolePagesTest.OPS).with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    void suggestionFillsCategoryAndOpdFromTheText() throws Exception {
        String page = mvc.perform(form("https://instagram.com/p/s1", "Jalan berlubang di depan pasar Cakranegara").param("action", "suggest")
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("value=\"JALAN_BERLUBANG\" selected").contains("value=\"1002\" selected")
                .contains("Jalan berlubang di depan pasar Cakranegara");
    }

    @Test
    void anUnsureSuggestionFillsNothingAndNamesTheGuesses() throws Exception {
        // words the model has never seen: no category is likely, and a guess must not become the admin's choice
        String page = mvc.perform(form("https://instagram.com/p/s2", "qwrtz vbnmk plokij zxcvb").param("action", "suggest")
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Model ragu (").contains("Tinjau kategori")
                .doesNotContainPattern("value=\"[A-Z_]+\" selected").doesNotContainPattern("value=\"\\d+\" selected");
    }

    @Test
    void errorsAreInIndonesianAndKeepWhatWasTyped() throws Exception {
        String hostile = "\"><img src=x onerror=alert(1)>";
        String page = mvc.perform(multipart("/tandai").param("postUrl", "javascript:alert(1)").param("platform", "x")
                        .param("authorHandle", "bad handle!").param("text", "").param("note", hostile)
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Tautan harus alamat lengkap").contains("Isi unggahan wajib diisi")
                .contains("Akun pengunggah hanya boleh").contains("value=\"javascript:alert(1)\"").contains("value=\"bad handle!\"")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");
        // the social channel's own URL reading: a URL over 1,000 characters is a form error (it passed here and was
        // quarantined before), a host in another script is taken (refused as 'not a full address' before)
        String longUrl = mvc.perform(form("https://instagram.com/p/" + "a".repeat(1000), "Sampah di sungai")
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(longUrl).contains("Tautan terlalu panjang; paling banyak 1.000 karakter").doesNotContain("disimpan di karantina");
        // a note is one flag line, not a document: over 1,000 characters is a form error (100 KB was stored before)
        String longNote = mvc.perform(form("https://instagram.com/p/n" + System.nanoTime(), "Sampah di sungai").param("note", "catatan ".repeat(200))
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(longNote).contains("Catatan terlalu panjang; paling banyak 1.000 karakter").contains("id=\"note-error\"");
        mvc.perform(form("https://warta.пример.рф/p/" + System.nanoTime(), "Jembatan gantung di Sesaot rusak")
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection());
        // a posting time in the future is a form error (year 2999 was taken as the complaint's occurred_at before)
        String future = mvc.perform(multipart("/tandai").param("postUrl", "https://instagram.com/p/f" + System.nanoTime()).param("platform", "instagram")
                        .param("text", "Sampah di sungai").param("postedAt", "2999-01-01T08:00")
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(future).contains("Waktu unggah tidak boleh di masa depan");
        String notImage = mvc.perform(form("https://instagram.com/p/t1", "Sampah di sungai",
                        new MockMultipartFile("screenshots", "bukti.png", "image/png", "<html><script>x</script></html>".getBytes()))
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(notImage).contains("bukan gambar PNG, JPEG").contains("text/html").contains("pilih lagi tangkapan layar");
    }

    @Test
    void flaggingStoresOneTicketWithTheScreenshotsAndTheChosenOpd() throws Exception {
        String url = "https://www.instagram.com/p/C" + System.nanoTime() + "/?igsh=abc";
        MvcResult r = mvc.perform(form(url, "Puskesmas Ampenan tutup di jam layanan, warga pulang tanpa diperiksa",
                        png("satu.png"), png("dua.png")).param("category", "KESEHATAN").param("opd", "1001")
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn();
        String ticket = r.getResponse().getRedirectedUrl().replace("/aduan/", "");
        Complaint c = ledger.find(ticket).orElseThrow();
        assertThat(c.attachments()).extracting(Complaint.Attachment::filename).containsExactly("satu.png", "dua.png");
        assertThat(c.category().code()).isEqualTo("KESEHATAN");
        assertThat(c.disposition().institutionId()).isEqualTo("1001");
        assertThat(c.flags()).contains("SOCIAL_FLAGGED_BY:admin", "ADMIN_NOTE:dari pantauan pagi", "ADMIN_OPD:1001");
        assertThat(c.occurredAt()).isEqualTo(java.time.Instant.parse("2026-11-29T01:15:00Z"));
        assertThat(audit.list("admin", AuditLog.Action.FLAG, 0, 20)).anyMatch(e -> ticket.equals(e.target()));
        // the same post again (tracking parameter aside): the existing ticket
        mvc.perform(form(url.replace("?igsh=abc", ""), "teks lain", png("tiga.png")).with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + ticket))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("flash", org.hamcrest.Matchers.containsString("sudah pernah ditandai")));
        String detail = mvc.perform(get("/aduan/" + ticket).with(ConsolePagesTest.OPS)).andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("OPD dipilih admin: Dinas Komunikasi dan Informatika (1001)").contains("satu.png").contains("dua.png");
    }
}
