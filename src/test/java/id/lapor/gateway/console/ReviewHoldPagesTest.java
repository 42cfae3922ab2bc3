package id.lapor.gateway.console;

import id.lapor.gateway.classify.CategoryClassifier;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.DispositionRules;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineStore;
import id.lapor.gateway.intake.ReviewHold;
import id.lapor.gateway.ops.GatewayMetrics;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tinjau kategori with a held complaint (issue #20): the queue says when it goes to the fallback OPD by
 * itself, in WIB; the admin's correction in the console sends it at once with the admin's OPD, and its
 * history says so. The complaint is taken in by an intake with a one-hour hold (the shared context has
 * none); the page, the correction and the forwarder are the shared context's.
 */
@GatewayIntegrationTest
class ReviewHoldPagesTest {

    @Autowired WebApplicationContext ctx;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired CanonicalJson json;
    @Autowired QuarantineStore quarantine;
    @Autowired AttachmentStore blobs;
    @Autowired CategoryLexicon categories;
    @Autowired CategoryClassifier classifier;
    @Autowired DispositionRules dispositions;
    @Autowired GatewayMetrics metrics;
    @Autowired Ledger sharedLedger;

    private String queuePage(MockMvc mvc, int page) throws Exception {
        return mvc.perform(get("/aduan/tinjau").param("page", String.valueOf(page)).with(ConsolePagesTest.OPS))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    /** The number of the review queue's page that lists {@code ticket} (oldest first: other tests' complaints may come before). */
    private int queuePageWith(MockMvc mvc, String ticket) throws Exception {
        for (int page = 0; page < 40; page++) {
            if (queuePage(mvc, page).contains(ticket)) return page;
        }
        throw new AssertionError(ticket + " not in the review queue");
    }

    @Test
    void theQueueTellsWhenAHeldComplaintGoesByItselfAndTheAdminsCorrectionSendsItAtOnce() throws Exception {
        MockMvc mvc = ConsoleMvc.of(ctx);
        Ledger held = new Ledger(jdbc, json, Set.of(), new ReviewHold(Duration.ofHours(1)));
        String ticket;
        try (ComplaintIntake intake = new ComplaintIntake(held, quarantine, blobs, categories, classifier, dispositions, json, tx,
                metrics, new ComplaintIntake.Policy(Duration.ofHours(24), Duration.ofDays(30)), Clock.systemUTC())) {
            ticket = intake.accept(Drafts.sms(Drafts.uniquePhone(), "hold-page-" + System.nanoTime(),
                    "Zxqv wprtk mnbvc " + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "q")), null, null).ticket();
        }
        var c = sharedLedger.find(ticket).orElseThrow();
        var fallback = dispositions.fallback();
        assertThat(c.disposition()).isEqualTo(fallback);
        var end = c.receivedAt().plus(Duration.ofHours(1)).atZone(ZoneId.of("Asia/Jakarta"));
        String expected = "Dikirim otomatis ke OPD cadangan (" + fallback.institutionId() + " " + fallback.name() + ") pada "
                + DateTimeFormatter.ISO_LOCAL_DATE.format(end) + " pukul " + DateTimeFormatter.ofPattern("HH:mm").format(end)
                + " WIB jika belum ditinjau";
        int page = queuePageWith(mvc, ticket);
        assertThat(queuePage(mvc, page)).contains("Pengiriman ke LAPOR!").contains(expected);
        assertThat(TestSimulator.get().createRequests(ticket)).isZero();
        String before = mvc.perform(get("/aduan/" + ticket).with(ConsolePagesTest.ADMIN)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(before).contains("Pengiriman ke LAPOR! ditahan sampai aduan ini ditinjau")
                .contains("dikirim otomatis dengan OPD saat ini pada " + DateTimeFormatter.ISO_LOCAL_DATE.format(end)
                        + " pukul " + DateTimeFormatter.ofPattern("HH:mm").format(end) + " WIB");

        mvc.perform(post("/aduan/" + ticket + "/koreksi").param("category", "LINGKUNGAN_HIDUP").param("opd", "1006")
                .with(ConsolePagesTest.ADMIN).with(csrf())).andExpect(redirectedUrl("/aduan/" + ticket));
        await().atMost(Duration.ofSeconds(30)).until(() -> sharedLedger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        var sent = TestSimulator.get().received().stream().filter(r -> ticket.equals(r.idempotencyKey())).findFirst().orElseThrow();
        assertThat(sent.body().get("disposition_id").asText()).isEqualTo("1006");
        String detail = mvc.perform(get("/aduan/" + ticket).with(ConsolePagesTest.ADMIN)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("Kategori ditinjau oleh admin: langsung diteruskan ke LAPOR!")
                .doesNotContain("Pengiriman ke LAPOR! ditahan");
        assertThat(queuePage(mvc, page)).doesNotContain(ticket); // reviewed: out of the queue
    }
}
