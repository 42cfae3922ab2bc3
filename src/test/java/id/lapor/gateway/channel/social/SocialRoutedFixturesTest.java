package id.lapor.gateway.channel.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineStore;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.FixtureTable;
import id.lapor.gateway.support.GoldenFixtures;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The social channel's routed smoke test: the fixture table of {@link SocialFixturesTest} through the
 * real route ({@code direct:social-report}, the one entry into intake, the store): every case is
 * stored or quarantined as its expected file says, and the same raw input again creates nothing new.
 */
@GatewayIntegrationTest
class SocialRoutedFixturesTest {

    @Autowired ProducerTemplate camel;
    @Autowired CamelContext context;
    @Autowired Ledger ledger;
    @Autowired QuarantineStore quarantine;
    @Autowired CanonicalJson json;
    final ObjectMapper pretty = GoldenFixtures.PRETTY;

    @Test
    void everyFixtureThroughTheRouteBecomesItsExpectedOutcomeOnce() throws Exception {
        FixtureTable.throughRoutes(context, FixtureTable.rows(SocialFixturesTest.DIR, ".json"), this::check);
    }

    private void check(FixtureTable.Row row) throws IOException {
        byte[] raw = Files.readAllBytes(row.input());
        IntakeReceipt r = camel.requestBody("direct:social-report", raw, IntakeReceipt.class);
        JsonNode actual = outcome(r);

        FixtureTable.assertExpected(row, actual);

        // the same raw input again: nothing new is created
        IntakeReceipt again = camel.requestBody("direct:social-report", raw, IntakeReceipt.class);
        if (r.outcome() == IntakeReceipt.Outcome.STORED) {
            assertThat(again.outcome()).isEqualTo(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT);
            assertThat(again.ticket()).isEqualTo(r.ticket());
        } else {
            assertThat(again.quarantineId()).isEqualTo(r.quarantineId());
            assertThat(quarantine.find(r.quarantineId()).orElseThrow().seenCount()).isEqualTo(2);
        }
    }

    private JsonNode outcome(IntakeReceipt r) {
        if (r.outcome() == IntakeReceipt.Outcome.STORED) {
            Complaint c = ledger.find(r.ticket()).orElseThrow();
            assertThat(Duration.between(c.receivedAt(), c.slaDueAt())).isEqualTo(Duration.ofDays(30));
            ObjectNode tree = GoldenFixtures.stable(json.toTree(c));
            return tree;
        }
        QuarantineStore.Item q = quarantine.find(r.quarantineId()).orElseThrow();
        assertThat(quarantine.raw(q)).isPresent();
        return pretty.createObjectNode().put("outcome", r.outcome().name()).put("channel", q.channel().name())
                .put("reason_class", q.reasonClass().name()).put("reason", q.reason());
    }
}
