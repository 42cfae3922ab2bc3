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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status sync against what a real LAPOR! sends wrongly: a status name longer than the column, a note with NUL, HTML
 * and 10 KB, a report LAPOR! says does not exist (404). One bad answer must not stop the round for everyone else, and a
 * complaint LAPOR! cannot answer for must not stay at the head of the queue.
 */
@GatewayIntegrationTest
class StatusSyncHostileUpstreamTest {

    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired StatusSync sync;
    @Autowired NamedParameterJdbcTemplate jdbc;

    private String forwarded(String text) {
        String ticket = intake.accept(Drafts.sms(Drafts.uniquePhone(), "h-" + System.nanoTime(), text), null, null).ticket();
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().lapor().complaintId() != null);
        return ticket;
    }

    private long laporId(String ticket) {
        return ledger.find(ticket).orElseThrow().lapor().complaintId();
    }

    @Test
    void aHostileStatusIsRecordedCleanedAndDoesNotStopTheRound() {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        String bad = forwarded("Lampu jalan mati di Jl. Udayana");
        String good = forwarded("Sampah menumpuk di Jl. Majapahit");
        String longName = "Ditindaklanjuti oleh Instansi Terkait dan Menunggu Konfirmasi Pelapor Sebelum Ditutup";
        String note = "<script>alert(1)</script>\u0000Tindak lanjut\u0007 " + "x".repeat(10_000);
        TestSimulator.get().moveTo(laporId(bad), longName, note);
        TestSimulator.get().moveTo(laporId(good), "Terverifikasi", "Sudah diverifikasi");

        // before the fix: the 86-character name overflowed lapor_status_name VARCHAR(64) and the exception ended the
        // round (and every later round, the complaint staying first in the queue): 'good' was never synced
        sync.syncDue();

        assertThat(ledger.find(good).orElseThrow().status()).isEqualTo(ComplaintStatus.VERIFIED);
        var c = ledger.find(bad).orElseThrow();
        assertThat(c.status()).isEqualTo(ComplaintStatus.FORWARDED); // an unknown name keeps the status
        assertThat(c.lapor().statusName()).hasSizeLessThanOrEqualTo(64).startsWith("Ditindaklanjuti oleh Instansi");
        var last = ledger.history(bad).get(ledger.history(bad).size() - 1);
        assertThat(last.note()).doesNotContain("\u0000", "\u0007").contains("Tindak lanjut").hasSizeLessThanOrEqualTo(2000);

        // the same change seen again: nothing new recorded
        int entries = ledger.history(bad).size();
        sync.syncDue();
        assertThat(ledger.history(bad)).hasSize(entries);
    }

    @Test
    void aReportLaporSaysDoesNotExistGoesToTheBackOfTheQueue() {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        String ticket = forwarded("Jalan berlubang di Jl. Langko");
        jdbc.update("UPDATE complaint SET lapor_complaint_id = 987654321098, last_synced_at = NULL WHERE ticket = :t",
                new MapSqlParameterSource("t", ticket));

        sync.syncDue();

        // before the fix: last_synced_at stayed NULL, so it was first in every round (NULLS FIRST) and a hundred
        // such complaints filled the whole batch forever
        assertThat(jdbc.queryForObject("SELECT last_synced_at IS NOT NULL FROM complaint WHERE ticket = :t",
                new MapSqlParameterSource("t", ticket), Boolean.class)).isTrue();
        assertThat(ledger.find(ticket).orElseThrow().status()).isEqualTo(ComplaintStatus.FORWARDED);
    }

    @Test
    void tooManyRequestsWithRetryAfterStopsTheRound() throws Exception {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        String a = forwarded("Air PDAM keruh di Jl. Pemuda");
        String b = forwarded("Air PDAM mati di Jl. Sriwijaya");
        jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket IN (:a, :b)",
                new MapSqlParameterSource("a", a).addValue("b", b));
        TestSimulator.get().setFaults(SimulatorFaults.none().with429(1, 1));
        long calls = TestSimulator.get().apiCalls();
        try {
            sync.syncDue();
            // before the fix: the 429's Retry-After was ignored and the round went on asking about every other complaint
            assertThat(TestSimulator.get().apiCalls() - calls).isEqualTo(1);
        } finally {
            TestSimulator.get().setFaults(SimulatorFaults.none());
            Thread.sleep(1500); // the one-second hold passes before the next test
        }
    }
}
