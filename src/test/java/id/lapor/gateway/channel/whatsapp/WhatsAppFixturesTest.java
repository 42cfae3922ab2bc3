package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.support.FixtureTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The WhatsApp fixtures as a table ({@link FixtureTable}): every {@code fixtures/whatsapp/<case>.json} is a
 * webhook body as Meta POSTs it, {@code <case>.expected.json} what {@link WhatsAppNormaliser} and intake make
 * of its message (canonical complaint with ticket and times masked, IGNORED with its reason, or the
 * quarantine outcome). A {@code <case>.media} file is the media's bytes as the Graph API would serve them
 * (a media row without one shows the complaint kept with its media flagged). No Spring, no store.
 */
class WhatsAppFixturesTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/whatsapp");
    static final WhatsAppNormaliser NORMALISER = new WhatsAppNormaliser();

    @TestFactory
    Stream<DynamicTest> everyFixtureBecomesItsExpectedOutcome() throws IOException {
        return FixtureTable.run(FixtureTable.rows(DIR, ".json"), row -> {
            WhatsAppMessage m = input(row);
            return FixtureTable.view(NORMALISER.normalise(m), m, NORMALISER, true);
        });
    }

    /** The row's first message as the reception hands it on (with its media when the row has a .media file). */
    static WhatsAppMessage input(FixtureTable.Row row) throws IOException {
        byte[] body = Files.readAllBytes(row.input());
        WhatsAppPayload.Parsed parsed;
        try {
            parsed = WhatsAppPayload.parse(body);
        } catch (WhatsAppPayload.Malformed e) {
            return new WhatsAppMessage("wa-cloud-1", null, body);
        }
        if (parsed.messages().isEmpty()) return new WhatsAppMessage("wa-cloud-1", null, body);
        WhatsAppPayload.Inbound in = parsed.messages().get(0);
        Path media = row.input().resolveSibling(row.label() + ".media");
        if (!Files.exists(media)) return new WhatsAppMessage("wa-cloud-1", in.wamid(), in.envelope());
        WhatsAppPayload.Message msg;
        try {
            msg = WhatsAppPayload.message(in.envelope());
        } catch (WhatsAppPayload.Malformed e) {
            throw new IllegalStateException(e);
        }
        String mediaId = WhatsAppPayload.text(msg.message().path(in.type()), "id");
        return new WhatsAppMessage("wa-cloud-1", in.wamid(), in.envelope(),
                List.of(new ComplaintDraft.AttachmentContent(WhatsAppReception.filename(msg, in.type(), mediaId), Files.readAllBytes(media))),
                List.of());
    }
}
