package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineStore;
import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Karantina over MockMvc: list and filters, safe raw view, replay, dismiss with a note, bulk actions, roles, audit. */
@GatewayIntegrationTest
class QuarantinePagesTest {

    @Autowired WebApplicationContext ctx;
    @Autowired QuarantineStore store;
    @Autowired TransactionTemplate tx;
    @Autowired Ledger ledger;
    @Autowired AuditLog audit;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = ConsoleMvc.of(ctx);
    }

    /** A refused social report (platform not allowed): quarantined by the channel itself. */
    long refused(String text) throws Exception {
        String body = "{\"platform\":\"myspace\",\"post_url\":\"https://myspace.com/p/" + System.nanoTime() + "\",\"text\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text) + "}";
        String r = mvc.perform(post("/api/social/reports").with(httpBasic("admin", "admin-test"))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r).path("quarantine_id").asLong();
    }

    /** A valid report quarantined as if by an internal failure since fixed: a replay stores it. */
    long replayable() {
        String body = "{\"platform\":\"x\",\"post_url\":\"https://x.com/a/status/" + System.nanoTime()
                + "\",\"author_handle\":\"warga_q\",\"text\":\"Trotoar rusak di Jl. Majapahit " + System.nanoTime() + "\"}";
        return tx.execute(s -> store.put(Channel.SOCIAL, "admin-flags", null, body.getBytes(StandardCharsets.UTF_8),
                "application/json", Normalisation.ReasonClass.INTERNAL, "store timeout (simulated)", Instant.now()));
    }

    @Test
    void listFiltersAndShowsRawOnlyToAdminsAsText() throws Exception {
        long id = refused("<script>alert('q')</script> lampu mati \u0007");
        String list = mvc.perform(get("/karantina").param("channel", "SOCIAL").param("reason", "POLICY").with(ConsolePagesTest.OPS))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(list).contains("/karantina/" + id).contains("Ditolak aturan").contains("Media sosial");
        assertThat(mvc.perform(get("/karantina").param("reason", "PARSE").param("channel", "SOCIAL").with(ConsolePagesTest.OPS))
                .andReturn().getResponse().getContentAsString()).doesNotContain("/karantina/" + id + "\"");
        // OPS: read-only, no raw, no actions
        String opsView = mvc.perform(get("/karantina/" + id).with(ConsolePagesTest.OPS)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(opsView).contains("myspace").doesNotContain("Masukan mentah").doesNotContain("Proses ulang");
        mvc.perform(get("/karantina/" + id + "/mentah").with(ConsolePagesTest.OPS)).andExpect(status().isForbidden());
        String adminView = mvc.perform(get("/karantina/" + id).with(ConsolePagesTest.ADMIN)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(adminView).contains("Masukan mentah").contains("&lt;script&gt;alert(")
                .doesNotContain("<script>alert(").doesNotContain("\u0007").contains("Proses ulang");
        mvc.perform(get("/karantina/999999999").with(ConsolePagesTest.OPS)).andExpect(status().isNotFound());
        mvc.perform(get("/karantina").with(ConsolePagesTest.CLERK)).andExpect(status().isForbidden());
    }

    @Test
    void replayAndDismissOneItemAreAdminOnlyAndAudited() throws Exception {
        long ok = replayable();
        mvc.perform(post("/karantina/" + ok + "/proses-ulang").with(ConsolePagesTest.OPS).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/karantina/" + ok + "/proses-ulang").with(ConsolePagesTest.ADMIN).with(csrf())).andExpect(redirectedUrl("/karantina/" + ok));
        QuarantineStore.Item done = store.find(ok).orElseThrow();
        assertThat(done.state()).isEqualTo(QuarantineStore.State.REPLAYED);
        assertThat(ledger.find(done.replayedTicket())).isPresent();

        long bad = refused("Parkir liar di depan RSUD");
        mvc.perform(post("/karantina/" + bad + "/proses-ulang").with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("flash", org.hamcrest.Matchers.containsString("Masih tidak bisa diproses")));
        mvc.perform(post("/karantina/" + bad + "/abaikan").param("note", " ").with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("flash", org.hamcrest.Matchers.containsString("Tulis catatan")));
        assertThat(store.find(bad).orElseThrow().state()).isEqualTo(QuarantineStore.State.OPEN);
        // a note too long is refused, not cut where the admin cannot see it
        mvc.perform(post("/karantina/" + bad + "/abaikan").param("note", "x".repeat(2001)).with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("flash", org.hamcrest.Matchers.containsString("Catatan terlalu panjang; paling banyak 2.000 karakter")));
        assertThat(store.find(bad).orElseThrow().state()).isEqualTo(QuarantineStore.State.OPEN);
        mvc.perform(post("/karantina/" + bad + "/abaikan").param("note", "platform tidak dipantau").with(ConsolePagesTest.ADMIN))
                .andExpect(redirectedUrl("/login?expired"));
        mvc.perform(post("/karantina/" + bad + "/abaikan").param("note", "platform tidak dipantau").with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/karantina/" + bad));
        assertThat(store.find(bad).orElseThrow().state()).isEqualTo(QuarantineStore.State.DISMISSED);
        assertThat(mvc.perform(get("/karantina/" + bad).with(ConsolePagesTest.OPS)).andReturn().getResponse().getContentAsString())
                .contains("admin: platform tidak dipantau");
        assertThat(audit.list("admin", null, 0, 50)).extracting(AuditLog.Entry::action, AuditLog.Entry::target)
                .contains(org.assertj.core.groups.Tuple.tuple(AuditLog.Action.REPLAY, "quarantine " + ok),
                        org.assertj.core.groups.Tuple.tuple(AuditLog.Action.DISMISS, "quarantine " + bad));
    }

    @Test
    void bulkActionsTouchOnlyTheOpenItemsOfTheFilter() throws Exception {
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Jakarta")).toString();
        long a = replayable();
        long b = replayable();
        long policy = refused("Bulk: tidak boleh tersentuh");
        mvc.perform(post("/karantina/massal").param("action", "replay").param("channel", "SOCIAL").param("reason", "INTERNAL")
                        .param("from", today).param("to", today).with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(store.find(a).orElseThrow().state()).isEqualTo(QuarantineStore.State.REPLAYED);
        assertThat(store.find(b).orElseThrow().state()).isEqualTo(QuarantineStore.State.REPLAYED);
        assertThat(store.find(policy).orElseThrow().state()).isEqualTo(QuarantineStore.State.OPEN);
        // a filter that cannot be read changes nothing (the list shows it as "no filter"; a bulk dismiss would take every item)
        for (String[] bad : new String[][] {{"from", "zzz"}, {"to", "2026-13-45"}, {"channel", "FAX"}, {"reason", "WHATEVER"}}) {
            mvc.perform(post("/karantina/massal").param("action", "dismiss").param("channel", "SOCIAL").param("note", "semua")
                            .param(bad[0], bad[1]).with(ConsolePagesTest.ADMIN).with(csrf()))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                            .attribute("flash", org.hamcrest.Matchers.containsString("Filter tidak terbaca")));
            assertThat(store.find(policy).orElseThrow().state()).as("after %s=%s", bad[0], bad[1]).isEqualTo(QuarantineStore.State.OPEN);
        }
        mvc.perform(post("/karantina/massal").param("action", "dismiss").param("channel", "SOCIAL").param("reason", "POLICY")
                        .param("note", "spam").with(ConsolePagesTest.OPS).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/karantina/massal").param("action", "dismiss").param("channel", "SOCIAL").param("reason", "POLICY")
                        .param("note", "bukan platform yang dipantau").with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(store.find(policy).orElseThrow().state()).isEqualTo(QuarantineStore.State.DISMISSED);
    }

    /** The stored English reasons and audit details are shown in the admin's language; the stored line stays on the item page. */
    @Test
    void reasonsAndAuditDetailsReadInTheAdminsLanguage() throws Exception {
        long platform = refused("Lampu jalan mati di Jl. Veteran");
        long program = tx.execute(s -> store.put(Channel.LETTER, "inbox", null, "MZ".getBytes(StandardCharsets.UTF_8),
                "application/x-msdownload", Normalisation.ReasonClass.UNSUPPORTED, "the content is application/x-msdownload; "
                        + "format=pe, not a letter (PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF or plain text)", Instant.now()));
        String list = mvc.perform(get("/karantina").param("channel", "LETTER").with(ConsolePagesTest.OPS))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(list).contains("/karantina/" + program)
                .contains(">Berkas berisi program (application/x-msdownload); jenis ini tidak diterima.")
                .doesNotContain(">the content is");
        String item = mvc.perform(get("/karantina/" + platform).with(ConsolePagesTest.OPS)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(item).contains("&#39;myspace&#39; tidak termasuk yang dipantau Diskominfo (yang dipantau: ")
                // the stored line, for ops who search the logs for it
                .contains("Teks asli").contains("&#39;myspace&#39; is not one of [");
        assertThat(mvc.perform(get("/karantina/" + platform).param("lang", "en").with(ConsolePagesTest.OPS))
                .andReturn().getResponse().getContentAsString()).contains("is not one Diskominfo watches").contains("Original text");

        mvc.perform(post("/karantina/" + platform + "/proses-ulang").with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attribute("flash",
                        org.hamcrest.Matchers.containsString("Masih tidak bisa diproses: Ditolak aturan (setelah diproses ulang): Platform 'myspace' tidak termasuk")));
        String who = "auditor" + System.nanoTime() % 100000;
        audit.record(who, AuditLog.Action.CORRECT, "NT8BTFHHKX", "labelled SOSIAL for the category model (already sent, not changed)");
        audit.record(who, AuditLog.Action.REPLAY, "quarantine " + platform,
                "OPEN: POLICY: platform 'myspace' is not one of [x, facebook]");
        String auditPage = mvc.perform(get("/audit").param("user", who).with(ConsolePagesTest.ADMIN)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(auditPage).contains(">Diberi label SOSIAL untuk model kategori (aduan sudah terkirim, tidak diubah).<")
                .contains(">Diproses ulang, masih di karantina: Ditolak aturan (setelah diproses ulang): Platform &#39;myspace&#39; tidak termasuk")
                .doesNotContain(">labelled SOSIAL");
        assertThat(mvc.perform(get("/audit").param("user", who).param("lang", "en").with(ConsolePagesTest.ADMIN))
                .andReturn().getResponse().getContentAsString()).contains(">Labelled SOSIAL for the category model (already sent, not changed).<");
    }
}
