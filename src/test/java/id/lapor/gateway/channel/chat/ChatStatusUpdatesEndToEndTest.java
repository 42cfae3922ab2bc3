package id.lapor.gateway.channel.chat;

import id.lapor.gateway.channel.whatsapp.WhatsAppWebhookController;
import id.lapor.gateway.forward.StatusSync;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.TelegramSimulator;
import id.lapor.gateway.simulator.WhatsAppSimulator;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status updates on the chat channels end to end over real HTTP: a complaint by Telegram (Bot API simulator,
 * getUpdates) and one by WhatsApp (signed webhooks from the Cloud API simulator) are forwarded to the LAPOR!
 * simulator, which moves each report; status sync runs twice each time (once-only), and each citizen gets exactly one
 * message per status, counted in the Telegram simulator's sendMessage log and the WhatsApp simulator's messages log.
 * On WhatsApp one update comes 25 hours after the citizen's last message (held clock) and goes by the status template.
 * BERHENTI by chat is confirmed and stops the next update on both channels.
 */
@CamelSpringBootTest
// its simulators stop after the class: close the context too, or it polls them for the rest of the suite
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {id.lapor.gateway.GatewayApplication.class, ChatStatusUpdatesEndToEndTest.HeldClock.class})
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestEnvironment.class)
class ChatStatusUpdatesEndToEndTest {

    static final String TG_TOKEN = "123456:GLUE-token_abc";
    static final String WA_TOKEN = "wa-glue-access-token";
    static final String WA_SECRET = "wa-glue-app-secret";
    static final String PHONE_ID = "109999000000002";
    static final TelegramSimulator TG = telegram();
    static final WhatsAppSimulator WA = whatsapp();

