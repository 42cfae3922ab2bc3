package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;

import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Beranda and Aduan over MockMvc with the whole gateway: content, roles, CSRF, attachments, actions, XSS as text. */
@GatewayIntegrationTest
class ConsolePagesTest {

    /** A 1×1 PNG. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    static final RequestPostProcessor ADMIN = user("admin").roles("ADMIN", "OPS", "CLERK");
    static final RequestPostProcessor OPS = user("ops").roles("OPS");
    static final RequestPostProcessor CLERK = user("clerk").roles("CLERK");

    @Autowired WebApplicationContext ctx;
    @Autowired Ledger ledger;
    @Autowired AuditLog audit;
    @Autowired id.lapor.gateway.forward.OutboxRepository outbox;
    @Autowired id.lapor.gateway.forward.StatusSync statusSync;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = ConsoleMvc.of(ctx);
        TestSimulator.get().setFaults(SimulatorFaults.none());
    }

    @AfterEach
    void quiet() {
        TestSimulator.get().setFaults(SimulatorFaults.none());
    }

    String flag(String text, boolean screenshot) throws Exception {
        return ConsoleMvc.report(mvc, text, screenshot ? PNG : null);
    }

    String page(String path, RequestPostProcessor who) throws Exception {
        return page(get(path), who);
    }

    /** GET /aduan with query parameters as name, value, name, value… (values sent as typed, not URL templates). */
    String search(RequestPostProcessor who, String... nv) throws Exception {
        var req = get("/aduan");
        for (int i = 0; i < nv.length; i += 2) req.param(nv[i], nv[i + 1]);
        return page(req, who);
    }

