package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineStore;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.simulator.WhatsAppSimulator;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WhatsApp channel over real HTTP: the simulator POSTs signed webhooks to the gateway's
 * {@code /webhooks/whatsapp}, serves media and takes the messages the gateway sends; complaints go on to
 * the LAPOR! simulator. The gateway's clock is {@link TestSimulator#clock()}, held where a test needs time
 * to pass (the 24-hour rule).
 */
@CamelSpringBootTest
// its simulators stop after the class: close the context too, or it polls them for the rest of the suite
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {id.lapor.gateway.GatewayApplication.class, WhatsAppEndToEndTest.HeldClock.class})
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestEnvironment.class)
class WhatsAppEndToEndTest {

    static final String TOKEN = "wa-test-access-token";
    static final String SECRET = "wa-test-app-secret";
    static final String VERIFY = "wa-test-verify-token";
    static final String PHONE_ID = "109999000000001";
    /** The conversation's quiet period in this test (90 s in production). */
    static final Duration QUIET = Duration.ofSeconds(2);
    static final WhatsAppSimulator SIM = start();

    static WhatsAppSimulator start() {
        try {
            return new WhatsAppSimulator(0, TOKEN, SECRET, PHONE_ID, Clock.systemUTC());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void whatsapp(DynamicPropertyRegistry r) {
        r.add("channels.whatsapp.enabled", () -> "true");
        r.add("channels.whatsapp.graph-base-url", SIM::baseUrl);
        r.add("channels.whatsapp.access-token", () -> TOKEN);
        r.add("channels.whatsapp.app-secret", () -> SECRET);
        r.add("channels.whatsapp.verify-token", () -> VERIFY);
        r.add("channels.whatsapp.phone-number-id", () -> PHONE_ID);
        r.add("channels.whatsapp.media.max-tries", () -> "3");
        r.add("channels.whatsapp.media.retry-delay", () -> "200ms");
        r.add("channels.whatsapp.media.max-bytes", () -> "100000");
        r.add("channels.whatsapp.conversation.quiet-period", () -> QUIET.toMillis() + "ms");
        r.add("channels.whatsapp.conversation.media-wait", () -> "60s");
        r.add("gateway.chat.close-interval", () -> "200");
        r.add("gateway.chat.media-interval", () -> "200");
        r.add("channels.whatsapp.replies.poll-interval", () -> "200");
        r.add("channels.whatsapp.replies.rate-per-second", () -> "100");
        r.add("channels.whatsapp.replies.retry-delay", () -> "1s");
    }

    /**
     * The whole gateway runs on the held-able clock of the test simulator (system time unless a test holds it).
     * Named in {@code @SpringBootTest(classes)} and not annotated, so no component scan (demo mode) picks it up.
     */
    static class HeldClock {
        @Bean
        @Primary
        Clock heldClock() {
            return TestSimulator.clock();
        }
    }

    @AfterAll
    static void stop() {
        SIM.close();
    }

    @LocalServerPort int port;
    @Autowired Ledger ledger;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired QuarantineStore quarantine;
    @Autowired CitizenReplies replies;
    @Autowired MeterRegistry meters;

    @BeforeEach
    void webhook() {
        SIM.webhook(URI.create("http://127.0.0.1:" + port + WhatsAppWebhookController.PATH));
    }

    private List<Map<String, Object>> complaintsFrom(String waId) {
        return jdbc.queryForList("SELECT ticket FROM complaint WHERE sender_key = :s ORDER BY received_at",
                new MapSqlParameterSource("s", "whatsapp:+" + waId));
    }

    /** The one complaint of {@code waId}, once its conversation went quiet and was closed. */
    private Complaint onlyComplaintFrom(String waId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !complaintsFrom(waId).isEmpty());
        List<Map<String, Object>> rows = complaintsFrom(waId);
        assertThat(rows).hasSize(1);
        return ledger.find((String) rows.get(0).get("ticket")).orElseThrow();
    }

    /**
     * A reply's due time under the held clock: a second before it, as the store keeps microseconds and may round
     * the held instant's nanoseconds up (the row would then never be due while the clock stands still).
     */
    private static Instant dueNow() {
        return TestSimulator.clock().instant().minusSeconds(1);
    }

    /** Whether the message is stored as a conversation part (committed before the webhook's 200). */
    private boolean partStored(String wamid) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM chat_part WHERE channel = 'WHATSAPP' AND external_id = :w",
                new MapSqlParameterSource("w", wamid), Integer.class) == 1;
    }

    private double webhookCount(String outcome) {
        var c = meters.find("gateway.whatsapp.webhook").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void verificationHandshakeEchoesTheChallengeOnlyForTheRightToken() throws Exception {
        HttpResponse<String> ok = SIM.verify(VERIFY, "1158201444");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        HttpResponse<String> wrong = SIM.verify("guessed-token", "1158201444");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("1158201444");
    }

    @Test
    void forgedOrMissingSignatureIs401AndStoresNothingWhileTheRightOneOverTheSameBytesIsTaken() throws Exception {
        String waId = "6281234511001";
        String text = "Pak @camat, lampu jalan mati 💡😡 di Jl. Pejanggik — ꦗꦭꦤ꧀ · طريق · 道路 · Đường";
        byte[] body = SIM.textMessage(SIM.newWamid(), waId, "Ni Luh Ayu ✨", text);
        // the body is raw UTF-8 with non-ASCII: a signature over any re-encoding of it would differ
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("💡").contains("@camat");
        long quarantinedBefore = quarantine.countOpen();
        double wrongBefore = webhookCount("signature-wrong");
        double missingBefore = webhookCount("signature-missing");

        assertThat(SIM.postForged(body)).isEqualTo(401);
        assertThat(SIM.post(body, null)).isEqualTo(401);
        assertThat(SIM.post(body, "sha256=zz")).isEqualTo(401);
        assertThat(complaintsFrom(waId)).isEmpty();
        assertThat(quarantine.countOpen()).isEqualTo(quarantinedBefore);
        assertThat(webhookCount("signature-wrong")).isEqualTo(wrongBefore + 1);
        assertThat(webhookCount("signature-missing")).isEqualTo(missingBefore + 1);

        assertThat(SIM.post(body)).isEqualTo(200);
        Complaint c = onlyComplaintFrom(waId);
        assertThat(c.content()).isEqualTo(text);
        assertThat(c.reporter().name()).isEqualTo("Ni Luh Ayu ✨");

        // as Meta sends it (non-ASCII escaped): signed over those bytes, and the same text comes out
        String waId2 = "6281234511011";
        byte[] escaped = WhatsAppSimulator.metaEscaped(SIM.textMessage(SIM.newWamid(), waId2, "Ni Luh Ayu ✨", text));
        assertThat(new String(escaped, StandardCharsets.US_ASCII)).containsIgnoringCase("\\ud83d\\udca1").doesNotContain("💡");
        assertThat(SIM.postForged(escaped)).isEqualTo(401);
        assertThat(complaintsFrom(waId2)).isEmpty();
        assertThat(SIM.post(escaped)).isEqualTo(200);
        assertThat(onlyComplaintFrom(waId2).content()).isEqualTo(text);
    }

    @Test
    void malformedJsonWithAValidSignatureIsQuarantinedWithItsBytesAndAnswered200() throws Exception {
        byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"value\":{\"messages\":[{\"id\":\"wamid.X\",\"text\":{\"body\":\"putus".getBytes(StandardCharsets.UTF_8);
        long before = quarantine.countOpen();
        assertThat(SIM.post(body)).isEqualTo(200);
        assertThat(quarantine.countOpen()).isEqualTo(before + 1);
        QuarantineStore.Item q = quarantine.list(Channel.WHATSAPP, QuarantineStore.State.OPEN, 0, 100).stream()
                .filter(i -> i.reason().contains("not JSON")).findFirst().orElseThrow();
        assertThat(q.reasonClass().name()).isEqualTo("PARSE");
        assertThat(quarantine.raw(q).orElseThrow()).isEqualTo(body);
        // Meta sends it again: the same quarantine row, seen twice
        assertThat(SIM.post(body)).isEqualTo(200);
        assertThat(quarantine.find(q.id()).orElseThrow().seenCount()).isEqualTo(2);
    }

    /**
     * One body, two messages: one without id (quarantined alone, with its own envelope) and a good one with a NUL and a
     * lone surrogate in its text (escaped, as JSON carries them), which becomes the complaint. A message without id made
     * the whole body Malformed before, and a NUL failed the PostgreSQL insert on every retry of Meta's.
     */
    @Test
    void aBadMessageBesideAGoodOneIsQuarantinedAloneAndTheGoodOneBecomesAComplaint() throws Exception {
        String waId = "6281234511077";
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                SIM.textMessage(SIM.newWamid(), waId, "Wayan", "Saluran air\u0000 di Gang Melati LONE-SURROGATE tersumbat, banjir tiap hujan"));
        var messages = (com.fasterxml.jackson.databind.node.ArrayNode) body.at("/entry/0/changes/0/value/messages");
        messages.insertObject(0).put("from", waId).put("timestamp", "1764489600").put("type", "text")
                .putObject("text").put("body", "pesan tanpa id");
        // a lone surrogate exists only escaped in JSON (no UTF-8 byte sequence is one)
        byte[] raw = new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8).replace("LONE-SURROGATE ", "\\ud800")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(raw, StandardCharsets.UTF_8)).contains("\\u0000").contains("\\ud800tersumbat");
        long before = quarantine.countOpen();

        assertThat(SIM.post(raw)).isEqualTo(200);
        assertThat(onlyComplaintFrom(waId).content()).isEqualTo("Saluran air di Gang Melati tersumbat, banjir tiap hujan");
        assertThat(quarantine.countOpen()).isEqualTo(before + 1);
        QuarantineStore.Item q = quarantine.list(Channel.WHATSAPP, QuarantineStore.State.OPEN, 0, 100).stream()
                .filter(i -> i.reason().equals("message without id")).findFirst().orElseThrow();
        assertThat(new String(quarantine.raw(q).orElseThrow(), StandardCharsets.UTF_8)).contains("pesan tanpa id").doesNotContain("Saluran");
    }

    @Test
    void aMessageBecomesOneComplaintThatReachesLaporAndIsAcknowledgedAndItsStatusesAreRecorded() throws Exception {
        String waId = "6281234511002";
        String wamid = SIM.newWamid();
        byte[] body = SIM.textMessage(wamid, waId, "Baiq Nurul", "Sampah di TPS Karang Jangkong tidak diangkut sejak lima hari, bau sekali");
        SIM.autoStatuses(true);
        try {
            assertThat(SIM.post(body)).isEqualTo(200);
            // 200 only after commit: the message is stored the moment the answer arrived (the complaint follows the quiet period)
            assertThat(partStored(wamid)).isTrue();
            // Meta retries the same wamid before the conversation closed: still one part
            assertThat(SIM.post(body)).isEqualTo(200);
            Complaint c = onlyComplaintFrom(waId);
            assertThat(c.channel()).isEqualTo(Channel.WHATSAPP);
            assertThat(c.source().externalId()).startsWith("conversation:");
            assertThat(c.reporter().channelUserId()).isEqualTo("whatsapp:+" + waId);
            assertThat(c.reporter().phone()).isEqualTo("+" + waId);
            // Meta retries the same wamid: still one complaint
            assertThat(SIM.post(body)).isEqualTo(200);
            assertThat(complaintsFrom(waId)).hasSize(1);

            await().atMost(Duration.ofSeconds(15)).until(() -> !SIM.sentTo(waId).isEmpty());
            WhatsAppSimulator.Sent ack = SIM.sentTo(waId).get(0);
            assertThat(ack.type()).isEqualTo("text");
            assertThat(ack.text()).contains(c.ticket()).contains("CEK " + c.ticket());
            // the simulator's statuses (sent, delivered) find the reply by the wamid the messages endpoint returned
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(jdbc.queryForObject(
                    "SELECT state FROM citizen_reply WHERE ticket = :t AND kind = 'ACK'", new MapSqlParameterSource("t", c.ticket()), String.class)));
            assertThat(jdbc.queryForObject("SELECT provider_message_id FROM citizen_reply WHERE ticket = :t AND kind = 'ACK'",
                    new MapSqlParameterSource("t", c.ticket()), String.class)).isEqualTo(ack.wamid());
            // a read status moves it on; a failed one for a message we never sent matches nothing
            assertThat(SIM.post(SIM.statusUpdate(ack.wamid(), waId, "read"))).isEqualTo(200);
            assertThat(jdbc.queryForObject("SELECT delivery_state FROM citizen_reply WHERE ticket = :t AND kind = 'ACK'",
                    new MapSqlParameterSource("t", c.ticket()), String.class)).isEqualTo("READ");
            assertThat(SIM.post(SIM.statusUpdate("wamid.NOT-OURS", waId, "failed"))).isEqualTo(200);

            await().atMost(Duration.ofSeconds(15)).until(() -> TestSimulator.get().reportsFor(c.ticket()) == 1);
        } finally {
            SIM.autoStatuses(false);
        }
    }

    @Test
    void aFailedStatusMarksOurReplyUndelivered() throws Exception {
        String waId = "6281234511003";
        assertThat(SIM.post(SIM.textMessage(SIM.newWamid(), waId, "Rudi", "Jembatan gantung Desa Sesela miring dan talinya putus"))).isEqualTo(200);
        String ticket = onlyComplaintFrom(waId).ticket();
        await().atMost(Duration.ofSeconds(15)).until(() -> !SIM.sentTo(waId).isEmpty());
        String wamid = SIM.sentTo(waId).get(0).wamid();
        await().atMost(Duration.ofSeconds(15)).until(() -> wamid.equals(jdbc.queryForObject(
                "SELECT provider_message_id FROM citizen_reply WHERE ticket = :t AND kind = 'ACK'", new MapSqlParameterSource("t", ticket), String.class)));
        assertThat(SIM.post(SIM.statusUpdate(wamid, waId, "failed"))).isEqualTo(200);
        Map<String, Object> row = jdbc.queryForMap("SELECT state, delivery_state FROM citizen_reply WHERE ticket = :t AND kind = 'ACK'",
                new MapSqlParameterSource("t", ticket));
        assertThat(row.get("state")).isEqualTo("UNDELIVERED");
        assertThat(row.get("delivery_state")).isEqualTo("FAILED 131026");
    }

    @Test
    void mediaThatFailsTwiceWith503IsFetchedOnTheThirdTry() throws Exception {
        String waId = "6281234511004";
        byte[] jpeg = java.util.Base64.getDecoder().decode(
                "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AVN//2Q==");
        SIM.media("880000000001", jpeg, "image/jpeg");
        SIM.failMedia("880000000001", 2, 503);
        assertThat(SIM.post(SIM.mediaMessage(SIM.newWamid(), waId, "Komang", "image", "880000000001", "image/jpeg",
                "Pohon tumbang menutup jalan ke Senggigi"))).isEqualTo(200);
        Complaint c = onlyComplaintFrom(waId);
        assertThat(SIM.mediaRequests("880000000001")).isEqualTo(3);
        assertThat(c.attachments()).hasSize(1);
        assertThat(c.attachments().get(0).mediaType()).isEqualTo("image/jpeg");
        assertThat(c.attachments().get(0).sizeBytes()).isEqualTo(jpeg.length);
        assertThat(c.flags()).noneMatch(f -> f.startsWith("ATTACHMENT_"));
        assertThat(c.content()).isEqualTo("Pohon tumbang menutup jalan ke Senggigi");
    }

    @Test
    void mediaThatIsGone404IsFlaggedUnavailableAndTheComplaintKept() throws Exception {
        String waId = "6281234511005";
        assertThat(SIM.post(SIM.mediaMessage(SIM.newWamid(), waId, "Wayan", "document", "880000000404", "application/pdf",
                "Surat pengaduan tentang air PDAM keruh"))).isEqualTo(200);
        Complaint c = onlyComplaintFrom(waId);
        assertThat(SIM.mediaRequests("880000000404")).as("a permanent failure is not tried again").isEqualTo(1);
        assertThat(c.attachments()).isEmpty();
        assertThat(c.flags()).anyMatch(f -> f.startsWith("ATTACHMENT_UNAVAILABLE:") && f.endsWith(":NOT_FOUND"));
        assertThat(c.content()).isEqualTo("Surat pengaduan tentang air PDAM keruh");
    }

    @Test
    void freeTextWithin24HoursOfTheCitizensLastMessageAndTheTemplateAfter() throws Exception {
        String waId = "6281234511006";
        TestSimulator.clock().hold();
        try {
            assertThat(SIM.post(SIM.textMessage(SIM.newWamid(), waId, "Hj. Rohani", "Puskesmas Ampenan tutup di jam layanan"))).isEqualTo(200);
            TestSimulator.clock().advance(QUIET.plusSeconds(1));
            String ticket = onlyComplaintFrom(waId).ticket();
            await().atMost(Duration.ofSeconds(15)).until(() -> SIM.sentTo(waId).size() == 1);
            assertThat(SIM.sentTo(waId).get(0).type()).isEqualTo("text");

            // 23 hours later a status reply still goes as free text
            TestSimulator.clock().advance(Duration.ofHours(23));
            replies.enqueue(Channel.WHATSAPP, "wa-cloud-1", "whatsapp:+" + waId, CitizenReplies.Kind.STATUS, ticket,
                    "LAPOR! Tiket " + ticket + ": sedang diproses instansi.", dueNow());
            await().atMost(Duration.ofSeconds(15)).until(() -> SIM.sentTo(waId).size() == 2);
            assertThat(SIM.sentTo(waId).get(1).type()).isEqualTo("text");
            assertThat(SIM.sentTo(waId).get(1).text()).contains("sedang diproses");

            // 25 hours after the citizen's message: only the approved template, with the ticket as its parameter
            TestSimulator.clock().advance(Duration.ofHours(2));
            replies.enqueue(Channel.WHATSAPP, "wa-cloud-1", "whatsapp:+" + waId, CitizenReplies.Kind.STATUS, ticket,
                    "LAPOR! Tiket " + ticket + ": selesai.", dueNow());
            await().atMost(Duration.ofSeconds(15)).until(() -> SIM.sentTo(waId).size() == 3);
            WhatsAppSimulator.Sent t = SIM.sentTo(waId).get(2);
            assertThat(t.type()).isEqualTo("template");
            assertThat(t.templateName()).isEqualTo("lapor_status_tiket");
            assertThat(t.templateLanguage()).isEqualTo("id");
            assertThat(t.text()).isEqualTo(ticket);

            // a status update outside the window: the status template, ticket and the update's text (one line)
            replies.enqueue(Channel.WHATSAPP, "wa-cloud-1", "whatsapp:+" + waId, CitizenReplies.Kind.STATUS_UPDATE, ticket,
                    "LAPOR! Tiket " + ticket + ": selesai.\nCatatan: pompa sudah diganti.", dueNow());
            await().atMost(Duration.ofSeconds(15)).until(() -> SIM.sentTo(waId).size() == 4);
            WhatsAppSimulator.Sent u = SIM.sentTo(waId).get(3);
            assertThat(u.type()).isEqualTo("template");
            assertThat(u.templateName()).isEqualTo("lapor_pembaruan_status");
            assertThat(u.text()).isEqualTo(ticket + " | LAPOR! Tiket " + ticket + ": selesai. Catatan: pompa sudah diganti.");
        } finally {
            TestSimulator.clock().release();
        }
    }

    @Test
    void cekIsAnsweredAndReactionsAreIgnoredWithoutAComplaint() throws Exception {
        String waId = "6281234511007";
        double ignoredBefore = meters.find("gateway.whatsapp.ignored").tag("reason", "reaction").counter() == null ? 0
                : meters.find("gateway.whatsapp.ignored").tag("reason", "reaction").counter().count();
        byte[] cek = SIM.textMessage(SIM.newWamid(), waId, "Ahmad", "CEK ABCDEFGH1");
        assertThat(SIM.post(cek)).isEqualTo(200);
        assertThat(SIM.post(cek)).as("Meta's retry of the same CEK").isEqualTo(200);
        assertThat(SIM.post(SIM.reactionMessage(SIM.newWamid(), waId, "Ahmad", "wamid.OURS", "👍"))).isEqualTo(200);
        Thread.sleep(QUIET.plusSeconds(1).toMillis());
        assertThat(complaintsFrom(waId)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM citizen_reply WHERE recipient = :r",
                new MapSqlParameterSource("r", "whatsapp:+" + waId), Integer.class)).as("one answer for the CEK sent twice").isEqualTo(1);
        assertThat(meters.find("gateway.whatsapp.ignored").tag("reason", "reaction").counter().count()).isEqualTo(ignoredBefore + 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> !SIM.sentTo(waId).isEmpty());
        assertThat(SIM.sentTo(waId).get(0).type()).isEqualTo("text");
        assertThat(SIM.sentTo(waId).get(0).text()).startsWith("LAPOR! Tiket");
    }

    @Test
    void aGreetingThreeMessagesAndAPhotoAlbumWithinTheQuietPeriodAreOneComplaintThatReachesLapor() throws Exception {
        String waId = "6281234511008";
        byte[] png = java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");
        SIM.media("880000000101", png, "image/png");
        SIM.media("880000000102", png, "image/png");
        String[] texts = {"Selamat pagi min 🙏", "Saya mau melapor pungutan liar di pasar Cakranegara.",
                "Setiap pedagang ditarik Rp10.000 per hari tanpa karcis resmi.", "Ini foto petugasnya:"};
        for (String t : texts) assertThat(SIM.post(SIM.textMessage(SIM.newWamid(), waId, "Lalu Ahmad", t))).isEqualTo(200);
        assertThat(SIM.post(SIM.mediaMessage(SIM.newWamid(), waId, "Lalu Ahmad", "image", "880000000101", "image/png", null))).isEqualTo(200);
        assertThat(SIM.post(SIM.mediaMessage(SIM.newWamid(), waId, "Lalu Ahmad", "image", "880000000102", "image/png", null))).isEqualTo(200);
        // nothing is a complaint while the citizen is still writing
        assertThat(complaintsFrom(waId)).isEmpty();

        Complaint c = onlyComplaintFrom(waId);
        assertThat(c.content()).isEqualTo(texts[1] + "\n\n" + texts[2] + "\n\n" + texts[3]);
        assertThat(c.attachments()).hasSize(2).allMatch(a -> a.mediaType().equals("image/png"));
        assertThat(c.flags()).contains("CHAT_PARTS:6");
        assertThat(c.reporter().name()).isEqualTo("Lalu Ahmad");
        await().atMost(Duration.ofSeconds(15)).until(() -> TestSimulator.get().reportsFor(c.ticket()) == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> !SIM.sentTo(waId).isEmpty());
        Thread.sleep(500);
        assertThat(SIM.sentTo(waId)).as("one acknowledgement for the conversation").hasSize(1);
        assertThat(SIM.sentTo(waId).get(0).text()).contains(c.ticket());
    }

    @Test
    void aGreetingAloneGetsTheHelpTextNotAComplaint() throws Exception {
        String waId = "6281234511009";
        assertThat(SIM.post(SIM.textMessage(SIM.newWamid(), waId, "Dewi", "Halo, selamat siang"))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !SIM.sentTo(waId).isEmpty());
        assertThat(SIM.sentTo(waId).get(0).text()).contains("CEK <no. tiket>");
        assertThat(complaintsFrom(waId)).isEmpty();
    }

    @Test
    void oversizedMediaIsLeftOutAndFlaggedAndTheComplaintKept() throws Exception {
        String waId = "6281234511010";
        byte[] big = new byte[150_000];
        big[0] = '%'; big[1] = 'P'; big[2] = 'D'; big[3] = 'F';
        SIM.media("880000000150", big, "application/pdf");
        assertThat(SIM.post(SIM.mediaMessage(SIM.newWamid(), waId, "Ketut", "document", "880000000150", "application/pdf",
                "Scan surat 40 halaman tentang sengketa lahan"))).isEqualTo(200);
        Complaint c = onlyComplaintFrom(waId);
        assertThat(c.attachments()).isEmpty();
        assertThat(c.flags()).anyMatch(f -> f.startsWith("ATTACHMENT_UNAVAILABLE:") && f.endsWith(":TOO_LARGE"));
        assertThat(c.content()).isEqualTo("Scan surat 40 halaman tentang sengketa lahan");
    }
}
