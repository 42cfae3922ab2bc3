package id.lapor.gateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import id.lapor.gateway.channel.chat.ChatConversation;
import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.channel.chat.ChatPart;
import id.lapor.gateway.channel.chat.ChatSweeper;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.TelegramSimulator;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Telegram end to end over real HTTP in polling mode: the Bot API simulator → getUpdates → the gateway
 * (one whole application) → the LAPOR! simulator, and the replies back through sendMessage.
 */
class TelegramEndToEndTest {

    static TelegramSimulator telegram;
    static ConfigurableApplicationContext gateway;
    static NamedParameterJdbcTemplate jdbc;

    @BeforeAll
    static void start() throws Exception {
        telegram = new TelegramSimulator(0, TelegramGateway.TOKEN);
        gateway = TelegramGateway.start(TelegramGateway.args(UUID.randomUUID().toString().substring(0, 8), telegram.baseUrl()));
        jdbc = gateway.getBean(NamedParameterJdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (telegram != null) telegram.close();
    }

    static List<String> tickets(long userId) {
        return jdbc.queryForList("SELECT ticket FROM complaint WHERE sender_key = :s ORDER BY received_at",
                new MapSqlParameterSource("s", "telegram:" + userId), String.class);
    }

    static Complaint complaint(String ticket) {
        return gateway.getBean(Ledger.class).find(ticket).orElseThrow();
    }

    @Test
    void aGreetingThreeMessagesAndAnAlbumBecomeOneComplaintThatReachesLaporAndIsAcknowledged() {
        long user = 880001;
        telegram.text(user, "Siti Rahma", "Selamat pagi");
        telegram.text(user, "Siti Rahma", "Saya mau lapor jalan berlubang besar di Jl. Pejanggik depan SDN 5 Mataram.");
        telegram.text(user, "Siti Rahma", "Sudah 2 minggu, kemarin ada pengendara motor jatuh 😢");
        long p1 = telegram.photo(user, "Siti Rahma", TelegramGateway.jpeg(1), "Foto lubangnya", "album-1");
        long p2 = telegram.photo(user, "Siti Rahma", TelegramGateway.jpeg(2), null, "album-1");
        telegram.location(user, "Siti Rahma", -8.5833, 116.1167);
        telegram.text(user, "Siti Rahma", "Mohon segera diperbaiki.");

        await().atMost(Duration.ofSeconds(30)).until(() -> tickets(user).size() == 1);
        Complaint c = complaint(tickets(user).get(0));
        assertThat(c.content()).isEqualTo("Saya mau lapor jalan berlubang besar di Jl. Pejanggik depan SDN 5 Mataram.\n\n"
                + "Sudah 2 minggu, kemarin ada pengendara motor jatuh 😢\n\nFoto lubangnya\n\nMohon segera diperbaiki.");
        assertThat(c.reporter().channelUserId()).isEqualTo("telegram:" + user);
        assertThat(c.reporter().name()).isEqualTo("Siti Rahma");
        assertThat(c.location().lat()).isEqualTo(-8.5833);
        assertThat(c.location().lon()).isEqualTo(116.1167);
        assertThat(c.attachments()).hasSize(2).allSatisfy(a -> assertThat(a.mediaType()).isEqualTo("image/jpeg"));
        assertThat(c.attachments()).extracting(Complaint.Attachment::sizeBytes)
                .containsExactly((long) TelegramGateway.jpeg(1).length, (long) TelegramGateway.jpeg(2).length);
        assertThat(c.flags()).contains("CHAT_PARTS:7");
        assertThat(TelegramSimulator.photoFileId(p1)).isNotEqualTo(TelegramSimulator.photoFileId(p2));

        // reaches LAPOR! with its album, and the citizen is told the ticket in their chat
        LaporSimulator lapor = TestSimulator.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> lapor.creates(c.ticket()) == 1);
        JsonNode sentBody = lapor.received().stream().filter(r -> c.ticket().equals(r.idempotencyKey())).findFirst().orElseThrow().body();
        assertThat(sentBody.toString()).contains("Jl. Pejanggik");
        await().atMost(Duration.ofSeconds(20)).until(() -> telegram.sent().stream()
                .anyMatch(s -> s.chatId().equals(Long.toString(user)) && s.text().contains(c.ticket())));
        assertThat(telegram.sent().stream().filter(s -> s.chatId().equals(Long.toString(user)))).hasSize(1);
    }

