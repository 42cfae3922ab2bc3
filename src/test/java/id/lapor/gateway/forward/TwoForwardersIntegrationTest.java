package id.lapor.gateway.forward;

import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.ops.GatewayMetrics;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestSimulator;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two forwarders (two nodes) drain one outbox at the same time: no row is sent twice. Runs on H2
 * and, in the PostgreSQL run, on PostgreSQL where the claim uses FOR UPDATE SKIP LOCKED.
 */
@GatewayIntegrationTest
class TwoForwardersIntegrationTest {

    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired OutboxRepository outbox;
    @Autowired AttachmentStore blobs;
    @Autowired LaporClient client;
    @Autowired LaporRequestMapper mapper;
    @Autowired TransactionTemplate tx;
    @Autowired GatewayMetrics metrics;
    @Autowired LaporProperties lapor;
    @Autowired CamelContext camel;

    private OutboxForwarder node(String name) {
        LaporProperties.Forward f = lapor.forward();
        return new OutboxForwarder(name, outbox, ledger, blobs, client, mapper,
                new LaporBreaker(100, Duration.ofSeconds(1), Clock.systemUTC()),
                new LaporBackoff(f.initialBackoff(), f.maxBackoff(), 0.1), tx, metrics,
                new LaporProperties.Forward(4, 10, f.pollInterval(), f.initialBackoff(), f.maxBackoff(), 0.1, f.lease(), 3, f.reviewHold()),
                Clock.systemUTC());
    }

    @Test
    void twoNodesSharingTheOutboxNeverSendARowTwice() throws Exception {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        camel.getRouteController().stopRoute("lapor-forwarder");
        try (OutboxForwarder a = node("node-a"); OutboxForwarder b = node("node-b")) {
            List<String> tickets = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                IntakeReceipt r = intake.accept(Drafts.sms(Drafts.uniquePhone(), "two-" + i + "-" + System.nanoTime(),
                        "Pengaduan nomor " + i + " tentang jalan rusak"), null, null);
                tickets.add(r.ticket());
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> runs = new ArrayList<>();
            for (OutboxForwarder node : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    int n = 0;
                    for (int round = 0; round < 200 && outbox.stats().backlog() > 0; round++) n += node.forwardDue();
                    return n;
                }));
            }
            int byA = runs.get(0).get();
            int byB = runs.get(1).get();
            pool.shutdown();

            assertThat(byA + byB).isEqualTo(120);
            assertThat(byA).as("both nodes took work").isPositive();
            assertThat(byB).as("both nodes took work").isPositive();
            for (String t : tickets) {
                assertThat(TestSimulator.get().createRequests(t)).as(t).isEqualTo(1);
                assertThat(ledger.find(t).orElseThrow().lapor().complaintId()).isNotNull();
            }
        } finally {
            camel.getRouteController().startRoute("lapor-forwarder");
        }
    }
}
