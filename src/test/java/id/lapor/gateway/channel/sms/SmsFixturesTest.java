package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMS fixtures as a table ({@link FixtureTable}): {@code fixtures/sms/<case>.hex} holds one
 * deliver_sm PDU per line in arrival order (decoded as jSMPP's decomposer does), {@code <case>.expected.json}
 * the outcome: the canonical complaint, the quarantine reason, the reply to a command, or the receipt
 * read. What the SMS route does before the normaliser is done here without a store: receipts read,
 * parts put together once all are there ({@link SmsDecoding#assemble}), CEK/INFO answered, BERHENTI/MULAI confirmed
 * ({@link SmsCommands}, with no complaint on record). No Spring: the shipped {@code channel-config/sms.yaml}.
 * {@link SmsRoutedFixturesTest} sends the same table through the real route and a store.
 */
class SmsFixturesTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/sms");
    /** Fixtures of a bind whose SMSC packs GSM-7 ({@code default-alphabet: GSM7_PACKED}), run with that setting. */
    static final Path PACKED_DIR = DIR.resolve("gsm7-packed");
    static final SmsProperties PROPS = ChannelConfig.load("sms", SmsProperties.class);
    static final SmsDecoding DECODING = new SmsDecoding(PROPS.defaultAlphabet(), PROPS.multipart().maxParts(), PROPS.redeliveryWindow());
    static final SmsTextParser PARSER = new SmsTextParser(PROPS.keywords());
    static final SmsNormaliser NORMALISER = new SmsNormaliser(PARSER, DECODING, PROPS.maxTextChars(), PROPS.senderRegion(), Clock.systemUTC());
    static final SmsCommands COMMANDS = new SmsCommands(PARSER, new SmsReplyTexts(PROPS.replies(), PROPS.shortCode()),
            ticket -> Optional.empty());
    static final id.lapor.gateway.reply.StatusUpdateTexts UPDATE_TEXTS = new id.lapor.gateway.reply.StatusUpdateTexts(ChannelConfig.statusUpdates());

    @TestFactory
    Stream<DynamicTest> everyFixtureBecomesItsExpectedOutcome() throws IOException {
        return FixtureTable.run(FixtureTable.rows(DIR, ".hex"), row -> outcome(pdus(row.input()), DECODING));
    }

    /** The same table for a bind with {@code default-alphabet: GSM7_PACKED} (case 04 and its variants). */
    @TestFactory
    Stream<DynamicTest> everyPackedFixtureBecomesItsExpectedOutcome() throws IOException {
        SmsDecoding packed = new SmsDecoding(SmsTextDecoder.DefaultAlphabet.GSM7_PACKED, PROPS.multipart().maxParts(), PROPS.redeliveryWindow());
        return FixtureTable.run(FixtureTable.rows(PACKED_DIR, ".hex"), row -> outcome(pdus(row.input()), packed));
    }

    static List<byte[]> pdus(Path input) throws IOException {
        List<byte[]> pdus = new ArrayList<>();
        for (String line : Files.readAllLines(input)) if (!line.isBlank()) pdus.add(HexFormat.of().parseHex(line.strip()));
        return pdus;
    }

    private static JsonNode outcome(List<byte[]> pdus, SmsDecoding decoding) {
        SmsMessage message = null;
        TreeMap<Integer, SmsPart> parts = new TreeMap<>();
        for (byte[] raw : pdus) {
            SmsPdu pdu = SmsPdu.decode(raw, Instant.now());
            SmsDecoding.Decoded d = decoding.decode(pdu, PROPS.instance());
            if (d instanceof SmsDecoding.Decoded.Receipt r) {
                return GoldenFixtures.PRETTY.createObjectNode().put("outcome", "DELIVERY_RECEIPT")
                        .put("message_id", r.messageId()).put("state", r.state());
            }
            if (d instanceof SmsDecoding.Decoded.Whole w) {
                message = w.message();
                continue;
            }
            SmsPart part = ((SmsDecoding.Decoded.Part) d).part();
            parts.putIfAbsent(part.seq(), part); // a part received twice is kept once
            if (parts.size() == part.total()) message = decoding.assemble(List.copyOf(parts.values()), pdu.raw());
        }
        assertThat(message).as("a whole message").isNotNull();
        Optional<SmsCommands.UpdatesSwitch> updates = COMMANDS.updatesSwitch(message);
        if (updates.isPresent()) { // BERHENTI / MULAI: the reception switches the number's updates and confirms it
            return GoldenFixtures.PRETTY.createObjectNode().put("outcome", "ANSWERED").put("reply_kind", "OPT_OUT")
                    .put("reply", updates.get().stop() ? UPDATE_TEXTS.stopped(Channel.SMS) : UPDATE_TEXTS.resumed(Channel.SMS));
        }
        Optional<SmsCommands.Answer> answer = COMMANDS.answer(message);
        if (answer.isPresent()) {
            return GoldenFixtures.PRETTY.createObjectNode().put("outcome", "ANSWERED")
                    .put("reply_kind", answer.get().kind().name()).put("reply", answer.get().body());
        }
        JsonNode view = FixtureTable.view(NORMALISER.normalise(message), message, NORMALISER, true);
        if (view.has("source")) {
            ObjectNode source = (ObjectNode) view.get("source");
            source.put("external_id", source.path("external_id").asText()
                    .replaceAll("^(sms:)[0-9a-f]{32}:\\d+$", "$1<sha256 of sender, destination, reference, text>:<window>"));
        }
        return view;
    }
}
