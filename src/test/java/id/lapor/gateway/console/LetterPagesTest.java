package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Surat over MockMvc: who may upload, several files in one submit through the letter channel (ticket for a
 * letter, the Indonesian refusal reason and a quarantine row for a file that is not one), the same file again
 * gives the earlier ticket, form errors keep what was typed, each file audited, "Unggahan saya" per user.
 */
@GatewayIntegrationTest
class LetterPagesTest {

    @Autowired WebApplicationContext ctx;
    @Autowired AuditLog audit;
    @Autowired NamedParameterJdbcTemplate jdbc;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = ConsoleMvc.of(ctx);
    }

    static MockMultipartFile txt(String name, String text) {
        return new MockMultipartFile("files", name, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void clerkAndAdminMayUploadOthersMayNot() throws Exception {
        mvc.perform(get("/").with(ConsolePagesTest.CLERK)).andExpect(redirectedUrl("/surat"));
        String page = mvc.perform(get("/surat").with(ConsolePagesTest.CLERK)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        for (String id : new String[] {"files", "reporterName", "phone", "email", "dateReceived", "address"}) {
            assertThat(page).contains("for=\"" + id + "\"").contains("id=\"" + id + "\"");
        }
        assertThat(page).contains("Unggah surat").contains("enctype=\"multipart/form-data\"").contains("href=\"/surat/saya\"")
                .contains("href=\"/surat\"").doesNotContain("href=\"/karantina\"");
        mvc.perform(get("/surat").with(ConsolePagesTest.ADMIN)).andExpect(status().isOk());
        mvc.perform(get("/surat").with(ConsolePagesTest.OPS)).andExpect(status().isForbidden());
        mvc.perform(get("/surat/saya").with(ConsolePagesTest.OPS)).andExpect(status().isForbidden());
        mvc.perform(multipart("/surat").file(txt("a.txt", "Jalan rusak")).with(ConsolePagesTest.OPS).with(csrf()))
                .andExpect(status().isForbidden());
        // no CSRF token, no upload (sent back to the login page as the console does for a forged form)
        String forger = "clerk-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(multipart("/surat").file(txt("a.txt", "Jalan rusak")).with(user(forger).roles("CLERK")))
                .andExpect(redirectedUrl("/login?expired"));
        assertThat(audit.list(forger, AuditLog.Action.UPLOAD, 0, 10)).isEmpty();
    }

    @Test
    void eachFileGetsItsTicketOrItsRefusalAndIsAudited() throws Exception {
        String clerk = "clerk-" + UUID.randomUUID().toString().substring(0, 8);
        String letter = "Kepada Yth. Bupati. Lampu jalan di Desa Sukamaju mati sejak dua minggu. " + UUID.randomUUID();
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        MvcResult sent = mvc.perform(multipart("/surat")
                        .file(txt("surat-warga.txt", letter))
                        .file(new MockMultipartFile("files", "surat.pdf", "application/pdf", zip))
                        .param("reporterName", "Budi Santoso").param("phone", "081234567890").param("dateReceived", "2026-11-27")
                        .with(user(clerk).roles("CLERK")).with(csrf()))
                .andExpect(redirectedUrl("/surat")).andReturn();
        @SuppressWarnings("unchecked")
        List<LetterPages.Result> results = (List<LetterPages.Result>) sent.getFlashMap().get("results");
        assertThat(results).hasSize(2);
        LetterPages.Result ok = results.get(0);
        assertThat(ok.outcome()).isEqualTo(id.lapor.gateway.intake.IntakeReceipt.Outcome.STORED);
        assertThat(ok.ticket()).isNotBlank();
        LetterPages.Result refused = results.get(1);
        assertThat(refused.quarantineId()).isNotNull();
        assertThat(refused.reasonClass()).isEqualTo("UNSUPPORTED");
        // the stored letter carries the clerk's form and is a LETTER complaint
        String json = jdbc.queryForObject("SELECT canonical_json FROM complaint WHERE ticket = :t",
                new MapSqlParameterSource("t", ok.ticket()), String.class);
        assertThat(json).contains("Budi Santoso").contains("+6281234567890").contains("Sukamaju");
        assertThat(jdbc.queryForObject("SELECT channel FROM quarantine WHERE id = :id",
                new MapSqlParameterSource("id", refused.quarantineId()), String.class)).isEqualTo("LETTER");

        // the page after the redirect shows both results in Indonesian
        String page = mvc.perform(get("/surat").flashAttr("results", results).with(user(clerk).roles("CLERK")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Diterima sebagai aduan baru, tiket " + ok.ticket())
                .contains("Ditolak: jenis berkas tidak didukung").contains("karantina (nomor " + refused.quarantineId() + ")")
                .contains("surat-warga.txt").contains("surat.pdf");

        // one audit row per file, under the uploading user; nothing of the sender in it
        List<AuditLog.Entry> rows = audit.list(clerk, AuditLog.Action.UPLOAD, 0, 10);
        assertThat(rows).extracting(AuditLog.Entry::target).containsExactlyInAnyOrder(ok.ticket(), "quarantine " + refused.quarantineId());
        assertThat(rows).extracting(AuditLog.Entry::detail).allSatisfy(d -> assertThat(d).doesNotContain("081234567890").doesNotContain("Budi"));

        // the same file again: the earlier ticket, not a second complaint
        MvcResult again = mvc.perform(multipart("/surat").file(txt("lagi.txt", letter)).with(user(clerk).roles("CLERK")).with(csrf()))
                .andExpect(redirectedUrl("/surat")).andReturn();
        @SuppressWarnings("unchecked")
        List<LetterPages.Result> second = (List<LetterPages.Result>) again.getFlashMap().get("results");
        assertThat(second.get(0).ticket()).isEqualTo(ok.ticket());
        assertThat(second.get(0).outcome().name()).startsWith("DUPLICATE");

        // an upload of the same user through the REST API (POST /api/letters writes the same form, marked " (API)")
        audit.letter(clerk, AuditLog.Origin.API, new id.lapor.gateway.intake.IntakeReceipt(
                id.lapor.gateway.intake.IntakeReceipt.Outcome.DUPLICATE_TRANSPORT, ok.ticket(), null, null, "provider message already received"),
                "lewat-api.txt", 120);

        // Unggahan saya: this user's four uploads with the complaint's status; another clerk sees none of them
        String mine = mvc.perform(get("/surat/saya").with(user(clerk).roles("CLERK"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(mine).contains(ok.ticket()).contains("karantina #" + refused.quarantineId())
                .contains("Ditolak (karantina)</span>:").contains("jenis berkas tidak didukung").contains("<td>surat.pdf</td>")
                .doesNotContain("QUARANTINED")
                .containsAnyOf("<td>Diterima</td>", "<td>Diteruskan</td>").contains("<td>surat-warga.txt</td>").contains("<td>lagi.txt</td>")
                .contains("<td>lewat-api.txt</td>");
        String other = mvc.perform(get("/surat/saya").with(user("clerk-lain").roles("CLERK"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(other).doesNotContain(ok.ticket()).contains("Tidak ada");
    }

    @Test
    void formErrorsAreIndonesianAndKeepWhatWasTyped() throws Exception {
        String clerk = "clerk-" + UUID.randomUUID().toString().substring(0, 8);
        String hostile = "\"><script>alert(1)</script>";
        String page = mvc.perform(multipart("/surat").param("reporterName", hostile).param("dateReceived", "27/11/2026")
                        .param("anonymous", "true").with(user(clerk).roles("CLERK")).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Pilih sedikitnya satu berkas surat").contains("Tanggal diterima harus berupa tanggal")
                .contains("value=\"27/11/2026\"").contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)").contains("name=\"anonymous\" value=\"true\" checked");
        assertThat(audit.list(clerk, AuditLog.Action.UPLOAD, 0, 10)).isEmpty();
    }

    @Test
    void anAddressWithLineSeparatorsOrNulIsKeptOnOneLine() throws Exception {
        // U+2028 (a line pasted from a phone) stayed in the REPORTER_ADDRESS flag and the letter was quarantined as
        // "canonical complaint invalid: /flags/0: does not match the regex pattern" before
        String letter = "Kepada Yth. Camat. Saluran air di Gang Kenari tersumbat. " + UUID.randomUUID();
        MvcResult sent = mvc.perform(multipart("/surat").file(txt("surat.txt", letter))
                        .param("reporterName", "Siti").param("address", "Jl. Kenari 5\u2028RT 02\u0000 Ampenan")
                        .with(ConsolePagesTest.ADMIN).with(csrf()))
                .andExpect(redirectedUrl("/surat")).andReturn();
        @SuppressWarnings("unchecked")
        List<LetterPages.Result> results = (List<LetterPages.Result>) sent.getFlashMap().get("results");
        assertThat(results).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(id.lapor.gateway.intake.IntakeReceipt.Outcome.STORED));
        String json = jdbc.queryForObject("SELECT canonical_json FROM complaint WHERE ticket = :t",
                new MapSqlParameterSource("t", results.get(0).ticket()), String.class);
        assertThat(json).contains("REPORTER_ADDRESS:Jl. Kenari 5 RT 02 Ampenan");
    }
}