    static TelegramSimulator telegram() {
        try {
            return new TelegramSimulator(0, TG_TOKEN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static WhatsAppSimulator whatsapp() {
        try {
            return new WhatsAppSimulator(0, WA_TOKEN, WA_SECRET, PHONE_ID, TestSimulator.clock()); // message timestamps follow the held clock
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void chats(DynamicPropertyRegistry r) {
        // only the test runs status sync (the timer\'s first round would see a report the simulator moved before the
        // test pinned it); the route stays up so this node leads lapor-status-sync and SingletonGuard lets the test\'s
        // rounds ask LAPOR!
        r.add("lapor.status-sync.first-delay", () -> "86400000");
        r.add("channels.telegram.enabled", () -> "true");
        r.add("channels.telegram.base-url", TG::baseUrl);
        r.add("channels.telegram.token", () -> TG_TOKEN);
        r.add("channels.telegram.poll-timeout", () -> "1s");
        r.add("channels.telegram.poll-interval", () -> "100");
        r.add("channels.telegram.conversation.quiet-period", () -> "2s");
        r.add("channels.telegram.replies.poll-interval", () -> "200");
        r.add("channels.whatsapp.enabled", () -> "true");
        r.add("channels.whatsapp.graph-base-url", WA::baseUrl);
        r.add("channels.whatsapp.access-token", () -> WA_TOKEN);
        r.add("channels.whatsapp.app-secret", () -> WA_SECRET);
        r.add("channels.whatsapp.verify-token", () -> "wa-glue-verify");
        r.add("channels.whatsapp.phone-number-id", () -> PHONE_ID);
        r.add("channels.whatsapp.conversation.quiet-period", () -> "2s");
        r.add("channels.whatsapp.replies.poll-interval", () -> "200");
        r.add("channels.whatsapp.replies.rate-per-second", () -> "100");
        r.add("gateway.chat.close-interval", () -> "200");
        r.add("gateway.chat.media-interval", () -> "200");
    }

    /** The gateway on the held-able clock of the test simulator (the 24-hour rule). */
    static class HeldClock {
        @Bean
        @Primary
        Clock heldClock() {
            return TestSimulator.clock();
        }
    }

    @AfterAll
    static void stop() {
        TG.close();
        WA.close();
    }

    @LocalServerPort int port;
    @Autowired Ledger ledger;
    @Autowired StatusSync sync;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired org.apache.camel.CamelContext camel;

    @BeforeEach
    void setUp() throws Exception {
        WA.webhook(URI.create("http://127.0.0.1:" + port + WhatsAppWebhookController.PATH));
    }

    String ticketFrom(String senderKey) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !jdbc.queryForList("SELECT ticket FROM complaint WHERE sender_key = :s",
                new MapSqlParameterSource("s", senderKey), String.class).isEmpty());
        return jdbc.queryForList("SELECT ticket FROM complaint WHERE sender_key = :s", new MapSqlParameterSource("s", senderKey), String.class).get(0);
    }

    long forwarded(String ticket) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().lapor().complaintId() != null);
        return ledger.find(ticket).orElseThrow().lapor().complaintId();
    }

    void move(String ticket, String statusName, String note) {
        TestSimulator.get().moveTo(forwarded(ticket), statusName, note);
        sync.syncDue();
        sync.syncDue();
    }

    List<String> tgTo(long user) {
        return TG.sent().stream().filter(s -> s.chatId().equals(Long.toString(user))).map(TelegramSimulator.Sent::text).toList();
    }

    /** The messages to {@code waId} once {@code expected} arrived and a further second passed without more. */
    List<WhatsAppSimulator.Sent> waTo(String waId, int expected) throws InterruptedException {
        await().atMost(Duration.ofSeconds(20)).until(() -> WA.sentTo(waId).size() >= expected);
        Thread.sleep(1000);
        return WA.sentTo(waId);
    }

    List<String> tgTo(long user, int expected) throws InterruptedException {
        await().atMost(Duration.ofSeconds(20)).until(() -> tgTo(user).size() >= expected);
        Thread.sleep(1000);
        return tgTo(user);
    }

    @Test
    void eachChatCitizenIsToldEachStatusOnceAndBerhentiStopsTheNext() throws Exception {
        long user = 990001;
        String waId = "6281234599001";
        TG.text(user, "Siti Rahma", "Lampu jalan mati di Jl. Pejanggik depan SDN 5 Mataram sejak seminggu.");
        assertThat(WA.post(WA.textMessage(WA.newWamid(), waId, "Hj. Rohani", "Air PDAM keruh di Perumnas Tanjung Karang sejak 3 hari.")))
                .isEqualTo(200);
        String tgTicket = ticketFrom("telegram:" + user);
        String waTicket = ticketFrom("whatsapp:+" + waId);
        assertThat(tgTo(user, 1)).singleElement().asString().contains(tgTicket); // the acknowledgement
        assertThat(waTo(waId, 1)).hasSize(1);

        // LAPOR! moves both; one sync pass sees both (a report synced is not asked again within the sync's minimum age)
        TestSimulator.get().moveTo(forwarded(tgTicket), "Dalam Proses", null);
        TestSimulator.get().moveTo(forwarded(waTicket), "Dalam Proses", null);
        sync.syncDue();
        sync.syncDue();
        assertThat(tgTo(user, 2)).hasSize(2).last().asString().contains(tgTicket).doesNotContain("diterima");
        List<WhatsAppSimulator.Sent> wa = waTo(waId, 2);
        assertThat(wa).hasSize(2);
        assertThat(wa.get(1).type()).isEqualTo("text");
        assertThat(wa.get(1).text()).contains(waTicket);

        TestSimulator.clock().hold();
        try {
            // WhatsApp 25 hours after the citizen's last message: the status template (ticket + text), once
            TestSimulator.clock().advance(Duration.ofHours(25));
            move(waTicket, "Selesai", "Pipa sudah diperbaiki PDAM.");
            TestSimulator.clock().advance(Duration.ofSeconds(1)); // the held clock must pass the reply's due time
            wa = waTo(waId, 3);
            assertThat(wa).hasSize(3);
            assertThat(wa.get(2).type()).isEqualTo("template");
            assertThat(wa.get(2).templateName()).isEqualTo("lapor_pembaruan_status");
            assertThat(wa.get(2).text()).startsWith(waTicket + " | ").contains("Pipa sudah diperbaiki PDAM.");
            assertThat(tgTo(user)).as("Telegram's report did not move").hasSize(2);

            // BERHENTI by chat: confirmed once on each, and the next status is not sent
            TG.text(user, "Siti Rahma", "BERHENTI");
            assertThat(WA.post(WA.textMessage(WA.newWamid(), waId, "Hj. Rohani", "berhenti"))).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM status_optout",
                    new MapSqlParameterSource(), Integer.class) == 2);
            TestSimulator.clock().advance(Duration.ofSeconds(1));
            assertThat(tgTo(user, 3)).hasSize(3).last().asString().contains("tidak akan lagi menerima kabar");
            wa = waTo(waId, 4);
            assertThat(wa).hasSize(4);
            assertThat(wa.get(3).type()).as("the window is open again").isEqualTo("text");
            assertThat(wa.get(3).text()).contains("tidak akan lagi menerima kabar");
            TestSimulator.clock().advance(Duration.ofHours(1));
            move(tgTicket, "Selesai", "Lampu sudah diganti.");
            TestSimulator.clock().advance(Duration.ofSeconds(1));
            assertThat(jdbc.queryForObject("SELECT outcome FROM status_update WHERE ticket = :t AND status = 'COMPLETED'",
                    new MapSqlParameterSource("t", tgTicket), String.class)).isEqualTo("SKIPPED_OPTOUT");
            assertThat(tgTo(user, 3)).hasSize(3);
        } finally {
            TestSimulator.clock().release();
        }
        assertThat(jdbc.queryForList("SELECT channel FROM status_optout WHERE recipient IN (:a, :b) ORDER BY channel",
                new MapSqlParameterSource("a", "telegram:" + user).addValue("b", "whatsapp:+" + waId), String.class))
                .containsExactly("TELEGRAM", "WHATSAPP");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM complaint WHERE sender_key IN (:a, :b)",
                new MapSqlParameterSource("a", "telegram:" + user).addValue("b", "whatsapp:+" + waId), Integer.class))
                .as("BERHENTI is no complaint").isEqualTo(2);
    }
}
