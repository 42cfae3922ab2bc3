package id.lapor.gateway.channel.chat;

import id.lapor.gateway.support.MutableClock;
import id.lapor.gateway.channel.telegram.TelegramUpdates;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.FileAttachmentStore;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.support.FreshStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat core's decisions without Camel: greetings, commands, media fetch outcomes, exact update bytes. */
class ChatDecisionsTest {

    @TempDir
    Path blobs;

    @Test
    void greetingsAreOnlyGreetings() {
        assertThat(List.of("Selamat pagi", "selamat siang min 🙏", "Halo kak!", "Assalamualaikum wr wb", "P", "Pagiii",
                "Hai admin", "Good morning", "Permisi pak")).allMatch(ChatDrafts::isGreeting);
        assertThat(List.of("Selamat pagi, jalan di depan rumah saya berlubang", "min", "pak", "Halo, mau lapor lampu mati",
                "Pagi ini banjir lagi di Ampenan", "", "🙏")).noneMatch(ChatDrafts::isGreeting);
    }

    static final ChatReplyTexts TEXTS = new ChatReplyTexts(Map.of("ack", "ack {ticket}", "status", "status {ticket}: {status}",
            "status-lapor", "status {ticket}: {status} #{lapor_id}", "unknown-ticket", "unknown {ticket}", "not-found", "not found {ticket}",
            "help", "help"), Map.of("RECEIVED", "diterima"));

    @Test
    void commandsAreAnsweredOnlyWhenTheWholeTextIsOne() {
        String ticket = Ticket.generate();
        Complaint secret = Complaint.builder().ticket(ticket).channel(Channel.TELEGRAM).status(ComplaintStatus.RECEIVED)
                .reporter(new Complaint.Reporter(null, null, null, "telegram:1", false, true)).build();
        ChatCommands commands = new ChatCommands(TEXTS, t -> t.equals(ticket) ? Optional.of(secret) : Optional.empty());
        assertThat(commands.answer("/start", "telegram:2")).get().extracting(ChatCommands.Answer::kind).isEqualTo(CitizenReplies.Kind.HELP);
        assertThat(commands.answer("/start ref-abc", "telegram:2")).get().extracting(ChatCommands.Answer::body).isEqualTo("help");
        assertThat(commands.answer("/help@LaporBot", "telegram:2")).get().extracting(ChatCommands.Answer::body).isEqualTo("help");
        assertThat(commands.answer("/unknown", "telegram:2")).get().extracting(ChatCommands.Answer::body).isEqualTo("help");
        assertThat(commands.answer("INFO", "telegram:2")).get().extracting(ChatCommands.Answer::body).isEqualTo("help");
        // a confidential complaint's status only to the one who sent it
        assertThat(commands.answer("CEK " + ticket, "telegram:1")).get().extracting(ChatCommands.Answer::body)
                .isEqualTo("status " + ticket + ": diterima");
        assertThat(commands.answer("/cek " + ticket, "telegram:1")).get().extracting(ChatCommands.Answer::body)
                .isEqualTo("status " + ticket + ": diterima");
        assertThat(commands.answer("cek " + ticket, "telegram:2")).get().extracting(ChatCommands.Answer::body)
                .isEqualTo("not found " + ticket);
        assertThat(commands.answer("Cek kesehatan gratis di Puskesmas ternyata bayar", "telegram:2")).isEmpty();
        assertThat(commands.answer("Selamat pagi", "telegram:2")).isEmpty();
        assertThat(commands.answer(null, "telegram:2")).isEmpty();
    }

