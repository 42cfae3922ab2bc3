package id.lapor.gateway.forward;

import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** LAPOR! statuses flow back into the ledger (the simulator moves one step per second). */
@GatewayIntegrationTest
class StatusSyncIntegrationTest {

    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired StatusSync sync;
    @Autowired OutboxRepository outbox;
    @Autowired NamedParameterJdbcTemplate jdbc;

    @Test
    void statusChangesAreRecordedWithTimeUntilFinal() {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        // the simulator moves a status a second: held, so a slow forward cannot skip the first one
        TestSimulator.clock().hold();
        String ticket;
        try {
            ticket = intake.accept(Drafts.sms(Drafts.uniquePhone(), "s-" + System.nanoTime(), "Drainase mampet di Jl. Pejanggik"), null, null).ticket();
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
            sync.syncDue();
            assertThat(ledger.find(ticket).orElseThrow().lapor().statusName()).isEqualTo("Belum Terverifikasi");
            for (int step = 0; step < 3; step++) {
                TestSimulator.clock().advance(Duration.ofSeconds(1));
                sync.syncDue();
            }
        } finally {
            TestSimulator.clock().release();
        }
        assertThat(ledger.find(ticket).orElseThrow().status()).isEqualTo(ComplaintStatus.COMPLETED);
        var c = ledger.find(ticket).orElseThrow();
        assertThat(c.lapor().statusName()).isEqualTo("Selesai");
        var names = ledger.history(ticket).stream().map(Ledger.StatusChange::laporStatusName).filter(n -> n != null).toList();
        assertThat(names).containsSubsequence("Belum Terverifikasi", "Terverifikasi", "Dalam Proses", "Selesai");
        assertThat(ledger.history(ticket)).extracting(Ledger.StatusChange::status).contains(ComplaintStatus.COMPLETED);
        assertThat(ledger.history(ticket)).allSatisfy(h -> assertThat(h.changedAt()).isNotNull());

        // final: no more calls about it
        long calls = TestSimulator.get().apiCalls();
        sync.syncDue();
        assertThat(TestSimulator.get().apiCalls()).isEqualTo(calls);
    }

    @Test
    void complaintsPastTheirSlaAreMarkedOverdueOnce() {
        String ticket = intake.accept(Drafts.sms(Drafts.uniquePhone(), "o-" + System.nanoTime(), "Irigasi sawah kering"), null, null).ticket();
        jdbc.update("UPDATE complaint SET sla_due_at = :past WHERE ticket = :t",
                new MapSqlParameterSource("past", Ledger.ts(Instant.now().minusSeconds(60))).addValue("t", ticket));
        assertThat(sync.markOverdue(Instant.now())).isGreaterThanOrEqualTo(1);
        assertThat(ledger.find(ticket).orElseThrow().overdue()).isTrue();
        assertThat(ledger.history(ticket)).extracting(Ledger.StatusChange::note).contains("OVERDUE: SLA due date passed");
        sync.markOverdue(Instant.now());
        assertThat(ledger.history(ticket)).filteredOn(h -> "OVERDUE: SLA due date passed".equals(h.note())).hasSize(1);
    }
}
