package id.lapor.gateway.channel.email;

import com.fasterxml.jackson.databind.JsonNode;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.support.FixtureTable;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.GoldenFixtures;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Email golden fixtures that are a sequence of mails, through the route's one entry into intake
 * ({@code direct:normalise}) and the store: {@code fixtures/email/sequences/<case>/} holds the mails,
 * delivered in name order, each beside its expected outcome: the canonical complaint stored, or
 * {@code {outcome: DUPLICATE_TRANSPORT, ticket_of: <label of the mail whose ticket the sender is told>}}.
 * Then every mail is delivered again, as after a crash between the commit and the move out of the
 * inbox, and must settle as a duplicate of what it first became. (A reused Message-ID: issue #15 kind 6.)
 */
@GatewayIntegrationTest
class EmailSequenceFixturesTest {

    static final Path DIR = EmailFixturesTest.DIR.resolve("sequences");

    @Autowired ProducerTemplate camel;
    @Autowired CamelContext context;
    @Autowired Ledger ledger;
    @Autowired CanonicalJson json;

    @Test
    void everySequenceBecomesItsExpectedOutcomesAndEachRedeliveryIsADuplicate() throws Exception {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(DIR)) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(3);
        context.getRouteController().suspendRoute("lapor-forwarder");
        try {
            for (Path dir : cases) sequence(dir);
        } finally {
            context.getRouteController().resumeRoute("lapor-forwarder");
        }
    }

    private void sequence(Path dir) throws Exception {
        List<FixtureTable.Row> rows = FixtureTable.rows(dir, ".eml");
        assertThat(rows).as(dir.toString()).hasSizeGreaterThanOrEqualTo(2);
        Map<String, String> labelOfTicket = new HashMap<>();
        List<String> told = new ArrayList<>();
        for (FixtureTable.Row row : rows) {
            IntakeReceipt r = deliver(Files.readAllBytes(row.input()));
            JsonNode actual;
            if (r.outcome() == IntakeReceipt.Outcome.STORED) {
                labelOfTicket.put(r.ticket(), row.label());
                Complaint c = ledger.find(r.ticket()).orElseThrow();
                actual = GoldenFixtures.stable(json.toTree(c));
            } else {
                assertThat(r.outcome()).as(row.toString()).isEqualTo(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT);
                actual = GoldenFixtures.PRETTY.createObjectNode().put("outcome", r.outcome().name())
                        .put("ticket_of", labelOfTicket.getOrDefault(r.ticket(), "a ticket outside this sequence"));
            }
            FixtureTable.assertExpected(row, actual);
            told.add(r.ticket());
        }
        for (int i = 0; i < rows.size(); i++) {
            IntakeReceipt again = deliver(Files.readAllBytes(rows.get(i).input()));
            assertThat(again.outcome()).as("%s delivered again", rows.get(i)).isEqualTo(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT);
            assertThat(again.ticket()).as("%s delivered again", rows.get(i)).isEqualTo(told.get(i));
        }
    }

    private IntakeReceipt deliver(byte[] raw) {
        return camel.requestBody("direct:normalise", EmailMessage.of(raw, "mailbox-1"), IntakeReceipt.class);
    }
}
