package id.lapor.gateway.forward;

import id.lapor.gateway.classify.CategoryClassifier;
import id.lapor.gateway.classify.ClassifierStore;
import id.lapor.gateway.audit.AuditLog;
import id.lapor.gateway.console.ComplaintActions;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.DispositionRules;
import id.lapor.gateway.intake.Enrichment;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineStore;
import id.lapor.gateway.intake.ReviewHold;
import id.lapor.gateway.ops.GatewayMetrics;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.MutableClock;
import id.lapor.gateway.support.TestSimulator;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #20's review hold from intake to the LAPOR! simulator, with a clock the test moves: a complaint
 * the model is unsure of is not sent before its hold ends; an admin's decision sends it at once with the
 * admin's category and OPD; one nobody decides goes with the fallback OPD when the hold ends, noted in
 * its history, also from a forwarder started after the hold began (the hold is in the database). Uses
 * its own intake, ledger and forwarders (the shared context runs without a hold) on the shared store,
 * so it runs on H2 and, in the PostgreSQL run, on PostgreSQL.
 */
@GatewayIntegrationTest
class ReviewHoldForwardingTest {

    static final Duration HOLD = Duration.ofHours(1);

    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired CanonicalJson json;
    @Autowired QuarantineStore quarantine;
    @Autowired AttachmentStore blobs;
    @Autowired CategoryLexicon categories;
    @Autowired CategoryClassifier classifier;
    @Autowired DispositionRules dispositions;
    @Autowired GatewayMetrics metrics;
    @Autowired OutboxRepository outbox;
    @Autowired LaporClient client;
    @Autowired LaporRequestMapper mapper;
    @Autowired LaporProperties lapor;
    @Autowired AuditLog audit;
    @Autowired ClassifierStore examples;
    @Autowired CamelContext camel;

    private OutboxForwarder forwarder(String node, Ledger ledger, MutableClock clock) {
        LaporProperties.Forward f = lapor.forward();
        return new OutboxForwarder(node, outbox, ledger, blobs, client, mapper, new LaporBreaker(100, Duration.ofSeconds(1), clock),
                new LaporBackoff(f.initialBackoff(), f.maxBackoff(), 0.1), tx, metrics, f, clock);
    }

