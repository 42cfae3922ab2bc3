package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.support.MutableClock;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.channel.chat.ChatChannelSettings;
import id.lapor.gateway.channel.chat.ChatCommands;
import id.lapor.gateway.channel.chat.ChatConversation;
import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.channel.chat.ChatMediaFetcher;
import id.lapor.gateway.channel.chat.ChatMediaSource;
import id.lapor.gateway.channel.chat.ChatReplyTexts;
import id.lapor.gateway.channel.email.AttachmentScreen;
import id.lapor.gateway.channel.email.EmailProperties;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.FileAttachmentStore;
import id.lapor.gateway.support.ChannelConfig;
import id.lapor.gateway.support.FixtureTable;
import id.lapor.gateway.support.FreshStore;
import id.lapor.gateway.support.GoldenFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Telegram fixtures as a table ({@link FixtureTable}): every {@code fixtures/telegram/<case>.json} is one
 * raw update, or a JSON array of updates (a conversation, each element's exact bytes handed on as Telegram
 * sends it); {@code <case>.expected.json} holds what each update became ({@code updates}) and what the
 * conversation became ({@code result}: the canonical complaint with ticket and times masked, Ignored, or
 * null when no conversation was opened). The updates go through the real parts of the channel without
 * Spring or Camel: {@link TelegramUpdates}, {@link ChatCommands} with the shipped texts, the chat core's
 * store ({@link ChatConversations}, a fresh store per case), {@link ChatMediaFetcher} with files from
 * {@code fixtures/telegram/files/<file_id>} (a missing file is a 404), and {@link TelegramNormaliser} with the
 * shipped {@code channel-config/telegram.yaml}.
 */
class TelegramFixturesTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/telegram");
    static final TelegramProperties PROPS = ChannelConfig.load("telegram", TelegramProperties.class);
    static final ChatReplyTexts TEXTS = new ChatReplyTexts(PROPS.replies().templates(), PROPS.replies().statusNames());

    @TestFactory
    Stream<DynamicTest> everyFixtureBecomesItsExpectedOutcome() throws IOException {
        return FixtureTable.run(FixtureTable.rows(DIR, ".json"), row -> outcome(Files.readAllBytes(row.input())));
    }

    static ObjectNode outcome(byte[] input) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T01:00:00Z"));
        Path blobs = Files.createTempDirectory("tg-fixture");
        // a fresh store per case (a case sees only its own updates)
        FreshStore fresh = FreshStore.create().migrate(null);
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(fresh.dataSource());
        ChatConversations store = new ChatConversations(jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(fresh.dataSource())), new FileAttachmentStore(blobs), clock);
        ChatCommands commands = new ChatCommands(TEXTS, ticket -> Optional.empty());
        ObjectNode out = GoldenFixtures.PRETTY.createObjectNode();
        ArrayNode updates = out.putArray("updates");
        for (byte[] raw : updates(input)) {
            TelegramUpdates.Parsed p = TelegramUpdates.parse(raw, PROPS.instance(), clock.instant());
            updates.add(handle(p, store, commands));
            clock.advance(Duration.ofSeconds(5));
        }
        ChatChannelSettings settings = new ChatChannelSettings(Channel.TELEGRAM, true, PROPS.conversation().quietPeriod(),
                PROPS.conversation().mediaWait(), 1, Duration.ofSeconds(1), PROPS.media().maxBytes(), TEXTS.help());
        new ChatMediaFetcher(store, List.of(settings), List.of(new FixtureFiles()), new FileAttachmentStore(blobs), clock, 100).fetchDue();
        clock.advance(PROPS.conversation().quietPeriod().plusSeconds(1));
        List<ChatConversation> due = store.due(settings, clock.instant(), 10);
        if (due.isEmpty()) {
            out.putNull("result");
            return out;
        }
        if (due.size() > 1) throw new AssertionError("one fixture, one conversation: " + due.size());
        // the id is the store's; the fixture shows it as 1 so the raw input and externalId are stable
        ChatConversation c = due.get(0);
        ChatConversation stable = new ChatConversation(1, c.channel(), c.instance(), c.conversationKey(), c.openedAt(), c.lastPartAt(),
                c.parts(), c.attachments(), c.lastPartId());
        TelegramNormaliser normaliser = normaliser();
        out.set("result", FixtureTable.view(normaliser.normalise(stable), stable, normaliser, true));
        return out;
    }

    /** What the channel does with one parsed update (as {@link TelegramReception} does), as one line. */
    static String handle(TelegramUpdates.Parsed p, ChatConversations store, ChatCommands commands) {
        if (p instanceof TelegramUpdates.Parsed.Malformed m) return "QUARANTINED PARSE: " + m.reason();
        if (p instanceof TelegramUpdates.Parsed.Ignore i) return "IGNORED: " + i.reason();
        if (p instanceof TelegramUpdates.Parsed.Edit e) {
            ChatConversations.Edited r = store.edit(e.edit()).outcome();
            // as TelegramReception does: an edit of a conversation closed without a complaint is a new message
            return "EDIT " + r + (r == ChatConversations.Edited.NO_COMPLAINT && e.asMessage() != null ? ": " + store.append(e.asMessage()) : "");
        }
        TelegramUpdates.Parsed.Message m = (TelegramUpdates.Parsed.Message) p;
        Optional<ChatCommands.Answer> a = m.part().media().isEmpty() && m.part().location() == null
                ? commands.answer(m.part().text(), m.part().reporter().channelUserId()) : Optional.empty();
        if (a.isPresent()) {
            ChatConversations.Appended r = store.recordOnly(m.part(), "COMMAND", null);
            return "COMMAND " + a.get().kind() + (r == ChatConversations.Appended.DUPLICATE ? " (again: not answered)" : "")
                    + ": " + (a.get().optOut() ? "status updates " + a.get().updates() : a.get().body());
        }
        return store.append(m.part()).name();
    }

    static TelegramNormaliser normaliser() {
        TelegramProperties.Media m = PROPS.media();
        return new TelegramNormaliser(new AttachmentScreen(PROPS.allowedTypes(), new EmailProperties.Limits(m.maxTotalBytes(), m.maxBytes(),
                m.maxTotalBytes(), m.maxAttachments(), 100_000, 1000, 100L * 1024 * 1024, 100)), Clock.systemUTC());
    }

    /** The updates of an input: one object, or each element of an array as its exact bytes. */
    static List<byte[]> updates(byte[] input) throws IOException {
        String s = new String(input, StandardCharsets.UTF_8).strip();
        if (!s.startsWith("[")) return List.of(input);
        byte[] wrapped = ("{\"ok\":true,\"result\":" + s + "}").getBytes(StandardCharsets.UTF_8);
        List<byte[]> out = new ArrayList<>();
        for (TelegramUpdates.Raw r : TelegramUpdates.split(wrapped)) out.add(r.bytes());
        return out;
    }

    /** Media from {@code fixtures/telegram/files/<file_id>}; a missing file answers like a 404. */
    static final class FixtureFiles implements ChatMediaSource {
        @Override
        public Channel channel() {
            return Channel.TELEGRAM;
        }

        @Override
        public Fetch fetch(String instance, id.lapor.gateway.channel.chat.ChatMedia media, long maxBytes) {
            Path f = DIR.resolve("files").resolve(media.fileId());
            if (!Files.exists(f)) return new Fetch.Permanent("NOT_FOUND: file download answered HTTP 404");
            try {
                return new Fetch.Fetched(Files.readAllBytes(f));
            } catch (IOException e) {
                return new Fetch.Temporary(e.toString());
            }
        }
    }
}
