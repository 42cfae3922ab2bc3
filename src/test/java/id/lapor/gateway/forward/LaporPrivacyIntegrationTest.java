package id.lapor.gateway.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.Samples;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What LAPOR! receives for an ordinary, an anonymous and a confidential complaint, read from the bytes
 * the simulator got over the socket (the create's JSON and the upload's multipart body): the privacy
 * flags, the reporter's name only where it may be shown, and never a phone number or an e-mail
 * address, neither the reporter's nor one the citizen wrote into the text or a file name.
 */
@GatewayIntegrationTest
class LaporPrivacyIntegrationTest {

    /** Digits of a phone number however separated, and anything shaped like an e-mail address. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired OutboxRepository outbox;

    final LaporSimulator sim = TestSimulator.get();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void quietStart() {
        sim.setFaults(SimulatorFaults.none());
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.stats().backlog() == 0);
    }

    /** An e-mail complaint whose reporter, text and attachment name carry contact details. */
    private String submit(String name, boolean anonymous, boolean confidential) {
        String local = "warga." + UUID.randomUUID().toString().substring(0, 8);
        String email = local + "@contoh.co.id";
        String phone = "+62813" + String.format("%08d", Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 100_000_000L);
        String national = "0" + phone.substring(3);
        String text = "Jembatan gantung di Desa Sesaot putus sejak banjir minggu lalu. Hubungi saya di "
                + national.substring(0, 4) + "-" + national.substring(4, 8) + "-" + national.substring(8)
                + " atau " + email + ", kakak saya di Johor +60 12-345 6789.";
        ComplaintDraft d = ComplaintDraft.of(Channel.EMAIL, "mailto:" + email)
                .instance("imap-test").externalId("<" + UUID.randomUUID() + "@contoh.co.id>")
                .reporter(new Complaint.Reporter(name, phone, email, "mailto:" + email, anonymous, confidential))
                .title("Jembatan putus, hubungi " + national).content(text).language("id")
                .attachments(List.of(new ComplaintDraft.AttachmentContent("jembatan_" + national + "_" + local + "@contoh.co.id.png", Samples.PNG)))
                .flags(List.of())
                .build();
        String ticket = intake.accept(d, null, null).ticket();
        await().atMost(Duration.ofSeconds(15)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        String all = wire(ticket) + wire(ticket + "-attachments");
        String digits = all.replaceAll("[\\s.()\\-]", "");
        assertThat(digits).as("phone number in any form").doesNotContain(phone.substring(3)).doesNotContain("60123456789");
        assertThat(all).as("e-mail address").doesNotContainPattern(EMAIL).doesNotContain(local);
        return ticket;
    }

    /** Everything sent with this key, as received. */
    private String wire(String key) {
        List<LaporSimulator.RawRequest> raw = sim.rawRequests(key);
        assertThat(raw).as("requests with key %s", key).isNotEmpty();
        StringBuilder sb = new StringBuilder();
        for (LaporSimulator.RawRequest r : raw) sb.append(new String(r.body(), StandardCharsets.UTF_8)).append('\n');
        return sb.toString();
    }

    private JsonNode create(String ticket) throws Exception {
        LaporSimulator.RawRequest r = sim.rawRequests(ticket).stream().filter(x -> x.path().endsWith("/complaints/complaint"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(r.contentType()).startsWith("application/json");
        return json.readTree(r.body());
    }

    @Test
    void ordinaryComplaintNamesTheReporterAndNoContactDetails() throws Exception {
        String ticket = submit("Siti Aminah", false, false);
        JsonNode body = create(ticket);
        assertThat(body.path("is_anonymous").asBoolean()).isFalse();
        assertThat(body.path("is_secret").asBoolean()).isFalse();
        assertThat(body.path("content").asText()).contains("Pelapor: Siti Aminah")
                .contains(LaporRequestMapper.PHONE_PLACEHOLDER).contains(LaporRequestMapper.EMAIL_PLACEHOLDER)
                .contains("Jembatan gantung di Desa Sesaot putus").contains("tiket gateway " + ticket);
        assertThat(body.path("title").asText()).startsWith("Jembatan putus").contains(LaporRequestMapper.PHONE_PLACEHOLDER);
        String upload = wire(ticket + "-attachments");
        assertThat(upload).contains("name=\"attachments[]\"").contains("filename=\"" + LaporRequestMapper.EMAIL_PLACEHOLDER + ".png\"")
                .contains("Content-Type: image/png");
    }

    @Test
    void anonymousComplaintIsPublicWithoutTheReportersName() throws Exception {
        String ticket = submit("Budi Santoso", true, false);
        JsonNode body = create(ticket);
        assertThat(body.path("is_anonymous").asBoolean()).isTrue();
        assertThat(body.path("is_secret").asBoolean()).isFalse();
        assertThat(wire(ticket) + wire(ticket + "-attachments")).doesNotContain("Budi").doesNotContain("Santoso")
                .doesNotContain("Pelapor");
    }

    @Test
    void confidentialComplaintIsSecretAndStillNamesItsReporterToLapor() throws Exception {
        String ticket = submit("Rina Wulandari", false, true);
        JsonNode body = create(ticket);
        assertThat(body.path("is_secret").asBoolean()).isTrue();
        assertThat(body.path("is_anonymous").asBoolean()).isFalse();
        assertThat(body.path("content").asText()).contains("Pelapor: Rina Wulandari");
    }

    @Test
    void anonymousAndConfidentialHidesBoth() throws Exception {
        String ticket = submit("Joko Prasetyo", true, true);
        JsonNode body = create(ticket);
        assertThat(body.path("is_secret").asBoolean()).isTrue();
        assertThat(body.path("is_anonymous").asBoolean()).isTrue();
        assertThat(wire(ticket)).doesNotContain("Joko").doesNotContain("Pelapor");
    }

    @Test
    void placeholdersReplaceContactsAndLeaveOtherNumbersAlone() {
        assertThat(LaporRequestMapper.withoutContacts("SMS ke 0812 3456 7890 atau WA +60 12-345 6789, surel a.b@c.go.id; "
                + "NIK tidak, RT 03 RW 07, tahun 2026, tiket LPR-2K7Q9M, kode pos 83115, 0060 3-2161 2345"))
                .isEqualTo("SMS ke [nomor telepon disembunyikan] atau WA [nomor telepon disembunyikan], surel "
                        + "[alamat email disembunyikan]; NIK tidak, RT 03 RW 07, tahun 2026, tiket LPR-2K7Q9M, kode pos 83115, "
                        + "[nomor telepon disembunyikan]");
        assertThat(LaporRequestMapper.withoutContacts(null)).isNull();
        assertThat(LaporRequestMapper.safeFilename("foto jalan 0812-3456-7890.jpeg")).isEqualTo("foto jalan [nomor telepon disembunyikan].jpeg");
        assertThat(LaporRequestMapper.safeFilename("surat.pdf")).isEqualTo("surat.pdf");
    }
}
