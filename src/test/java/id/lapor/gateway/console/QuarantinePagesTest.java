package id.lapor.gateway.console;

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
        mvc.perform(post("/karantina/massal").param("action", "dismiss").param("channel", "SOCIAL").param("reason", "POLICY")
                        .param("note", "spam").with(ConsolePagesTest.OPS).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/karantina/massal").param("action", "dismiss").param("channel", "SOCIAL").param("reason", "POLICY")
                        .param("note", "bukan platform yang dipantau").with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(store.find(policy).orElseThrow().state()).isEqualTo(QuarantineStore.State.DISMISSED);
    }
}
