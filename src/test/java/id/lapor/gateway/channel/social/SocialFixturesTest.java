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
import id.lapor.gateway.support.GoldenFixtures;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden fixtures in the style of courier's testdata: every {@code fixtures/social/<case>.json} is a
 * raw flagged-post body, {@code <case>.expected.json} what it must become (canonical complaint with
 * ticket and times masked, or the quarantine outcome). Adding a case is adding two files; run with
 * {@code -Dfixtures.record=true} to write missing expected files, then review them.
 */
@GatewayIntegrationTest
class SocialFixturesTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/social");

    @Autowired ProducerTemplate camel;
    @Autowired Ledger ledger;
    @Autowired QuarantineStore quarantine;
    @Autowired CanonicalJson json;
    final ObjectMapper pretty = GoldenFixtures.PRETTY;

    @TestFactory
    Stream<DynamicTest> everyFixtureBecomesItsExpectedOutcome() throws IOException {
        return GoldenFixtures.each(DIR, ".json", this::check);
    }

    private void check(Path input) throws IOException {
        byte[] raw = Files.readAllBytes(input);
        IntakeReceipt r = camel.requestBody("direct:social-report", raw, IntakeReceipt.class);
        JsonNode actual = outcome(r);

        GoldenFixtures.assertExpected(input, ".json", actual);

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
