package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.classify.CategoryClassifier;
import id.lapor.gateway.classify.ClassifierStore;
import id.lapor.gateway.classify.LabelledText;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.Enrichment;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue #20 through the whole gateway: an uncertain complaint gets the review flag and the fallback OPD,
 * waits in Tinjau kategori, leaves it when an admin corrects it (the correction becomes an example), and
 * a retrain that scores worse on the held-out set is refused and audited.
 */
@GatewayIntegrationTest
class CategoryReviewIntegrationTest {

    static final RequestPostProcessor ADMIN = ConsolePagesTest.ADMIN;
    static final RequestPostProcessor OPS = ConsolePagesTest.OPS;

    @Autowired WebApplicationContext ctx;
    @Autowired Ledger ledger;
    @Autowired AuditLog audit;
    @Autowired ClassifierStore store;
    @Autowired CategoryClassifier classifier;
    @Autowired id.lapor.gateway.classify.ClassifierTraining training;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired org.apache.camel.CamelContext camel;
    @Autowired id.lapor.gateway.intake.ComplaintIntake intake;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = ConsoleMvc.of(ctx);
    }

    String flag(String text) throws Exception {
        return ConsoleMvc.report(mvc, text, null);
    }

    /** A flagged post by {@code handle} (a fresh post URL each time) through the API; its ticket. */
    String postBy(String text, String handle) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var body = json.createObjectNode().put("platform", "x").put("post_url", "https://x.com/warga/status/" + System.nanoTime())
                .put("author_handle", handle).put("text", text);
        var r = mvc.perform(post("/api/social/reports").with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                        .httpBasic("admin", "admin-test")).contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(json.writeValueAsBytes(body)))
                .andExpect(status().is2xxSuccessful()).andReturn(); // 201 stored, 200 a duplicate (its own ticket)
        return json.readTree(r.getResponse().getContentAsString()).path("ticket").asText();
    }

    String page(String path, RequestPostProcessor who) throws Exception {
        return mvc.perform(get(path).with(who)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void anUncertainComplaintIsFlaggedGoesToTheFallbackOpdAndWaitsUntilAnAdminCorrectsIt() throws Exception {
        // the forwarder stands still, so the complaint stays PENDING and the admin's correction still changes it
        camel.getRouteController().suspendRoute("lapor-forwarder");
        String ticket;
        try {
            ticket = flag("Qwrtz plmokn vbxcz hjklm");
            correctWhilePending(ticket);
        } finally {
            camel.getRouteController().resumeRoute("lapor-forwarder");
        }
    }

    private void correctWhilePending(String ticket) throws Exception {
        var c = ledger.find(ticket).orElseThrow();
        assertThat(c.flags()).anyMatch(f -> f.startsWith(Enrichment.CATEGORY_REVIEW));
        assertThat(c.category().confidence()).isLessThan(classifier.reviewBelow());
        assertThat(c.disposition().institutionId()).isEqualTo("1001"); // dispositions.yaml's fallback, which disposes by hand

        String queue = page("/aduan/tinjau", OPS);
        assertThat(queue).contains("Tinjau kategori").contains(ticket).contains("aduan menunggu tinjauan").contains("Model kategori")
                .doesNotContain("Latih ulang dari koreksi admin"); // the button is the admin's
        // never codes with a fraction ("JALAN_BERLUBANG 0.19"); words the model does not know: no guess, said plainly
        // (names in percent: ReviewGuessesTest)
        assertThat(queue).doesNotContainPattern("[A-Z]+_[A-Z_]+ 0\\.\\d").contains("Tidak ada tebakan")
                .doesNotContainPattern("top-1 \\d+\\.\\d %"); // Indonesian decimals: 92,4 %
        assertThat(page("/aduan/tinjau", ADMIN)).contains("Latih ulang dari koreksi admin");
        assertThat(page("/aduan/" + ticket, ADMIN)).contains("Kategori belum pasti, perlu ditinjau admin")
                .contains("Model belum yakin dengan kategori aduan ini");

        long before = store.exampleCount();
        mvc.perform(post("/aduan/" + ticket + "/koreksi").param("category", "PEKERJAAN_UMUM").param("opd", "1002").with(ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + ticket));
        var corrected = ledger.find(ticket).orElseThrow();
        assertThat(corrected.category().code()).isEqualTo("PEKERJAAN_UMUM");
        assertThat(corrected.disposition().institutionId()).isEqualTo("1002");
        // the correction is a labelled example with the complaint's words
        assertThat(store.exampleCount()).isEqualTo(before + 1);
        List<Map<String, Object>> ex = jdbc.queryForList("SELECT * FROM classifier_example WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
        assertThat(ex).hasSize(1);
        assertThat(ex.get(0)).containsEntry("category_code", "PEKERJAAN_UMUM").containsEntry("institution_id", "1002")
                .containsEntry("created_by", "admin");
        assertThat(String.valueOf(ex.get(0).get("body"))).contains("Qwrtz plmokn");
        assertThat(store.reviewed(ticket)).isTrue();
        assertThat(page("/aduan/tinjau", OPS)).doesNotContain(ticket);
    }

    @Test
    void aDuplicateIsNotQueuedAndItsCorrectionPointsToTheOriginal() throws Exception {
        camel.getRouteController().suspendRoute("lapor-forwarder");
        try {
            String text = "Vbnmq trwxz plkjh dsazq " + System.nanoTime();
            // the same account posting the same words twice: the second is a duplicate of the first
            String original = postBy(text, "@warga_dup");
            assertThat(postBy(text, "@warga_dup")).isEqualTo(original); // the API answers with the original's ticket
            // the second post is stored as a duplicate of it, with a ticket of its own
            String again = jdbc.queryForObject("SELECT ticket FROM complaint WHERE duplicate_of = :t",
                    new MapSqlParameterSource("t", original), String.class);
            assertThat(ledger.find(again).orElseThrow().status()).isEqualTo(ComplaintStatus.DUPLICATE);
            String queue = page("/aduan/tinjau", OPS);
            assertThat(queue).contains(original).doesNotContain(again);
            mvc.perform(post("/aduan/" + again + "/koreksi").param("category", "ENERGI").param("opd", "1001").with(ADMIN).with(csrf()))
                    .andExpect(redirectedUrl("/aduan/" + again))
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                            .attribute("flash", org.hamcrest.Matchers.containsString("koreksi kategori atau OPD pada aduan aslinya")));
            assertThat(store.reviewed(again)).isFalse();
        } finally {
            camel.getRouteController().resumeRoute("lapor-forwarder");
        }
    }

    @Test
    void aQueuedComplaintAlreadySentIsNotChangedButTheAdminsLabelIsKept() throws Exception {
        String ticket = flag("Zxqv wprtk mnbvc lkjhg");
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        assertThat(page("/aduan/tinjau", OPS)).contains(ticket);
        mvc.perform(post("/aduan/" + ticket + "/koreksi").param("category", "ENERGI").param("opd", "1001").with(ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + ticket));
        var after = ledger.find(ticket).orElseThrow();
        assertThat(after.category().code()).isNotEqualTo("ENERGI");
        assertThat(after.flags()).anyMatch(f -> f.startsWith(Enrichment.CATEGORY_REVIEW));
        List<Map<String, Object>> ex = jdbc.queryForList("SELECT category_code FROM classifier_example WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
        assertThat(ex).extracting(m -> m.get("category_code")).containsExactly("ENERGI");
        assertThat(page("/aduan/tinjau", OPS)).doesNotContain(ticket);
        // a complaint not under review that is too late stays refused, and nothing is kept
        String sure = flag("Sampah di TPS pasar menumpuk dan tidak diangkut, bau menyengat");
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(sure).orElseThrow().status() == ComplaintStatus.FORWARDED);
        mvc.perform(post("/aduan/" + sure + "/koreksi").param("category", "ENERGI").with(ADMIN).with(csrf()));
        assertThat(store.reviewed(sure)).isFalse();
    }

    @Test
    void aQueuedComplaintRefusedByLaporSaysSoAndTheCorrectionChangesIt() throws Exception {
        // words the model does not know, longer than LAPOR!'s 10,000 characters: refused (4xx) and parked
        String ticket = intake.accept(id.lapor.gateway.support.Drafts.sms(id.lapor.gateway.support.Drafts.uniquePhone(),
                "parked-" + System.nanoTime(), "Qwrtz plmokn vbxcz " + "hjklm zxcvb ".repeat(900)), null, null).ticket();
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.PARKED);
        String row = rowOf(page("/aduan/tinjau", OPS), ticket);
        assertThat(row).contains("Ditolak LAPOR! dan diparkir").doesNotContain("Sudah dikirim");
        // LAPOR! answered, so no create is outstanding: the admin's correction changes the complaint itself
        mvc.perform(post("/aduan/" + ticket + "/koreksi").param("category", "ENERGI").param("opd", "1001").with(ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/aduan/" + ticket));
        assertThat(ledger.find(ticket).orElseThrow().category().code()).isEqualTo("ENERGI");
    }

    /** The queue's table row of {@code ticket} (the page may list other tests' complaints). */
    static String rowOf(String html, String ticket) {
        int at = html.indexOf(ticket);
        assertThat(at).as("%s in the queue", ticket).isPositive();
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }

    @Test
    void aConfidentComplaintIsDisposedByItsCategoryAndNotQueued() throws Exception {
        String ticket = flag("Sampah di TPS pasar menumpuk seminggu tidak diangkut, baunya sampai ke rumah warga");
        var c = ledger.find(ticket).orElseThrow();
        assertThat(c.category().code()).isEqualTo("LINGKUNGAN_HIDUP");
        assertThat(c.category().confidence()).isGreaterThanOrEqualTo(classifier.reviewBelow());
        assertThat(c.flags()).noneMatch(f -> f.startsWith(Enrichment.CATEGORY_REVIEW));
        assertThat(c.disposition().institutionId()).isEqualTo("1006");
        assertThat(page("/aduan/tinjau", OPS)).doesNotContain(ticket);
    }

    @Test
    void aRetrainThatScoresWorseOnTheHeldOutSetIsRefusedAuditedAndLogged() throws Exception {
        var model = classifier.current();
        // corrections that contradict the held-out labels (each held-out text under the next category's code)
        List<LabelledText> held = classifier.heldOut();
        List<String> codes = held.stream().map(LabelledText::code).distinct().toList();
        for (int round = 0; round < 3; round++) {
            for (LabelledText h : held) {
                String wrong = codes.get((codes.indexOf(h.code()) + 1) % codes.size());
                store.add(null, h.text(), wrong, null, null, "racun", Instant.now());
            }
        }
        try {
            mvc.perform(post("/aduan/tinjau/latih-ulang").with(OPS).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(post("/aduan/tinjau/latih-ulang").with(ADMIN).with(csrf())).andExpect(redirectedUrl("/aduan/tinjau"));
            assertThat(classifier.current()).isSameAs(model);
            var t = store.trainings(1).get(0);
            assertThat(t.accepted()).isFalse();
            assertThat(t.top1After()).isLessThan(t.top1Before());
            assertThat(t.requestedBy()).isEqualTo("admin");
            assertThat(audit.list("admin", null, 0, 50)).anyMatch(e -> e.action() == AuditLog.Action.RETRAIN
                    && e.detail().startsWith("refused") && e.detail().contains("held-out top-1"));
            assertThat(page("/aduan/tinjau", ADMIN)).contains("ditolak");
            assertThat(page("/audit", ADMIN)).contains("Latih ulang model kategori").contains("category-model");
            // the schedule's tick does nothing until a correction arrives after this try
            assertThat(training.retrainIfNew()).isFalse();
        } finally {
            jdbc.update("DELETE FROM classifier_example WHERE created_by = 'racun'", new MapSqlParameterSource());
        }
    }
}
