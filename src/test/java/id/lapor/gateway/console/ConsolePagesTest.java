package id.lapor.gateway.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;

import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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
    final ObjectMapper json = new ObjectMapper();
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
        ObjectNode b = json.createObjectNode().put("platform", "x")
                .put("post_url", "https://x.com/warga/status/" + System.nanoTime())
                .put("author_handle", "@warga" + System.nanoTime() % 100000).put("text", text).put("location", "Mataram");
        if (screenshot) b.put("screenshot_filename", "bukti.png").put("screenshot_base64", Base64.getEncoder().encodeToString(PNG));
        MvcResult r = mvc.perform(post("/api/social/reports").with(httpBasic("admin", "admin-test"))
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsBytes(b))).andExpect(status().isCreated()).andReturn();
        return json.readTree(r.getResponse().getContentAsString()).path("ticket").asText();
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
}