    /** Words no category knows, different every time (intake would take a repeated text for a duplicate). */
    private static String gibberish() {
        StringBuilder b = new StringBuilder("Qwrtz");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int w = 0; w < 4; w++) {
            b.append(' ');
            for (int i = 0; i < 5; i++) b.append("bcdfghjklmnpqrstvwxz".charAt(r.nextInt(20)));
        }
        return b.toString();
    }

    private static LaporSimulator.Received created(String ticket) {
        return TestSimulator.get().received().stream().filter(r -> ticket.equals(r.idempotencyKey())).findFirst().orElseThrow();
    }

    @Test
    void heldUntilAnAdminDecidesOrTheHoldEndsThenSentWithTheDecisionOrTheFallback() throws Exception {
        LaporSimulator lapor = TestSimulator.get();
        lapor.setFaults(SimulatorFaults.none());
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        Ledger ledger = new Ledger(jdbc, json, Set.of(), new ReviewHold(HOLD));
        camel.getRouteController().stopRoute("lapor-forwarder");
        try (ComplaintIntake intake = new ComplaintIntake(ledger, quarantine, blobs, categories, classifier, dispositions, json, tx,
                metrics, new ComplaintIntake.Policy(Duration.ofHours(24), Duration.ofDays(30)), clock);
             OutboxForwarder node = forwarder("hold-node-a", ledger, clock)) {
            ComplaintActions console = new ComplaintActions(jdbc, tx, ledger, json, categories, dispositions, node, outbox, audit,
                    examples, clock);
            String decided = intake.accept(Drafts.sms(Drafts.uniquePhone(), "hold-a-" + System.nanoTime(), gibberish()), null, null).ticket();
            String undecided = intake.accept(Drafts.sms(Drafts.uniquePhone(), "hold-b-" + System.nanoTime(), gibberish()), null, null).ticket();
            for (String t : List.of(decided, undecided)) {
                var c = ledger.find(t).orElseThrow();
                assertThat(c.flags()).as(t).anyMatch(f -> f.startsWith(Enrichment.CATEGORY_REVIEW));
                assertThat(c.disposition().institutionId()).isEqualTo(dispositions.fallback().institutionId());
            }
            long heldBefore = outbox.stats(clock.instant()).reviewHeld();
            assertThat(heldBefore).isGreaterThanOrEqualTo(2);

            // before the hold ends and before any decision: nothing goes to LAPOR!
            node.forwardDue();
            // a follow-up of the held complaint (its OPD chosen, so not held itself) waits for it, looking once a minute
            String followUp = intake.accept(Drafts.sms(Drafts.uniquePhone(), "hold-f-" + System.nanoTime(), gibberish()).toBuilder()
                    .followUpOf(decided).flags(List.of(Enrichment.ADMIN_OPD + "1002")).build(), null, null).ticket();
            node.forwardDue();
            assertThat(outbox.find(followUp).orElseThrow().nextAttemptAt()).isEqualTo(clock.instant().plus(ReviewHold.FOLLOW_UP_LOOK));
            clock.advance(Duration.ofMinutes(30));
            node.forwardDue();
            assertThat(lapor.createRequests(decided)).isZero();
            assertThat(lapor.createRequests(undecided)).isZero();
            assertThat(outbox.find(decided).orElseThrow().state()).isEqualTo("PENDING");

            // the admin corrects category and OPD: released at once, sent with the admin's choice
            assertThat(console.correct(decided, "PEKERJAAN_UMUM", "1002", "admin")).isEqualTo(ComplaintActions.Outcome.CORRECTED);
            assertThat(outbox.stats(clock.instant()).reviewHeld()).isEqualTo(heldBefore - 1);
            node.forwardDue();
            assertThat(lapor.createRequests(decided)).isEqualTo(1);
            assertThat(created(decided).body().get("disposition_id").asText()).isEqualTo("1002");
            // categories.yaml has no LAPOR! category ids yet: the category is the ledger's, sent as it maps (null)
            assertThat(ledger.find(decided).orElseThrow().category().code()).isEqualTo("PEKERJAAN_UMUM");
            assertThat(ledger.history(decided)).extracting(Ledger.StatusChange::note)
                    .contains(ReviewHold.decidedNote("admin"))
                    .noneMatch(n -> n != null && n.startsWith("category review hold ended"));
            assertThat(lapor.createRequests(undecided)).as("the other one still waits").isZero();
            clock.advance(ReviewHold.FOLLOW_UP_LOOK);
            node.forwardDue();
            assertThat(lapor.createRequests(followUp)).isEqualTo(1);
            assertThat(outbox.find(followUp).orElseThrow().attempts()).as("claimed once a minute, not every retry delay").isLessThanOrEqualTo(3);

            // the hold ends without a decision: a node started meanwhile sends it with the fallback OPD
            clock.advance(HOLD.minus(Duration.ofMinutes(31)));
            try (OutboxForwarder restarted = forwarder("hold-node-b", ledger, clock)) {
                restarted.recoverAfterRestart();
                restarted.forwardDue();
            }
            assertThat(lapor.createRequests(undecided)).isEqualTo(1);
            assertThat(created(undecided).body().get("disposition_id").asText()).isEqualTo(dispositions.fallback().institutionId());
            var fallback = dispositions.fallback();
            assertThat(ledger.history(undecided)).extracting(Ledger.StatusChange::note)
                    .contains(ReviewHold.holdEndedNote(fallback));
            assertThat(lapor.createRequests(decided)).as("sent once").isEqualTo(1);
            assertThat(outbox.stats(clock.instant()).reviewHeld()).isEqualTo(heldBefore - 2);
        } finally {
            camel.getRouteController().startRoute("lapor-forwarder");
        }
    }
}
