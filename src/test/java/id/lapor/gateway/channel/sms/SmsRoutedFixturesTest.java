package id.lapor.gateway.channel.sms;

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
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMS channel's routed smoke test: the fixture table of {@link SmsFixturesTest} through what the
 * {@code smsc:} route does with each PDU, minus the socket ({@link SmsReception}, {@code direct:sms-message},
 * the one entry into intake, the store): every case becomes what its expected file says (a command's
 * reply is queued once), and every case delivered a second time creates nothing new.
 */
@GatewayIntegrationTest
class SmsRoutedFixturesTest {

    @Autowired ProducerTemplate camel;
    @Autowired CamelContext context;
    @Autowired SmsReception reception;
    @Autowired SmsDecoding decoding;
    @Autowired Ledger ledger;
    @Autowired QuarantineStore quarantine;
    @Autowired CanonicalJson json;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired SmsNormaliser normaliser;
    final ObjectMapper pretty = GoldenFixtures.PRETTY;

    @Test
    void everyFixtureThroughTheRouteBecomesItsExpectedOutcomeOnce() throws Exception {
        FixtureTable.throughRoutes(context, FixtureTable.rows(SmsFixturesTest.DIR, ".hex"), this::check);
    }

    private void check(FixtureTable.Row row) throws IOException {
        List<byte[]> pdus = SmsFixturesTest.pdus(row.input());
        String recipient = "tel:+6281234567801";
        long repliesBefore = replies(recipient);
        Outcome first = deliver(pdus);
        JsonNode actual = describe(first, recipient, repliesBefore);

        FixtureTable.assertExpected(row, actual);

        // the SMSC delivers the same PDUs again: nothing new is created
        Outcome again = deliver(pdus);
        if (first.intake() == null) return; // a receipt or an answered command: nothing stored to deliver again
        IntakeReceipt r = first.intake();
        if (r.outcome() == IntakeReceipt.Outcome.STORED) {
            if (pdus.size() > 1) {
                assertThat(again.intake()).as("parts of a message already received").isNull();
            } else {
                assertThat(again.intake().outcome()).isEqualTo(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT);
                assertThat(again.intake().ticket()).isEqualTo(r.ticket());
            }
        } else if (r.outcome() == IntakeReceipt.Outcome.QUARANTINED) {
            assertThat(again.intake().quarantineId()).isEqualTo(r.quarantineId());
            assertThat(quarantine.find(r.quarantineId()).orElseThrow().seenCount()).isEqualTo(2);
        }
    }

    record Outcome(IntakeReceipt intake, SmsDecoding.Decoded.Receipt receipt, boolean answered) {}

    /** What the smsc: route does with each PDU, minus the socket. */
    private Outcome deliver(List<byte[]> pdus) {
        IntakeReceipt last = null;
        boolean answered = false;
        for (byte[] raw : pdus) {
            SmsPdu pdu = SmsPdu.decode(raw, Instant.now());
            if (decoding.decode(pdu, "smsc-1") instanceof SmsDecoding.Decoded.Receipt r) return new Outcome(null, r, false);
            SmsMessage m = reception.receive(pdu);
            if (m == null) continue;
            Object body = camel.requestBody("direct:sms-message", m);
            if (body instanceof IntakeReceipt ir) last = ir;
            else answered = true;
        }
        return new Outcome(last, null, answered);
    }

    private JsonNode describe(Outcome o, String recipient, long repliesBefore) {
        if (o.receipt() != null) {
            return pretty.createObjectNode().put("outcome", "DELIVERY_RECEIPT").put("message_id", o.receipt().messageId())
                    .put("state", o.receipt().state());
        }
        if (o.answered()) {
            assertThat(replies(recipient)).isEqualTo(repliesBefore + 1);
            var reply = jdbc.queryForMap("SELECT kind, body FROM citizen_reply WHERE recipient = :r ORDER BY id DESC LIMIT 1",
                    new MapSqlParameterSource("r", recipient));
            return pretty.createObjectNode().put("outcome", "ANSWERED").put("reply_kind", (String) reply.get("kind"))
                    .put("reply", (String) reply.get("body"));
        }
        IntakeReceipt r = o.intake();
        assertThat(r).as("an outcome").isNotNull();
        if (r.outcome() == IntakeReceipt.Outcome.STORED) {
            Complaint c = ledger.find(r.ticket()).orElseThrow();
            ObjectNode tree = GoldenFixtures.stable(json.toTree(c));
            ((ObjectNode) tree.get("source")).put("external_id", c.source().externalId().replaceAll("^(sms:)[0-9a-f]{32}:\\d+$", "$1<sha256 of sender, destination, reference, text>:<window>"));
            return tree;
        }
        if (r.outcome() == IntakeReceipt.Outcome.DUPLICATE_CONTENT || r.outcome() == IntakeReceipt.Outcome.DUPLICATE_TRANSPORT) {
            return pretty.createObjectNode().put("outcome", r.outcome().name());
        }
        if (r.outcome() == IntakeReceipt.Outcome.IGNORED) {
            return pretty.createObjectNode().put("outcome", "IGNORED").put("reason", r.reason());
        }
        QuarantineStore.Item q = quarantine.find(r.quarantineId()).orElseThrow();
        assertThat(quarantine.raw(q)).isPresent();
        // what quarantine kept is the PDU: replaying it as it is gives the same decision and reason
        var replayed = normaliser.normaliseRaw(quarantine.raw(q).orElseThrow(), "smsc-1");
        assertThat(replayed).isInstanceOf(id.lapor.gateway.complaint.Normalisation.Rejected.class);
        assertThat(((id.lapor.gateway.complaint.Normalisation.Rejected) replayed).reason()).isEqualTo(q.reason());
        return pretty.createObjectNode().put("outcome", r.outcome().name()).put("channel", q.channel().name())
                .put("reason_class", q.reasonClass().name()).put("reason", q.reason());
    }

    private long replies(String recipient) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM citizen_reply WHERE recipient = :r", new MapSqlParameterSource("r", recipient), Long.class);
        return n == null ? 0 : n;
    }
}