    @Test
    void berhentiAndMulaiAreOptOutAnswersAndSlashStartStaysHelp() {
        ChatCommands commands = new ChatCommands(TEXTS, t -> Optional.empty());
        for (String stop : new String[] {"BERHENTI", "berhenti.", "STOP", "/stop", "Berhenti " + Ticket.generate()}) {
            assertThat(commands.answer(stop, "whatsapp:+6281234567890")).as(stop).get()
                    .satisfies(a -> {
                        assertThat(a.kind()).isEqualTo(CitizenReplies.Kind.OPT_OUT);
                        assertThat(a.updates()).isEqualTo(ChatCommands.Updates.STOP);
                        assertThat(a.optOut()).isTrue();
                        assertThat(ChatCommands.ignoreReason(a)).isEqualTo("status updates stopped");
                    });
        }
        for (String resume : new String[] {"MULAI", "start", "Mulai!"}) {
            assertThat(commands.answer(resume, "telegram:2")).as(resume).get()
                    .extracting(ChatCommands.Answer::updates).isEqualTo(ChatCommands.Updates.RESUME);
        }
        // the bot's own /start is help, not "updates again"; a sentence starting with the word is a complaint
        assertThat(commands.answer("/start", "telegram:2")).get().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(CitizenReplies.Kind.HELP);
            assertThat(a.optOut()).isFalse();
        });
        assertThat(commands.answer("Berhenti di lampu merah angkot menutup jalan", "telegram:2")).isEmpty();
    }

    @Test
    void mediaFetchRetriesATemporaryFailureThenGivesUpAndRefusesWhatIsTooLarge() {
        FreshStore fs = FreshStore.create().migrate(null);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));
        ChatConversations store = new ChatConversations(new NamedParameterJdbcTemplate(fs.dataSource()),
                new TransactionTemplate(new DataSourceTransactionManager(fs.dataSource())), new FileAttachmentStore(blobs), clock);
        ChatChannelSettings s = new ChatChannelSettings(Channel.TELEGRAM, true, Duration.ofSeconds(90), Duration.ofMinutes(5), 3,
                Duration.ofSeconds(10), 100, "help");
        store.append(ChatConversationsTest.part("1", "1", "1", "a", new ChatMedia("flaky", null, null, null, null),
                new ChatMedia("huge", null, "besar.mp4", 5000L, null), new ChatMedia("long", null, null, 10L, null)));
        Deque<ChatMediaSource.Fetch> flaky = new ArrayDeque<>(List.of(new ChatMediaSource.Fetch.Temporary("HTTP 503"),
                new ChatMediaSource.Fetch.Temporary("HTTP 503"), new ChatMediaSource.Fetch.Temporary("HTTP 503")));
        List<String> asked = new java.util.ArrayList<>();
        ChatMediaSource source = new ChatMediaSource() {
            public Channel channel() {
                return Channel.TELEGRAM;
            }

            public Fetch fetch(String instance, ChatMedia media, long maxBytes) {
                asked.add(media.fileId());
                if (media.fileId().equals("long")) return new Fetch.Fetched(new byte[101]); // declared 10, is 101
                return flaky.pop();
            }
        };
        ChatMediaFetcher fetcher = new ChatMediaFetcher(store, List.of(s), List.of(source), new FileAttachmentStore(blobs), clock, 10);
        // a node that lost the lead (its tick was stuck on the database, say) downloads nothing
        fetcher.leadsWith(() -> false);
        assertThat(fetcher.fetchDue()).isZero();
        assertThat(asked).isEmpty();
        fetcher.leadsWith(() -> true);
        fetcher.fetchDue();
        assertThat(asked).containsExactly("flaky", "long"); // "huge" is refused by its declared size, never fetched
        fetcher.fetchDue();
        assertThat(asked).hasSize(2); // the retry waits 10 s
        clock.advance(Duration.ofSeconds(10));
        fetcher.fetchDue();
        clock.advance(Duration.ofSeconds(19));
        fetcher.fetchDue();
        assertThat(asked).hasSize(3); // the second retry waits 20 s
        clock.advance(Duration.ofSeconds(1));
        fetcher.fetchDue();
        assertThat(asked).hasSize(4);
        clock.advance(Duration.ofMinutes(10));
        ChatConversation c = store.due(s, clock.instant(), 10).get(0);
        assertThat(c.attachments()).extracting(ChatConversation.Attachment::reason).containsExactly(
                "ATTEMPTS: 3 tries, last HTTP 503", "TOO_LARGE: declared 5000 bytes, over 100", "TOO_LARGE: 101 bytes, over 100");
    }

    @Test
    void theUpdatesOfAGetUpdatesAnswerKeepTheirExactBytes() throws Exception {
        String a = "{ \"update_id\" : 5,\n  \"message\":{\"text\":\"caf\\u00e9 \uD83D\uDE00\",\"x\":[1,{\"y\":2}]} }";
        String b = "{\"update_id\":6,\"edited_message\":{}}";
        byte[] answer = ("{\"ok\":true,\"result\":[" + a + " , " + b + "]}").getBytes(StandardCharsets.UTF_8);
        List<TelegramUpdates.Raw> raws = TelegramUpdates.split(answer);
        assertThat(raws).extracting(TelegramUpdates.Raw::updateId).containsExactly(5L, 6L);
        assertThat(new String(raws.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo(a);
        assertThat(new String(raws.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo(b);
        assertThat(TelegramUpdates.split("{\"ok\":true,\"result\":[]}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TelegramUpdates.split(
                "{\"ok\":false,\"error_code\":401}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(java.io.IOException.class);
    }

    /**
     * What the store cannot hold must not reach it: a NUL (PostgreSQL refuses it in text), a lone surrogate, a name or
     * media type longer than its column, a time past what an Instant or PostgreSQL holds. Each failed the insert (or the
     * parse) on every redelivery alike, which stopped Telegram's polling offset there for good.
     */
    @Test
    void whatNoStoreHoldsIsLeftOutOfAChatMessageAndATimeFromThePlatformIsNeverLaterThanItsArrival() {
        Instant now = Instant.parse("2026-11-30T01:00:00Z");
        String longName = "N".repeat(700);
        String update = "{\"update_id\":9001,\"message\":{\"message_id\":7,\"date\":99999999999999999,"
                + "\"from\":{\"id\":42,\"is_bot\":false,\"first_name\":\"Si\\u0000ti\",\"last_name\":\"" + longName + "\"},"
                + "\"chat\":{\"id\":42,\"type\":\"private\"},\"caption\":\"Jalan\\u0000 rusak \\ud800\\ud83d\\ude97\","
                + "\"document\":{\"file_id\":\"BQ\\u0000AC\",\"file_name\":\"bukti\\u0000.pdf\",\"mime_type\":\"application/" + "x".repeat(300) + "\"}}}";
        ChatPart part = ((TelegramUpdates.Parsed.Message) TelegramUpdates.parse(update.getBytes(StandardCharsets.UTF_8), "tg", now)).part();
        assertThat(part.text()).isEqualTo("Jalan rusak \uD83D\uDE97");
        assertThat(part.reporter().displayName()).startsWith("Siti N").hasSize(ChatText.NAME_MAX);
        assertThat(part.media()).singleElement().satisfies(m -> {
            assertThat(m.fileId()).isEqualTo("BQAC");
            assertThat(m.fileName()).isEqualTo("bukti.pdf");
            assertThat(m.caption()).isEqualTo("Jalan rusak \uD83D\uDE97");
            assertThat(m.declaredType()).hasSize(ChatText.TYPE_MAX);
        });
        assertThat(part.receivedAt()).isEqualTo(now);
        // the raw update keeps every byte
        assertThat(new String(part.raw(), StandardCharsets.UTF_8)).isEqualTo(update);

        String later = "{\"update_id\":9002,\"message\":{\"message_id\":8,\"date\":" + (now.getEpochSecond() + 86_400)
                + ",\"from\":{\"id\":42},\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"besok\"}}";
        assertThat(((TelegramUpdates.Parsed.Message) TelegramUpdates.parse(later.getBytes(StandardCharsets.UTF_8), "tg", now)).part().receivedAt())
                .isEqualTo(now);

        String edit = "{\"update_id\":9003,\"edited_message\":{\"message_id\":7,\"date\":1,\"edit_date\":99999999999999999,"
                + "\"from\":{\"id\":42},\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"baru\\u0000\"}}";
        ChatEdit e = ((TelegramUpdates.Parsed.Edit) TelegramUpdates.parse(edit.getBytes(StandardCharsets.UTF_8), "tg", now)).edit();
        assertThat(e.editedAt()).isEqualTo(now);
        assertThat(e.text()).isEqualTo("baru");
        assertThat(e.providerMessageId()).isEqualTo("7");

        String wordId = "{\"update_id\":9004,\"edited_message\":{\"message_id\":\"" + "9".repeat(300) + "\",\"from\":{\"id\":42},"
                + "\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"x\"}}";
        assertThat(TelegramUpdates.parse(wordId.getBytes(StandardCharsets.UTF_8), "tg", now))
                .isEqualTo(new TelegramUpdates.Parsed.Malformed("9004", "edited_message without message_id"));
        assertThat(ChatText.storable("a\uDC00b\uD83D")).isEqualTo("ab");
        assertThat(ChatText.storable("ab\uD83D\uDE97c", 3)).isEqualTo("ab");
    }
}
