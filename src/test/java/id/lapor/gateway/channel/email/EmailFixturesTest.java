package id.lapor.gateway.channel.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.support.ChannelConfig;
import id.lapor.gateway.support.FixtureTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email fixtures as a table ({@link FixtureTable}): {@code fixtures/email/<case>.eml} is one message
 * as a mailbox holds it, {@code <case>.expected.json} what {@link EmailNormaliser} and intake make of
 * it: the canonical complaint, the reason it was ignored, or the quarantine reason. {@code {{TICKET}}}
 * in a fixture stands for the ticket of a complaint on record (replies to an acknowledgement).
 * {@code make_fixtures.py} beside them wrote the inputs. No Spring: the shipped
 * {@code channel-config/email.yaml}. {@link EmailRoutedFixturesTest} sends the same table through the
 * real route and a store.
 */
class EmailFixturesTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/email");
    /** Tickets on record, as the ledger would answer the normaliser. */
    static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    static final EmailNormaliser NORMALISER = new EmailNormaliser(ChannelConfig.load("email", EmailProperties.class), KNOWN::contains);

    @TestFactory
    Stream<DynamicTest> everyFixtureBecomesItsExpectedOutcome() throws IOException {
        return FixtureTable.run(FixtureTable.rows(DIR, ".eml"), row -> {
            byte[] raw = Files.readAllBytes(row.input());
            String original = null;
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            if (text.contains("{{TICKET}}")) {
                original = Ticket.generate();
                KNOWN.add(original);
                raw = text.replace("{{TICKET}}", original).getBytes(StandardCharsets.ISO_8859_1);
            }
            EmailMessage mail = EmailMessage.of(raw, "mailbox-1");
            assertThat(mail.rawMediaType()).isEqualTo("message/rfc822");
            JsonNode view = FixtureTable.view(NORMALISER.normalise(mail), mail, NORMALISER, false);
            if (original != null && view.has("ticket")) {
                ObjectNode tree = (ObjectNode) view;
                String followUpOf = tree.path("follow_up_of").isNull() ? null : tree.path("follow_up_of").asText();
                tree.put("follow_up_of", original.equals(followUpOf) ? "<ticket of the acknowledged complaint>" : followUpOf);
                ((ObjectNode) tree.get("source")).put("raw_ref", "<sha256 of the mail with that ticket>");
            }
            return view;
        });
    }
}
