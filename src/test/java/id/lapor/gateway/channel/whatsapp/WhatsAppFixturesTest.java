package id.lapor.gateway.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import id.lapor.gateway.channel.chat.ChatConversation;
import id.lapor.gateway.channel.chat.ChatMedia;
import id.lapor.gateway.channel.chat.ChatPart;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.intake.IntakeInput;
import id.lapor.gateway.intake.MediaTypes;
import id.lapor.gateway.support.ChannelConfig;
import id.lapor.gateway.support.FixtureTable;
import id.lapor.gateway.support.GoldenFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The WhatsApp fixtures as a table ({@link FixtureTable}): every {@code fixtures/whatsapp/<case>.json} is a
 * webhook body as Meta POSTs it, {@code <case>.expected.json} what it becomes: the messages read by
 * {@link WhatsAppParts}, as one conversation, through {@link WhatsAppNormaliser} and intake's enrichment (canonical
 * complaint with ticket and times masked); IGNORED with its reason (reactions, stickers, unsupported types, a
 * greeting only, a CEK answered); or the quarantine outcome (unreadable body, unusable message). A
 * {@code <case>.media} file holds the media's bytes as the Graph API serves them; a media row without one shows
 * the media gone (404) and the complaint kept, flagged. No Spring, no store: the shipped whatsapp.yaml.
 */
class WhatsAppFixturesTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/whatsapp");
    static final Instant ARRIVED = Instant.parse("2025-11-30T08:05:00Z");
    static final WhatsAppNormaliser NORMALISER = new WhatsAppNormaliser(
            WhatsAppConfiguration.screen(ChannelConfig.load("whatsapp", WhatsAppProperties.class)), Clock.fixed(ARRIVED, ZoneOffset.UTC));

    /** A webhook body that never became a conversation: what quarantine keeps of it. */
    record Body(byte[] raw) implements IntakeInput {
        public Channel channel() { return Channel.WHATSAPP; }
        public String instance() { return "wa-cloud-1"; }
        public String externalId() { return null; }
        public String rawMediaType() { return WhatsAppReception.RAW_MEDIA_TYPE; }
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureBecomesItsExpectedOutcome() throws IOException {
        return FixtureTable.run(FixtureTable.rows(DIR, ".json"), WhatsAppFixturesTest::outcome);
    }

    static JsonNode outcome(FixtureTable.Row row) throws IOException {
        byte[] body = Files.readAllBytes(row.input());
        WhatsAppPayload.Parsed parsed;
        try {
            parsed = WhatsAppPayload.parse(body);
        } catch (WhatsAppPayload.Malformed e) {
            return FixtureTable.view(Normalisation.rejected(Normalisation.ReasonClass.PARSE, "WhatsApp webhook unreadable: " + e.getMessage()),
                    new Body(body), NORMALISER, true);
        }
        List<ChatPart> parts = new ArrayList<>();
        for (WhatsAppPayload.Inbound in : parsed.messages()) {
            WhatsAppParts.Read read = WhatsAppParts.read(in.envelope(), "wa-cloud-1", ARRIVED);
            if (read instanceof WhatsAppParts.Read.Ignored i) return ignored(i.reason());
            if (read instanceof WhatsAppParts.Read.Invalid i) {
                return FixtureTable.view(Normalisation.rejected(i.reasonClass(), i.reason()), new Body(in.envelope()), NORMALISER, true);
            }
            ChatPart part = ((WhatsAppParts.Read.Part) read).part();
            java.util.Optional<id.lapor.gateway.channel.chat.ChatCommands.Answer> answer = part.media().isEmpty() && "text".equals(in.type())
                    ? new id.lapor.gateway.channel.chat.ChatCommands(new id.lapor.gateway.channel.chat.ChatReplyTexts(
                            id.lapor.gateway.channel.chat.ChatReplyTexts.REQUIRED.stream().collect(java.util.stream.Collectors.toMap(k -> k, k -> k)),
                            java.util.Map.of()), t -> java.util.Optional.empty()).answer(part.text(), part.conversationKey())
                    : java.util.Optional.empty();
            if (answer.isPresent()) return ignored(id.lapor.gateway.channel.chat.ChatCommands.ignoreReason(answer.get())); // as WhatsAppReception counts it
            parts.add(part);
        }
        if (parts.isEmpty()) return ignored(WhatsAppNormaliser.NO_MESSAGES);
        ChatConversation c = conversation(row, parts);
        return FixtureTable.view(NORMALISER.normalise(c), c, NORMALISER, true);
    }

    /** The parts as the chat core would close them: media fetched from the row's .media file, or gone (404). */
    static ChatConversation conversation(FixtureTable.Row row, List<ChatPart> parts) throws IOException {
        Path file = row.input().resolveSibling(row.label() + ".media");
        List<ChatConversation.Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            for (ChatMedia m : parts.get(i).media()) {
                if (Files.exists(file)) {
                    byte[] bytes = Files.readAllBytes(file);
                    attachments.add(new ChatConversation.Attachment(attachments.size() + 1, i, m, ChatConversation.MediaState.FETCHED,
                            bytes, MediaTypes.detect(bytes), null));
                } else {
                    attachments.add(new ChatConversation.Attachment(attachments.size() + 1, i, m, ChatConversation.MediaState.UNAVAILABLE,
                            null, null, "NOT_FOUND: HTTP 404 for media " + m.fileId()));
                }
            }
        }
        ChatPart first = parts.get(0);
        return new ChatConversation(7, Channel.WHATSAPP, "wa-cloud-1", first.conversationKey(), first.receivedAt(),
                parts.get(parts.size() - 1).receivedAt(), parts, attachments, parts.size());
    }

    private static JsonNode ignored(String reason) {
        return GoldenFixtures.PRETTY.createObjectNode().put("outcome", "IGNORED").put("reason", reason);
    }
}