    String page(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder req, RequestPostProcessor who) throws Exception {
        return mvc.perform(req.with(who)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void berandaShowsCountsTilesAndIsForOpsOnly() throws Exception {
        flag("Lampu jalan mati di Jalan Pejanggik sejak seminggu", false);
        String home = page("/beranda", OPS);
        assertThat(home).contains("Beranda").contains("Media sosial").contains("Antrean ke LAPOR!")
                .contains("Karantina terbuka").contains("Lewat batas waktu").contains("LAPOR!")
                .contains("Masukan per kanal");
        // SOCIAL is on and just received a post: green with the time of it; SMS is off in the test profile or up
        assertThat(home).contains("Berjalan normal; masukan terakhir");
        assertThat(page("/beranda?lang=en", OPS)).contains("Input per channel").contains("Social media");
        mvc.perform(get("/beranda").with(CLERK)).andExpect(status().isForbidden());
    }

    @Test
    void adminChoicesOfCategoryAndOpdAreShownByName() throws Exception {
        var b = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("platform", "x")
                .put("post_url", "https://x.com/warga/status/" + System.nanoTime()).put("author_handle", "@warga_pilih")
                .put("text", "Lampu jalan padam sepanjang Jl. Pejanggik").put("category", "JALAN_BERLUBANG").put("disposition_id", "1002");
        var r = mvc.perform(post("/api/social/reports")
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic("admin", "admin-test"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(b.toString()))
                .andExpect(status().isCreated()).andReturn();
        String ticket = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.getResponse().getContentAsString()).path("ticket").asText();
        String detail = page("/aduan/" + ticket, OPS);
        assertThat(detail).contains("Kategori dipilih admin: JALAN BERLUBANG (JALAN_BERLUBANG)")
                .contains("OPD dipilih admin: Dinas Pekerjaan Umum dan Penataan Ruang (1002)");
    }

    @Test
    void thePagerIsOnceAtTheFootOfTheListInsideTheMainColumn() throws Exception {
        // 26 complaints with one word of their own: two pages of 25
        for (int i = 1; i <= 26; i++) flag("Lampu taman halamanuji nomor " + i + " mati sejak minggu lalu di blok " + (char) ('A' + i % 26), false);
        String list = search(OPS, "q", "halamanuji");
        assertThat(list).contains("26 aduan ditemukan");
        // a fragment selector named like an HTML element ("nav") once pulled the pager above the page too
        assertThat(list).containsOnlyOnce("class=\"pager\"").containsOnlyOnce("Halaman 1 dari 2");
        assertThat(list.indexOf("class=\"pager\"")).isGreaterThan(list.indexOf("<main")).isGreaterThan(list.indexOf("</table>"));
        assertThat(list.indexOf("class=\"pager\"")).isLessThan(list.indexOf("</main>"));
        // a page number out of range or no number at all is a page, never an error (a word answered 500 before)
        assertThat(search(OPS, "q", "halamanuji", "page", "1")).contains("Halaman 2 dari 2");
        for (String odd : new String[] {"abc", "-3", "99999999999999", "1e3", " "}) {
            assertThat(search(OPS, "q", "halamanuji", "page", odd)).as(odd).contains("26 aduan ditemukan");
        }
        assertThat(page("/karantina?page=x", OPS)).contains("</table>");
        // a NUL typed into a filter (%00) is no character of the search (PostgreSQL refused the query: 500)
        assertThat(search(OPS, "q", "halaman\u0000uji")).contains("26 aduan ditemukan");
        assertThat(search(OPS, "q", "\u0000", "category", "\u0000")).contains("aduan ditemukan");
    }

    @Test
    void theLanguageLinkKeepsTheFiltersAndTheIconNeedsNoLogin() throws Exception {
        assertThat(search(OPS, "channel", "SMS", "q", "lampu jalan")).contains("href=\"/aduan?channel=SMS&amp;q=lampu%20jalan&amp;lang=en\"");
        assertThat(search(OPS, "channel", "SMS", "lang", "en")).contains("href=\"/aduan?channel=SMS&amp;lang=id\"");
        // the page names its icon, so browsers do not ask for /favicon.ico (401 with a login challenge)
        assertThat(page("/beranda", OPS)).contains("/console/favicon.svg");
        mvc.perform(get("/console/favicon.svg")).andExpect(status().isOk());
    }

    @Test
    void aduanFindsByTicketTextAndFiltersAndShowsTheComplaint() throws Exception {
        String ticket = flag("Jalan berlubang besar di depan SDN 3 Ampenan membahayakan anak sekolah", true);
        await().atMost(Duration.ofSeconds(15)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        assertThat(page("/aduan?q=" + ticket.toLowerCase(), OPS)).contains(">" + ticket + "<").contains("1 aduan ditemukan");
        assertThat(search(OPS, "q", "SDN 3 Ampenan")).contains(ticket);
        assertThat(search(OPS, "q", "SDN 3 Ampenan", "category", "JALAN_BERLUBANG", "opd", "1002", "channel", "SOCIAL")).contains(ticket);
        assertThat(search(OPS, "q", "SDN 3 Ampenan", "opd", "1003")).doesNotContain(ticket).contains("0 aduan ditemukan");
        assertThat(search(OPS, "q", "SDN 3 Ampenan", "from", "2000-01-01", "to", "2000-01-02")).doesNotContain(ticket);
        assertThat(page("/aduan?from=kemarin", OPS)).contains("tidak dikenali");
        // LIKE wildcards typed by a user are literal
        assertThat(search(OPS, "q", "%%%_")).contains("0 aduan ditemukan");

        String detail = page("/aduan/" + ticket, OPS);
        assertThat(detail).contains("Jalan berlubang besar").contains("JALAN BERLUBANG").contains("Dinas Pekerjaan Umum")
                .contains("Sudah dikirim").contains("Ditandai oleh admin admin").contains("bukti.png")
                .contains("/aduan/" + ticket + "/lampiran/0").doesNotContain("Masukan mentah");
        String lapor = String.valueOf(ledger.find(ticket).orElseThrow().lapor().complaintId());
        assertThat(detail).contains(lapor);
        // the history's stored English notes are shown in the admin's words
        assertThat(detail).contains("Diterima lewat Media sosial").contains("Diteruskan ke LAPOR! sebagai laporan #" + lapor)
                .doesNotContain("received on SOCIAL").doesNotContain("forwarded to LAPOR!");
        // the admin also sees the raw input, as text
        assertThat(page("/aduan/" + ticket, ADMIN)).contains("Masukan mentah").contains("&quot;post_url&quot;");
        mvc.perform(get("/aduan/" + ticket + "/mentah").with(OPS)).andExpect(status().isForbidden());
        mvc.perform(get("/aduan/" + ticket + "/mentah").with(ADMIN)).andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")));
        mvc.perform(get("/aduan/QQQQQQQQQQ").with(OPS)).andExpect(status().isNotFound());
        mvc.perform(get("/aduan").with(CLERK)).andExpect(status().isForbidden());
    }

    @Test
    void attachmentsHaveTheirTypeInlineOrAsDownloadAndNosniff() throws Exception {
        String ticket = flag("Sampah menumpuk di pasar Kebon Roek", true);
        MvcResult r = mvc.perform(get("/aduan/" + ticket + "/lampiran/0").with(OPS)).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("inline")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Security-Policy", ComplaintPages.ATTACHMENT_CSP)).andReturn();
        assertThat(r.getResponse().getContentAsByteArray()).isEqualTo(PNG);
        mvc.perform(get("/aduan/" + ticket + "/lampiran/0").param("unduh", "1").with(OPS))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")));
        mvc.perform(get("/aduan/" + ticket + "/lampiran/7").with(OPS)).andExpect(status().isNotFound());
    }

    @Test
    void hostileTextIsShownAsText() throws Exception {
        for (String x : ConsoleMvc.XSS) {
            String ticket = flag("Keluhan " + x + " di kantor camat", false);
            String list = page("/aduan?q=" + ticket, OPS);
            String detail = page("/aduan/" + ticket, ADMIN);
            for (String html : new String[] {list, detail}) {
                assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x")
                        .doesNotContain("\u0007").doesNotContain("\u001b").doesNotContain("\u0000");
            }
            if (x.startsWith("<script>")) assertThat(detail).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
            if (x.contains("DROP TABLE")) assertThat(detail).contains("DROP TABLE complaint");
        }
    }

    @Test
    void parkedComplaintIsCorrectedAndReDrivenByAdminOnlyWithCsrf() throws Exception {
        // the refusal must hit this complaint, not one still queued by another test
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.stats().backlog() == 0);
        TestSimulator.get().setFaults(SimulatorFaults.none().withFailNext(422));
        String ticket = flag("Pungutan liar di kantor Samsat saat perpanjangan STNK", false);
        await().atMost(Duration.ofSeconds(15)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.PARKED);
        String detail = page("/aduan/" + ticket, ADMIN);
        assertThat(detail).contains("Kirim ulang ke LAPOR!").contains("Koreksi sebelum dikirim");
        assertThat(page("/aduan/" + ticket, OPS)).doesNotContain("Kirim ulang ke LAPOR!").doesNotContain("Simpan koreksi");

        mvc.perform(post("/aduan/" + ticket + "/koreksi").param("category", "PERHUBUNGAN").param("opd", "1007").with(OPS).with(csrf()))
                .andExpect(status().isForbidden());
        // without the form's CSRF token: refused (back to the login page), nothing changed
        mvc.perform(post("/aduan/" + ticket + "/koreksi").param("category", "PERHUBUNGAN").param("opd", "1007").with(ADMIN))
                .andExpect(redirectedUrl("/login?expired"));
        assertThat(ledger.find(ticket).orElseThrow().category().code()).isNotEqualTo("PERHUBUNGAN");
        mvc.perform(post("/aduan/" + ticket + "/koreksi").param("category", "NOPE").with(ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + ticket));
        assertThat(ledger.find(ticket).orElseThrow().category().code()).isNotEqualTo("NOPE");
        mvc.perform(post("/aduan/" + ticket + "/koreksi").param("category", "PERHUBUNGAN").param("opd", "1007").with(ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + ticket));
        var c = ledger.find(ticket).orElseThrow();
        assertThat(c.category().code()).isEqualTo("PERHUBUNGAN");
        assertThat(c.disposition().institutionId()).isEqualTo("1007");
        assertThat(ledger.history(ticket)).anyMatch(h -> h.note() != null && h.note().contains("corrected by admin"));
        assertThat(page("/aduan/" + ticket, ADMIN)).contains("Diparkir, menunggu admin: HTTP 422")
                .contains("Dikoreksi oleh admin: kategori").contains("\u2192 1007");

        mvc.perform(post("/aduan/" + ticket + "/kirim-ulang").with(OPS).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/aduan/" + ticket + "/kirim-ulang").with(ADMIN).with(csrf())).andExpect(redirectedUrl("/aduan/" + ticket));
        await().atMost(Duration.ofSeconds(15)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        // LAPOR! got the corrected disposition
        var sent = TestSimulator.get().received().stream().filter(x -> ticket.equals(x.idempotencyKey())).findFirst().orElseThrow();
        assertThat(sent.body().toString()).contains("1007");
        assertThat(audit.list("admin", null, 0, 50)).extracting(AuditLog.Entry::action, AuditLog.Entry::target)
                .contains(org.assertj.core.groups.Tuple.tuple(AuditLog.Action.CORRECT, ticket),
                        org.assertj.core.groups.Tuple.tuple(AuditLog.Action.REDRIVE, ticket));
        // once forwarded, a correction is refused
        mvc.perform(post("/aduan/" + ticket + "/koreksi").param("category", "SOSIAL").with(ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + ticket));
        assertThat(ledger.find(ticket).orElseThrow().category().code()).isEqualTo("PERHUBUNGAN");
    }

    /** A forwarded complaint whose report the simulator then deleted, marked by a status round. */
    private String unknownToLapor(String text) throws Exception {
        String ticket = flag(text, false);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        TestSimulator.get().forget(ledger.find(ticket).orElseThrow().lapor().complaintId());
        statusSync.syncDue();
        assertThat(ledger.laporMissingSince(ticket)).isPresent();
        return ticket;
    }

    @Test
    void aComplaintLaporNoLongerKnowsIsSentAgainOrClosedByAdminOnly() throws Exception {
        String closed = unknownToLapor("Tiang listrik roboh di Jl. Bung Karno Mataram");
        String resent = unknownToLapor("Saluran air tersumbat di Jl. Airlangga Mataram");
        long closedId = ledger.find(closed).orElseThrow().lapor().complaintId();
        long resentId = ledger.find(resent).orElseThrow().lapor().complaintId();

        String detail = page("/aduan/" + closed, ADMIN);
        assertThat(detail).contains("Tidak dikenal LAPOR!").contains("LAPOR! menjawab 404 untuk laporan #" + closedId + " sejak ")
                .contains("LAPOR! tidak menemukan laporan #" + closedId + " saat cek status (HTTP 404)")
                .contains("Kirim ulang ke LAPOR! sebagai laporan baru").contains("Tutup: laporan tidak ada lagi di LAPOR!")
                .contains("action=\"/aduan/" + closed + "/kirim-ulang\"").contains("action=\"/aduan/" + closed + "/tutup\"")
                .contains("name=\"note\"").contains("minlength=\"3\"").contains("maxlength=\"500\"")
                .contains("name=\"_csrf\"");
        assertThat(page("/aduan/" + closed + "?lang=en", ADMIN)).contains("Send to LAPOR! again as a new report")
                .contains("Close: the report no longer exists on LAPOR!").contains("Unknown to LAPOR!");
        // OPS sees that LAPOR! no longer knows it, not the actions
        assertThat(page("/aduan/" + closed, OPS)).contains("Tidak dikenal LAPOR!").doesNotContain("Kirim ulang ke LAPOR!")
                .doesNotContain("Tutup: laporan tidak ada lagi").doesNotContain("/tutup\"");

        // only ADMIN may act, and only with the form's CSRF token
        for (RequestPostProcessor who : new RequestPostProcessor[] {OPS, CLERK}) {
            mvc.perform(post("/aduan/" + closed + "/tutup").param("note", "laporan dihapus").with(who).with(csrf()))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/aduan/" + resent + "/kirim-ulang").with(who).with(csrf())).andExpect(status().isForbidden());
        }
        mvc.perform(post("/aduan/" + closed + "/tutup").param("note", "laporan dihapus").with(ADMIN))
                .andExpect(redirectedUrl("/login?expired"));
        // a note is required
        mvc.perform(post("/aduan/" + closed + "/tutup").param("note", "  ").with(ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + closed))
                .andExpect(flash().attribute("flash", "Tulis catatan 3 sampai 500 karakter mengapa aduan ini ditutup. Aduan tidak diubah."))
                .andExpect(flash().attribute("flashBad", true));
        assertThat(ledger.find(closed).orElseThrow().status()).isEqualTo(ComplaintStatus.FORWARDED);
        assertThat(ledger.laporMissingSince(closed)).isPresent();

        mvc.perform(post("/aduan/" + closed + "/tutup").param("note", "Dicek di LAPOR!: laporan dihapus").with(ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + closed))
                .andExpect(flash().attribute("flash", "Aduan ditutup (Diarsipkan); status di LAPOR! tidak dicek lagi. Pelapor tidak diberi kabar."));
        assertThat(ledger.find(closed).orElseThrow().status()).isEqualTo(ComplaintStatus.ARCHIVED);
        assertThat(ledger.laporMissingSince(closed)).isEmpty();
        String after = page("/aduan/" + closed, ADMIN);
        assertThat(after).contains("Ditutup oleh admin: laporan #" + closedId + " tidak ada lagi di LAPOR!. Catatan: Dicek di LAPOR!: laporan dihapus")
                .doesNotContain("Tidak dikenal LAPOR!").doesNotContain("/tutup\"").doesNotContain("sebagai laporan baru");
        mvc.perform(post("/aduan/" + closed + "/tutup").param("note", "sekali lagi").with(ADMIN).with(csrf()))
                .andExpect(flash().attribute("flash", "Aduan ini tidak ditandai hilang dari LAPOR!; tidak ada yang ditutup."));

        mvc.perform(post("/aduan/" + resent + "/kirim-ulang").with(ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + resent))
                .andExpect(flash().attribute("flash", "Aduan diantrekan untuk dikirim ke LAPOR! sebagai laporan baru; nomor LAPOR! yang lama (#"
                        + resentId + ") dilepas."))
                .andExpect(flash().attribute("flashBad", false));
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(resent).orElseThrow().status() == ComplaintStatus.FORWARDED);
        assertThat(ledger.find(resent).orElseThrow().lapor().complaintId()).isNotEqualTo(resentId);
        assertThat(TestSimulator.get().reportsFor(resent + "-r1")).isEqualTo(1);
        assertThat(page("/aduan/" + resent, ADMIN))
                .contains("Dikirim ulang ke LAPOR! sebagai laporan baru oleh admin: LAPOR! tidak lagi mengenal laporan #" + resentId)
                .contains("Dikirim ulang sebagai laporan baru 1 kali")
                .doesNotContain("Tidak dikenal LAPOR!").doesNotContain("/kirim-ulang\"");
        // a forwarded complaint LAPOR! knows keeps the old answer
        mvc.perform(post("/aduan/" + resent + "/kirim-ulang").with(ADMIN).with(csrf()))
                .andExpect(flash().attribute("flash", "Aduan ini tidak sedang diparkir; tidak ada yang dikirim ulang."));

        assertThat(audit.list("admin", null, 0, 50)).extracting(AuditLog.Entry::action, AuditLog.Entry::target)
                .contains(org.assertj.core.groups.Tuple.tuple(AuditLog.Action.CLOSE, closed),
                        org.assertj.core.groups.Tuple.tuple(AuditLog.Action.REDRIVE, resent));
        assertThat(page("/audit", ADMIN)).contains("Tutup aduan (tidak ada lagi di LAPOR!)")
                .contains("Aduan yang tidak dikenal LAPOR! lagi diantrekan sebagai laporan baru; LAPOR! tidak lagi mengenal laporan #" + resentId);
    }

    @Test
    void idsThatAreNoNumberAndMissingFieldsAreNotServerErrors() throws Exception {
        // each answered 500 with an ERROR and a stack trace logged before (bound as long/int, 'action' required)
        String ticket = flag("Lampu jalan mati di Ampenan", false);
        for (String path : new String[] {"/karantina/abc", "/karantina/99999999999999999999", "/aduan/" + ticket + "/lampiran/abc",
                "/aduan/" + ticket + "/lampiran/99999999999"}) {
            String html = mvc.perform(get(path).with(ADMIN)).andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
            assertThat(html).as(path).contains("Data yang dicari tidak ditemukan").doesNotContain("Exception");
        }
        mvc.perform(post("/karantina/abc/proses-ulang").with(ADMIN).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(post("/karantina/abc/abaikan").param("note", "x").with(ADMIN).with(csrf())).andExpect(status().isNotFound());
        String bulk = mvc.perform(post("/karantina/massal").param("channel", "SOCIAL").with(ADMIN).with(csrf()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(bulk).contains("tidak ada yang diubah");
        for (String q : new String[] {"abc", "99999999999", "-3"}) {
            mvc.perform(get("/surat/saya").param("page", q).with(ADMIN)).andExpect(status().isOk());
        }
    }
}
