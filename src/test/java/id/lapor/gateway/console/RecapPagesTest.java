package id.lapor.gateway.console;

import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Rekap: tables and the CSV export, whose numbers must match the ledger; ADMIN only; export audited. */
@GatewayIntegrationTest
class RecapPagesTest {

    @Autowired WebApplicationContext ctx;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired AuditLog audit;

    @Test
    void csvCountsMatchTheLedgerAndFormulasAreDefused() throws Exception {
        MockMvc mvc = ConsoleMvc.of(ctx);
        for (String text : new String[] {"Jalan berlubang di Jl. Udayana", "Puskesmas tutup siang hari", "=HYPERLINK(\"http://x\") sampah"}) {
            mvc.perform(post("/api/social/reports").with(httpBasic("admin", "admin-test")).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"platform\":\"x\",\"post_url\":\"https://x.com/r/status/" + System.nanoTime()
                            + "\",\"author_handle\":\"rekap" + System.nanoTime() % 10000 + "\",\"text\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text) + "}"))
                    .andExpect(status().isCreated());
        }
        String today = LocalDate.now(ZoneId.of("Asia/Jakarta")).toString();
        byte[] body = mvc.perform(get("/rekap.csv").param("from", today).param("to", today).with(ConsolePagesTest.ADMIN))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")))
                .andReturn().getResponse().getContentAsByteArray();
        List<String> lines = Arrays.asList(new String(body, StandardCharsets.UTF_8).replace("\uFEFF", "").split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("no,kelompok,nama,jumlah");
        java.time.Instant from = LocalDate.parse(today).atStartOfDay(ZoneId.of("Asia/Jakarta")).toInstant();
        long inLedger = jdbc.queryForObject("SELECT COUNT(*) FROM complaint WHERE received_at >= :from AND status <> 'DUPLICATE'",
                new MapSqlParameterSource("from", id.lapor.gateway.intake.Ledger.ts(from)), Long.class);
        for (String group : new String[] {"urusan", "category", "channel", "opd", "status"}) {
            String total = lines.stream().filter(l -> l.startsWith("," + group + ",TOTAL,")).findFirst().orElseThrow();
            assertThat(Long.parseLong(total.substring(total.lastIndexOf(',') + 1))).as(group).isEqualTo(inLedger);
            long sum = lines.stream().filter(l -> !l.startsWith(",") && l.split(",")[1].equals(group))
                    .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum();
            assertThat(sum).as(group).isEqualTo(inLedger);
        }
        long social = jdbc.queryForObject("SELECT COUNT(*) FROM complaint WHERE received_at >= :from AND status <> 'DUPLICATE' AND channel = 'SOCIAL'",
                new MapSqlParameterSource("from", id.lapor.gateway.intake.Ledger.ts(from)), Long.class);
        assertThat(lines).anyMatch(l -> l.matches("\\d+,channel,SOCIAL," + social));
        assertThat(RecapPages.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(audit.list("admin", AuditLog.Action.EXPORT, 0, 5)).isNotEmpty();

        String page = mvc.perform(get("/rekap").with(ConsolePagesTest.ADMIN)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Per bidang urusan").contains("Per OPD").contains("<svg class=\"bars\"").contains("Media sosial");
        mvc.perform(get("/rekap").with(ConsolePagesTest.OPS)).andExpect(status().isForbidden());
        mvc.perform(get("/rekap.csv").with(ConsolePagesTest.OPS)).andExpect(status().isForbidden());
    }
}
