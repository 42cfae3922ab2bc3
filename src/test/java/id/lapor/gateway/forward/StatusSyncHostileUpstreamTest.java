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

import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

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
    @Autowired WebApplicationContext web;

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
    void aReportLaporSaysDoesNotExistGoesToTheBackOfTheQueueAndIsShownToAnAdminOnce() throws Exception {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        String ticket = forwarded("Jalan berlubang di Jl. Langko");
        long realId = laporId(ticket);
        long missingBefore = sync.countMissing();
        jdbc.update("UPDATE complaint SET lapor_complaint_id = 987654321098, last_synced_at = NULL WHERE ticket = :t",
                new MapSqlParameterSource("t", ticket));
        int entries = ledger.history(ticket).size();

        sync.syncDue();

        // before the fix: last_synced_at stayed NULL, so it was first in every round (NULLS FIRST) and a hundred
        // such complaints filled the whole batch forever
        assertThat(jdbc.queryForObject("SELECT last_synced_at IS NOT NULL FROM complaint WHERE ticket = :t",
                new MapSqlParameterSource("t", ticket), Boolean.class)).isTrue();
        assertThat(ledger.find(ticket).orElseThrow().status()).isEqualTo(ComplaintStatus.FORWARDED);
        // and an admin sees it: one history line, the count behind the gauge and the LAPOR! tile (before: a WARN line only)
        assertThat(ledger.history(ticket)).hasSize(entries + 1);
        assertThat(ledger.history(ticket).get(entries).note()).isEqualTo("LAPOR! does not know #987654321098 (HTTP 404 on status sync)");
        assertThat(sync.countMissing()).isEqualTo(missingBefore + 1);
        assertThat(sync.missing(1000).tickets()).contains(ticket);
        // on Kesehatan, the LAPOR! tile names the ticket (its reason when nothing is parked, its details in any case)
        String page = MockMvcBuilders.webAppContextSetup(web).apply(springSecurity()).build()
                .perform(get("/kesehatan").with(user("ops").roles("OPS"))).andReturn().getResponse().getContentAsString();
        int tile = page.indexOf("<strong>LAPOR!</strong>");
        assertThat(page.substring(tile, page.indexOf("</details>", tile))).contains("lapor_missing: ").contains(ticket);

        // asked again (another round, or another node): still missing, nothing new written
        jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
        sync.syncDue();
        assertThat(ledger.history(ticket)).hasSize(entries + 1);
        assertThat(sync.countMissing()).isEqualTo(missingBefore + 1);

        // LAPOR! answers for it again: the mark is gone, with a line saying so
        jdbc.update("UPDATE complaint SET lapor_complaint_id = :id, last_synced_at = NULL WHERE ticket = :t",
                new MapSqlParameterSource("t", ticket).addValue("id", realId));
        sync.syncDue();
        assertThat(sync.missing(1000).tickets()).doesNotContain(ticket);
        assertThat(ledger.history(ticket).get(entries + 1).note()).isEqualTo("LAPOR! answers for #" + realId + " again");
    }

    @Test
    void aRoundOfANodeThatLostTheLeadAsksLaporNothingMore() {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        String a = forwarded("Lampu taman mati di Jl. Gajah Mada");
        jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket = :a", new MapSqlParameterSource("a", a));
        long calls = TestSimulator.get().apiCalls();
        sync.leadsWith(() -> false);
        try {
            sync.syncDue();
            // before: a round stuck on the database went on asking LAPOR! after another node had taken the lead
            assertThat(TestSimulator.get().apiCalls() - calls).isZero();
            assertThat(jdbc.queryForObject("SELECT last_synced_at IS NULL FROM complaint WHERE ticket = :a",
                    new MapSqlParameterSource("a", a), Boolean.class)).as("left for the leader").isTrue();
        } finally {
            sync.leadsWith(() -> true);
        }
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

    @Autowired LaporClient client;
    @Autowired LaporBreaker breaker;
    @Autowired LaporProperties lapor;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;
    @Autowired java.time.Clock clock;
    @Autowired id.lapor.gateway.reply.StatusUpdates updates;

    /**
     * The lead moves in the middle of a round (SingletonGuard): the old leader asks LAPOR! about a complaint marked
     * missing, and while it waits the new leader's round asks about it too and records that LAPOR! answers again. The
     * old leader's answer, the same, adds nothing: one "answers again" line, as the mark itself is written once.
     */
    @Test
    void twoNodesSeeingLaporAnswerAgainWriteOneLine() {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        String ticket = forwarded("Lampu lalu lintas mati di Simpang Bertais");
        long id = laporId(ticket);
        TestSimulator.get().forget(id);
        jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
        sync.syncDue();
        assertThat(ledger.laporMissingSince(ticket)).isPresent();
        TestSimulator.get().restore(id);
        StatusSync newLeader = new StatusSync(jdbc, ledger, client, breaker, new LaporStatusMapping(lapor.finalStatusNames()), tx,
                lapor.statusSync(), clock, updates);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        TestSimulator.get().onStatusRequest(asking -> {
            if (asking == id && asked.incrementAndGet() == 1) newLeader.syncDue(); // its own GET is the second
        });
        try {
            jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
            sync.syncDue();
        } finally {
            TestSimulator.get().onStatusRequest(null);
        }
        assertThat(asked).hasValue(2);
        assertThat(ledger.laporMissingSince(ticket)).isEmpty();
        assertThat(ledger.history(ticket).stream().map(Ledger.StatusChange::note)
                .filter(n -> n.equals("LAPOR! answers for #" + id + " again"))).hasSize(1);
    }
}
