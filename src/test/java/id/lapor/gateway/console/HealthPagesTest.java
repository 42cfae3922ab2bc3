package id.lapor.gateway.console;

import id.lapor.gateway.channel.letter.LetterDesk;
import id.lapor.gateway.channel.letter.LetterFile;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Kesehatan over MockMvc: OPS and ADMIN may see it, CLERK not; every channel's tile with its state and last
 * message time; every route's state with its exchanges since start and error rate in words.
 */
@GatewayIntegrationTest
class HealthPagesTest {

    @Autowired WebApplicationContext ctx;
    @Autowired LetterDesk letters;
    @Autowired RouteActivity activity;
    @Autowired org.apache.camel.CamelContext camel;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = ConsoleMvc.of(ctx);
    }

    @Test
    void opsSeesEachChannelAndRouteInWordsClerkDoesNot() throws Exception {
        // one letter through intake, so the letter channel and the intake routes have something to show
        IntakeReceipt r = letters.receive("kesehatan.txt", ("Air PDAM tidak mengalir di Kelurahan Ampenan " + UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8), new LetterFile.CounterForm(null, null, null, null, null, false, false, "clerk"));
        assertThat(r.outcome()).isEqualTo(IntakeReceipt.Outcome.STORED);
        RouteActivity.Figures normalise = activity.figures("normalise");
        assertThat(normalise.total()).isPositive();
        assertThat(normalise.lastAt()).isNotNull();
        // every route that took an exchange knows when, also one only called by another (direct:)
        for (org.apache.camel.Route route : camel.getRoutes()) {
            RouteActivity.Figures f = activity.figures(route.getRouteId());
            if (f.total() > 0) assertThat(f.lastAt()).as(route.getRouteId()).isNotNull();
        }
        assertThat(activity.figures("complaint-intake").total()).isPositive();

        mvc.perform(get("/kesehatan").with(ConsolePagesTest.CLERK)).andExpect(status().isForbidden());
        mvc.perform(get("/kesehatan").with(ConsolePagesTest.ADMIN)).andExpect(status().isOk());
        String page = mvc.perform(get("/kesehatan").with(ConsolePagesTest.OPS)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        // a tile per channel and LAPOR!, each with its state in words
        for (String name : new String[] {"SMS", "Surel", "Surat", "Telegram", "WhatsApp", "Media sosial", "LAPOR!"}) {
            assertThat(page).contains("<strong>" + name + "</strong>");
        }
        assertThat(Channel.values()).hasSize(6);
        assertThat(page).containsAnyOf("berjalan", "perlu dilihat", "bermasalah").contains("tidak aktif");
        // the letter channel's tile says when its last message came (in its reason, so no second line)
        // (only the letters tile: in the shared context another test may have left a channel at fault, whose
        // tile then has its own "Pesan terakhir" line)
        int at = page.indexOf("<strong>Surat</strong>");
        String letters = page.substring(at, page.indexOf("</details>", at));
        assertThat(letters).contains("Berjalan normal; masukan terakhir ").doesNotContain("Pesan terakhir: ")
                .doesNotContain("Belum pernah ada pesan");
        // routes: state and figures in words
        assertThat(page).contains("<td>normalise</td>").contains("Diproses sejak mulai").contains("Terakhir diproses")
                .containsPattern("\\d+ kali diproses, (tidak ada yang gagal|\\d+ gagal \\(tingkat galat [\\d,]+%\\))")
                .contains("Belum berjalan sejak gerbang mulai");
    }

    @Test
    void aFaultyChannelsTileSaysWhenItsLastMessageCame() {
        assertThat(HealthPages.showLastLine("tile.sms.down", true)).isTrue();
        assertThat(HealthPages.showLastLine("tile.email.down", false)).isTrue();
        assertThat(HealthPages.showLastLine("tile.ok", true)).isFalse();
        assertThat(HealthPages.showLastLine("tile.quiet", true)).isFalse();
        assertThat(HealthPages.showLastLine("tile.quiet.never", false)).isFalse();
        assertThat(HealthPages.showLastLine("tile.off", false)).isFalse();
        assertThat(HealthPages.showLastLine("tile.off", true)).isTrue();
    }

    @Test
    void errorRateWords() {
        assertThat(HealthPages.rateKey(new RouteActivity.Figures(0, 0, 0, null))).isEqualTo("health.rate.none");
        assertThat(HealthPages.rateKey(new RouteActivity.Figures(12, 0, 3, null))).isEqualTo("health.rate.clean");
        assertThat(HealthPages.rateKey(new RouteActivity.Figures(12, 1, 0, null))).isEqualTo("health.rate.failed");
        assertThat(new RouteActivity.Figures(12, 1, 0, null).errorRate()).isEqualTo(1.0 / 12);
        org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.forLanguageTag("id"));
        try {
            assertThat(HealthPages.percent(1.0 / 12)).isEqualTo("8,3%");
        } finally {
            org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
        }
    }
}