    @Test
    void aGreetingAloneGetsTheHelpTextAndNoComplaint() {
        long user = 880002;
        long greeting = telegram.text(user, "Budi", "Selamat siang min 🙏");
        await().atMost(Duration.ofSeconds(20)).until(() -> telegram.sent().stream()
                .anyMatch(s -> s.chatId().equals(Long.toString(user)) && s.text().startsWith("Selamat datang di kanal aduan LAPOR!")));
        assertThat(tickets(user)).isEmpty();
        // told to write the report, the citizen edits the greeting into one: new words, taken as a new message (as a
        // revision of no complaint they were seen by nobody)
        telegram.edit(user, "Budi", greeting, "Selamat siang min 🙏 got di Jl. Bung Karno tersumbat, air meluap ke jalan");
        await().atMost(Duration.ofSeconds(20)).until(() -> tickets(user).size() == 1);
        assertThat(complaint(tickets(user).get(0)).content()).isEqualTo("Selamat siang min 🙏 got di Jl. Bung Karno tersumbat, air meluap ke jalan");
    }

    @Test
    void startAndCekAreAnsweredAtOnceAndAGroupMessageIsIgnored() {
        long user = 880003;
        telegram.text(user, "Ayu", "/start");
        telegram.text(user, "Ayu", "CEK 7XK2M9QPA");
        telegram.groupText(-100777, user, "Ayu", "Jalan di RT 05 rusak parah, tolong dilaporkan");
        await().atMost(Duration.ofSeconds(20)).until(() -> telegram.sent().stream().filter(s -> s.chatId().equals(Long.toString(user))).count() == 2);
        List<String> texts = telegram.sent().stream().filter(s -> s.chatId().equals(Long.toString(user))).map(TelegramSimulator.Sent::text).toList();
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("Selamat datang"));
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("7XK2M9QPA").contains("tidak"));
        assertThat(telegram.sent()).noneMatch(s -> s.chatId().equals("-100777"));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(tickets(user)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_part WHERE reporter_id = :r AND kind = 'COMMAND'",
                new MapSqlParameterSource("r", "telegram:" + user), Integer.class)).isEqualTo(2);
    }

    @Test
    void anEditWhileOpenReplacesTheTextAndAnEditAfterwardsIsARevisionNotASecondComplaint() throws Exception {
        long user = 880004;
        long m = telegram.text(user, "Dewi", "Lampu jalan mati di Jl. Langko");
        telegram.edit(user, "Dewi", m, "Lampu jalan mati di Jl. Langko No. 12, sudah seminggu");
        await().atMost(Duration.ofSeconds(20)).until(() -> tickets(user).size() == 1);
        String ticket = tickets(user).get(0);
        assertThat(complaint(ticket).content()).isEqualTo("Lampu jalan mati di Jl. Langko No. 12, sudah seminggu");

        telegram.edit(user, "Dewi", m, "Lampu jalan mati di Jl. Langko No. 14, sudah seminggu");
        ChatConversations store = gateway.getBean(ChatConversations.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> store.revisions(ticket).size() == 1);
        assertThat(store.revisions(ticket).get(0).text()).isEqualTo("Lampu jalan mati di Jl. Langko No. 14, sudah seminggu");
        assertThat(store.revisions(ticket).get(0).previousText()).isEqualTo("Lampu jalan mati di Jl. Langko No. 12, sudah seminggu");
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(tickets(user)).containsExactly(ticket);
        // the revision is part of the complaint as the API shows it
        int port = ((org.springframework.boot.web.context.WebServerApplicationContext) gateway).getWebServer().getPort();
        java.net.http.HttpResponse<String> api = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/complaints/" + ticket))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("ops:ops-test".getBytes())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode revisions = new com.fasterxml.jackson.databind.ObjectMapper().readTree(api.body()).path("revisions");
        assertThat(revisions).hasSize(1);
        assertThat(revisions.get(0).path("text").asText()).isEqualTo("Lampu jalan mati di Jl. Langko No. 14, sudah seminggu");
        assertThat(revisions.get(0).path("message_id").asText()).isEqualTo(Long.toString(m));
    }

    @Test
    void anEditThatLandsWhileItsConversationIsBeingClosedIsARevisionOfTheSameComplaint() throws Exception {
        long user = 880006;
        org.apache.camel.CamelContext camel = gateway.getBean(org.apache.camel.CamelContext.class);
        ChatConversations store = gateway.getBean(ChatConversations.class);
        ChatSweeper sweeper = gateway.getBean(ChatSweeper.class);
        MapSqlParameterSource who = new MapSqlParameterSource("r", "telegram:" + user);
        // the test plays the sweeper's close itself, so the edit lands exactly between its snapshot and its close
        camel.getRouteController().stopRoute("chat-close");
        try {
            long m = telegram.text(user, "Made", "Got mampet di Jl. Gajah Mada");
            ChatConversation snapshot = await().atMost(Duration.ofSeconds(30)).until(() -> sweeper.due().stream()
                    .filter(c -> c.conversationKey().equals("telegram:" + user)).findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertThat(snapshot.parts()).extracting(ChatPart::text).containsExactly("Got mampet di Jl. Gajah Mada");
            telegram.edit(user, "Made", m, "Got mampet di Jl. Gajah Mada No. 3, baunya sampai ke jalan");
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                    "SELECT body FROM chat_part WHERE reporter_id = :r AND edited_at IS NOT NULL", who, String.class).size() == 1);
            IntakeReceipt receipt = gateway.getBean(org.apache.camel.ProducerTemplate.class)
                    .requestBody("direct:normalise", snapshot, IntakeReceipt.class);
            sweeper.settled(snapshot, receipt);
        } finally {
            camel.getRouteController().startRoute("chat-close");
        }
        assertThat(tickets(user)).hasSize(1);
        String ticket = tickets(user).get(0);
        assertThat(complaint(ticket).content()).isEqualTo("Got mampet di Jl. Gajah Mada");
        assertThat(store.revisions(ticket)).singleElement().satisfies(v -> {
            assertThat(v.previousText()).isEqualTo("Got mampet di Jl. Gajah Mada");
            assertThat(v.text()).isEqualTo("Got mampet di Jl. Gajah Mada No. 3, baunya sampai ke jalan");
        });
        // with the close route running again, nothing of this chat becomes a second complaint
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(tickets(user)).containsExactly(ticket);
    }

    @Test
    void aFileAnswering503IsFetchedOnRetryAndA404IsFlaggedUnavailableWithTheComplaintKept() {
        long user = 880005;
        long m1 = telegram.photo(user, "Rudi", TelegramGateway.jpeg(5), "Sampah menumpuk di pasar", null);
        telegram.failFile(TelegramSimulator.photoFileId(m1), 2);
        long m2 = telegram.document(user, "Rudi", "%PDF-1.4 tidak ada".getBytes(), "surat.pdf", "application/pdf", null);
        telegram.fileStatus(TelegramSimulator.documentFileId(m2), 404);
        await().atMost(Duration.ofSeconds(30)).until(() -> tickets(user).size() == 1);
        Complaint c = complaint(tickets(user).get(0));
        assertThat(c.content()).isEqualTo("Sampah menumpuk di pasar");
        assertThat(c.attachments()).singleElement().satisfies(a -> {
            assertThat(a.mediaType()).isEqualTo("image/jpeg");
            assertThat(a.sizeBytes()).isEqualTo(TelegramGateway.jpeg(5).length);
        });
        assertThat(c.flags()).contains("ATTACHMENT_UNAVAILABLE:surat.pdf:NOT_FOUND");
    }
}
