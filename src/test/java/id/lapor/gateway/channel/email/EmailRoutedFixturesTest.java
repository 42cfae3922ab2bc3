package id.lapor.gateway.channel.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineStore;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.FixtureTable;
import id.lapor.gateway.support.GoldenFixtures;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email channel's routed smoke test: the fixture table of {@link EmailFixturesTest} through the one
 * entry into intake ({@code direct:normalise}, as route {@code email-work} sends each mail) and the
 * store: every mail becomes what its expected file says, its attachments' bytes are stored, what
 * quarantine kept replays to the same reason, and each mail delivered again creates nothing new.
 * {@code {{TICKET}}} in a fixture stands for the ticket of a complaint stored just before it.
 */
@GatewayIntegrationTest
class EmailRoutedFixturesTest {

    @Autowired ProducerTemplate camel;
    @Autowired CamelContext context;
    @Autowired Ledger ledger;
    @Autowired QuarantineStore quarantine;
    @Autowired CanonicalJson json;
    @Autowired ComplaintIntake intake;
    @Autowired AttachmentStore blobs;
    @Autowired EmailNormaliser normaliser;
    final ObjectMapper pretty = GoldenFixtures.PRETTY;

    @Test
    void everyFixtureThroughTheRouteBecomesItsExpectedOutcomeOnce() throws Exception {
        FixtureTable.throughRoutes(context, FixtureTable.rows(EmailFixturesTest.DIR, ".eml"), this::check);
    }

    private void check(FixtureTable.Row row) throws IOException {
        Path input = row.input();
        byte[] raw = Files.readAllBytes(input);
        String original = null;
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        if (text.contains("{{TICKET}}")) {
            original = intake.accept(Drafts.sms(Drafts.uniquePhone(), null, "Jalan berlubang di depan SDN 3 Mataram " + input), null, null).ticket();
            raw = text.replace("{{TICKET}}", original).getBytes(StandardCharsets.ISO_8859_1);
        }
        IntakeReceipt first = deliver(raw);
        JsonNode actual = describe(first, original);
        FixtureTable.assertExpected(row, actual);

        IntakeReceipt again = deliver(raw);
        switch (first.outcome()) {
            case STORED -> {
                assertThat(again.outcome()).as("the same mail again").isEqualTo(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT);
                assertThat(again.ticket()).isEqualTo(first.ticket());
            }
            case QUARANTINED -> {
                assertThat(again.quarantineId()).isEqualTo(first.quarantineId());
                assertThat(quarantine.find(first.quarantineId()).orElseThrow().seenCount()).isEqualTo(2);
            }
            case IGNORED -> assertThat(again.outcome()).isEqualTo(IntakeReceipt.Outcome.IGNORED);
            default -> throw new AssertionError("unexpected first outcome " + first.outcome());
        }
    }

    private IntakeReceipt deliver(byte[] raw) {
        return camel.requestBody("direct:normalise", EmailMessage.of(raw, "mailbox-1"), IntakeReceipt.class);
    }

    private JsonNode describe(IntakeReceipt r, String original) {
        if (r.outcome() == IntakeReceipt.Outcome.STORED) {
            Complaint c = ledger.find(r.ticket()).orElseThrow();
            for (Complaint.Attachment a : c.attachments()) {
                assertThat(blobs.get(a.sha256())).as("bytes of " + a.filename()).isPresent();
            }
            ObjectNode tree = GoldenFixtures.stable(json.toTree(c));
            if (original != null) {
                tree.put("follow_up_of", original.equals(c.followUpOf()) ? "<ticket of the acknowledged complaint>" : c.followUpOf());
                ((ObjectNode) tree.get("source")).put("raw_ref", "<sha256 of the mail with that ticket>");
            }
            return tree;
        }
        if (r.outcome() == IntakeReceipt.Outcome.IGNORED) {
            return pretty.createObjectNode().put("outcome", "IGNORED").put("reason", r.reason());
        }
        assertThat(r.outcome()).isEqualTo(IntakeReceipt.Outcome.QUARANTINED);
        QuarantineStore.Item q = quarantine.find(r.quarantineId()).orElseThrow();
        assertThat(q.rawMediaType()).isEqualTo("message/rfc822");
        // what quarantine kept is the mail: replaying it gives the same decision and reason
        var replayed = normaliser.normaliseRaw(quarantine.raw(q).orElseThrow(), "mailbox-1");
        assertThat(replayed).isInstanceOf(Normalisation.Rejected.class);
        assertThat(((Normalisation.Rejected) replayed).reason()).isEqualTo(q.reason());
        return pretty.createObjectNode().put("outcome", "QUARANTINED").put("reason_class", q.reasonClass().name()).put("reason", q.reason());
    }
}
