package id.lapor.gateway.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.audit.AuditLog;
import id.lapor.gateway.console.ComplaintActions;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.Samples;
import id.lapor.gateway.support.TestSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * An admin's two answers to a forwarded complaint LAPOR! no longer knows (status sync's 404 mark): re-send it as a new
 * report, with a new Idempotency-Key because the simulator still remembers the old one (the worst case: the old key
 * would hand back the deleted report), or close it ARCHIVED with a note. Either clears the mark, so the LAPOR! tile,
 * the {@code gateway_lapor_missing} gauge and its alert stop counting it; anything else is refused unchanged.
 *
 * <p>Status sync runs only when the test calls it: the shared test context's timer has its first round an hour away
 * ({@code lapor.status-sync.first-delay} in application-test.yaml) and the route stays up, so this node leads
 * {@code lapor-status-sync} and SingletonGuard lets the test's rounds ask LAPOR!.</p>
 */
@GatewayIntegrationTest
class LaporMissingActionsTest {

    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired StatusSync sync;
    @Autowired ComplaintActions actions;
    @Autowired AuditLog audit;
    @Autowired OutboxRepository outbox;
    @Autowired MeterRegistry meters;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired WebApplicationContext web;

    final LaporSimulator sim = TestSimulator.get();
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        sim.setFaults(SimulatorFaults.none());
        mvc = MockMvcBuilders.webAppContextSetup(web).apply(springSecurity()).build();
        // complaints other tests left unknown to LAPOR! are marked now, not in the middle of this test's counts
        sync.syncDue();
    }

    private String forwarded(String text, boolean attachment) {
        var draft = attachment
                ? Drafts.sms(Drafts.uniquePhone(), "lm-" + System.nanoTime(), text,
                        List.of(new ComplaintDraft.AttachmentContent("bukti.png", Samples.PNG)))
                : Drafts.sms(Drafts.uniquePhone(), "lm-" + System.nanoTime(), text);
        String ticket = intake.accept(draft, null, null).ticket();
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        return ticket;
    }

    private long laporId(String ticket) {
        return ledger.find(ticket).orElseThrow().lapor().complaintId();
    }

    /** Forgets the ticket's report at the simulator and runs a status round: the complaint is marked. */
    private long forgottenAndMarked(String ticket) {
        long id = laporId(ticket);
        sim.forget(id);
        jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
        sync.syncDue();
        assertThat(ledger.laporMissingSince(ticket)).as("marked missing").isPresent();
        assertThat(sync.missing(100_000).tickets()).contains(ticket);
        return id;
    }

    private double gauge() {
        return meters.get("gateway.lapor.missing").gauge().value();
    }

    private String health() throws Exception {
        return mvc.perform(get("/kesehatan").with(user("ops").roles("OPS"))).andReturn().getResponse().getContentAsString();
    }

    private List<String> notes(String ticket) {
        return ledger.history(ticket).stream().map(Ledger.StatusChange::note).toList();
    }

    /** One number about the ticket ({@code :t}) from the store. */
    private long number(String sql, String ticket) {
        return jdbc.queryForObject(sql, new MapSqlParameterSource("t", ticket), Long.class);
    }

    private long resendCount(String ticket) {
        return number("SELECT resend_count FROM outbox WHERE ticket = :t", ticket);
    }

    /** Replies queued to the citizen (acknowledgement, status updates). */
    private long replies(String ticket) {
        return number("SELECT COUNT(*) FROM citizen_reply WHERE ticket = :t", ticket);
    }

    @Test
    void aComplaintLaporNoLongerKnowsIsSentAgainAsANewReportWithANewKeyEachTime() throws Exception {
        String ticket = forwarded("Jembatan gantung di Desa Sembalun putus", true);
        long oldId = laporId(ticket);
        long missingBefore = sync.countMissing();
        assertThat(sim.rawRequests(ticket + "-attachments")).hasSize(1);

        forgottenAndMarked(ticket);
        assertThat(sync.countMissing()).isEqualTo(missingBefore + 1);
        assertThat(gauge()).isEqualTo(missingBefore + 1.0);
        // the tile lists the ten oldest marks: this one when others' marks leave room
        if (missingBefore < 10) assertThat(health()).contains(ticket);

        OutboxForwarder.Redrive r = actions.redrive(ticket, "admin");

        assertThat(r.outcome()).isEqualTo(OutboxForwarder.Redrive.Outcome.RESENT_AS_NEW);
        assertThat(r.formerLaporId()).isEqualTo(oldId);
        // one transaction: the mark, and with it the tile's line, the gauge and the alert, are gone at once
        assertThat(ledger.laporMissingSince(ticket)).isEmpty();
        assertThat(sync.countMissing()).isEqualTo(missingBefore);
        assertThat(gauge()).isEqualTo((double) missingBefore);
        assertThat(health()).doesNotContain(ticket);
        assertThat(resendCount(ticket)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        var c = ledger.find(ticket).orElseThrow();
        long newId = c.lapor().complaintId();
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(c.lapor().statusName()).isNull(); // the deleted report's LAPOR! status is not carried over
        // the create went with the first re-send's key (the old key would have got the deleted report back) ...
        assertThat(sim.createRequests(ticket + "-r1")).isEqualTo(1);
        assertThat(sim.createRequests(ticket)).as("the old key is not sent again").isEqualTo(1);
        LaporSimulator.Received sent = sim.received().stream().filter(x -> (ticket + "-r1").equals(x.idempotencyKey()))
                .findFirst().orElseThrow();
        assertThat(sent.id()).isEqualTo(newId);
        assertThat(sent.body().path("tags_raw").asText()).contains(ticket);
        // ... and the files were uploaded again for the new report, with its own key
        assertThat(sim.rawRequests(ticket + "-r1-attachments")).hasSize(1)
                .allSatisfy(q -> assertThat(q.path()).endsWith("/complaints/complaint/file"));
        assertThat(sent.body().path("attachments").asText()).matches("\\[\\d+]").isNotEqualTo(
                sim.received().stream().filter(x -> x.id() == oldId).findFirst().orElseThrow().body().path("attachments").asText());
        assertThat(ledger.history(ticket)).extracting(Ledger.StatusChange::status).containsSubsequence(
                ComplaintStatus.RECEIVED, ComplaintStatus.FORWARDED, ComplaintStatus.RECEIVED, ComplaintStatus.FORWARDED);
        assertThat(notes(ticket)).containsSubsequence(
                "forwarded to LAPOR! as #" + oldId,
                "LAPOR! does not know #" + oldId + " (HTTP 404 on status sync)",
                "sent again as a new report by an admin: LAPOR! did not know #" + oldId,
                "forwarded to LAPOR! as #" + newId);
        assertThat(audit.list("admin", AuditLog.Action.REDRIVE, 0, 50)).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo(ticket);
            assertThat(e.detail()).isEqualTo("missing complaint queued for LAPOR! as a new report; LAPOR! did not know #" + oldId);
        });
        // the new report answers at status sync: nothing is marked
        jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
        sync.syncDue();
        assertThat(ledger.laporMissingSince(ticket)).isEmpty();
        assertThat(sim.statusRequests(newId)).isPositive();

        // gone again: the API's re-drive re-sends it too, as the second re-send with a key of its own
        forgottenAndMarked(ticket);
        var answer = mvc.perform(post("/api/complaints/" + ticket + "/forward").with(httpBasic("admin", "admin-test")))
                .andReturn().getResponse();
        assertThat(answer.getStatus()).isEqualTo(202);
        JsonNode json = new ObjectMapper().readTree(answer.getContentAsString());
        assertThat(json.path("resent_as_new").asBoolean()).isTrue();
        assertThat(json.path("former_lapor_id").asLong()).isEqualTo(newId);
        var got = mvc.perform(get("/api/complaints/" + ticket).with(httpBasic("ops", "ops-test"))).andReturn().getResponse();
        assertThat(new ObjectMapper().readTree(got.getContentAsString()).path("forwarding").path("resend_count").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        long third = laporId(ticket);
        assertThat(third).isNotIn(oldId, newId);
        assertThat(sim.reportsFor(ticket + "-r2")).isEqualTo(1);
        assertThat(resendCount(ticket)).isEqualTo(2);
        assertThat(sync.countMissing()).isEqualTo(missingBefore);
        assertThat(sim.ticketsWithSeveralReports()).as("LAPOR! holds one report of each ticket").isZero();
    }

    @Test
    void aComplaintLaporNoLongerKnowsIsClosedWithANoteAndNoLongerAsked() throws Exception {
        String ticket = forwarded("Sampah tidak diangkut seminggu di Jl. Pejanggik", false);
        long missingBefore = sync.countMissing();
        long id = forgottenAndMarked(ticket);
        int entries = ledger.history(ticket).size();
        long repliesBefore = replies(ticket);

        // an empty, too short or too long note is refused and nothing changes
        // (no-break and zero-width spaces are no reason either: nothing a reader sees)
        for (String bad : new String[] {null, "", "   ", " ab ", "x".repeat(501), "\u00A0\u00A0\u00A0\u00A0",
                "\u200B\u200B\u200B\u200B", "a\u200Bb\u00A0\u2060"}) {
            assertThat(actions.closeMissing(ticket, bad, "admin")).as("note %s", bad).isEqualTo(ComplaintActions.CloseOutcome.BAD_NOTE);
        }
        assertThat(ledger.find(ticket).orElseThrow().status()).isEqualTo(ComplaintStatus.FORWARDED);
        assertThat(ledger.laporMissingSince(ticket)).isPresent();
        assertThat(ledger.history(ticket)).hasSize(entries);

        assertThat(actions.closeMissing(ticket, "  Sudah dicek di LAPOR!: laporan dihapus admin LAPOR! (duplikat)  ", "admin"))
                .isEqualTo(ComplaintActions.CloseOutcome.CLOSED);

        var c = ledger.find(ticket).orElseThrow();
        assertThat(c.status()).isEqualTo(ComplaintStatus.ARCHIVED);
        assertThat(c.lapor().complaintId()).as("kept as the record of the report it had").isEqualTo(id);
        assertThat(ledger.laporMissingSince(ticket)).isEmpty();
        assertThat(sync.countMissing()).isEqualTo(missingBefore);
        assertThat(gauge()).isEqualTo((double) missingBefore);
        assertThat(health()).doesNotContain(ticket);
        String line = "closed by an admin: LAPOR! did not know #" + id + "; note: Sudah dicek di LAPOR!: laporan dihapus admin LAPOR! (duplikat)";
        assertThat(ledger.history(ticket)).hasSize(entries + 1);
        assertThat(ledger.history(ticket).get(entries).note()).isEqualTo(line);
        assertThat(ledger.history(ticket).get(entries).status()).isEqualTo(ComplaintStatus.ARCHIVED);
        assertThat(audit.list("admin", AuditLog.Action.CLOSE, 0, 50)).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo(ticket);
            assertThat(e.detail()).isEqualTo(line);
        });
        assertThat(replies(ticket)).as("the citizen is not messaged").isEqualTo(repliesBefore);

        // final: status sync no longer asks LAPOR! about it
        long asked = sim.statusRequests(id);
        jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
        sync.syncDue();
        assertThat(sim.statusRequests(id)).isEqualTo(asked);
        assertThat(ledger.history(ticket)).hasSize(entries + 1);

        // once closed, neither action applies any more
        assertThat(actions.closeMissing(ticket, "sekali lagi", "admin")).isEqualTo(ComplaintActions.CloseOutcome.NOT_MISSING);
        assertThat(actions.redrive(ticket, "admin").outcome()).isEqualTo(OutboxForwarder.Redrive.Outcome.NOT_REDRIVABLE);
        assertThat(ledger.find(ticket).orElseThrow().status()).isEqualTo(ComplaintStatus.ARCHIVED);
    }

    @Test
    void aComplaintLaporStillKnowsIsNeitherResentNorClosed() throws Exception {
        String ticket = forwarded("Lampu penerangan jalan mati di Jl. Sriwijaya", false);
        long id = laporId(ticket);
        int entries = ledger.history(ticket).size();
        long audited = audit.list("admin", null, 0, 1000).stream().filter(e -> ticket.equals(e.target())).count();
        long creates = sim.createRequests(ticket);

        assertThat(actions.redrive(ticket, "admin").outcome()).isEqualTo(OutboxForwarder.Redrive.Outcome.NOT_REDRIVABLE);
        assertThat(actions.closeMissing(ticket, "Laporan tidak ada di LAPOR!", "admin"))
                .isEqualTo(ComplaintActions.CloseOutcome.NOT_MISSING);
        // the API keeps its answer for a complaint neither parked nor missing
        var answer = mvc.perform(post("/api/complaints/" + ticket + "/forward").with(httpBasic("admin", "admin-test")))
                .andReturn().getResponse();
        assertThat(answer.getStatus()).isEqualTo(409);
        assertThat(answer.getContentAsString()).contains("Not parked").contains("is DONE");

        var c = ledger.find(ticket).orElseThrow();
        assertThat(c.status()).isEqualTo(ComplaintStatus.FORWARDED);
        assertThat(c.lapor().complaintId()).isEqualTo(id);
        assertThat(ledger.history(ticket)).hasSize(entries);
        assertThat(outbox.find(ticket).orElseThrow().state()).isEqualTo("DONE");
        assertThat(resendCount(ticket)).isZero();
        assertThat(audit.list("admin", null, 0, 1000).stream().filter(e -> ticket.equals(e.target())).count()).isEqualTo(audited);
        assertThat(sim.createRequests(ticket)).isEqualTo(creates);
        assertThat(ledger.laporMissingSince(ticket)).isEmpty();
    }
    /** Status updates decided for the ticket, by status name (told, skipped or suppressed). */
    private List<String> statusUpdates(String ticket) {
        return jdbc.queryForList("SELECT status FROM status_update WHERE ticket = :t ORDER BY status",
                new MapSqlParameterSource("t", ticket), String.class);
    }

    /**
     * Status sync's round read the complaint (marked, FORWARDED) and asks LAPOR!; while it waits, an admin closes the
     * complaint; then LAPOR! answers for the report after all (its 404 was LAPOR!'s own glitch), now verified.
     */
    @Test
    void anAnswerLaporGivesWhileAnAdminClosesTheComplaintLeavesItClosed() {
        String ticket = forwarded("Pipa PDAM bocor di Jl. Airlangga", false);
        long id = forgottenAndMarked(ticket);
        List<String> updatesBefore = statusUpdates(ticket);
        sim.moveTo(id, "Terverifikasi", "Sudah diverifikasi");
        List<ComplaintActions.CloseOutcome> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
        sim.onStatusRequest(asked -> {
            if (asked != id || !closed.isEmpty()) return;
            closed.add(actions.closeMissing(ticket, "Sudah dicek: laporan dihapus di LAPOR!", "admin"));
            sim.restore(id);
        });
        try {
            jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
            sync.syncDue();
        } finally {
            sim.onStatusRequest(null);
        }

        assertThat(closed).containsExactly(ComplaintActions.CloseOutcome.CLOSED);
        // before the fix: the round wrote what it read before the close, "answers again" and VERIFIED over ARCHIVED,
        // and told the citizen their closed complaint was verified
        var c = ledger.find(ticket).orElseThrow();
        assertThat(c.status()).isEqualTo(ComplaintStatus.ARCHIVED);
        var last = ledger.history(ticket).get(ledger.history(ticket).size() - 1);
        assertThat(last.status()).isEqualTo(ComplaintStatus.ARCHIVED);
        assertThat(last.note()).startsWith("closed by an admin: LAPOR! did not know #" + id);
        assertThat(statusUpdates(ticket)).isEqualTo(updatesBefore);
        assertThat(ledger.laporMissingSince(ticket)).isEmpty();
    }

    /**
     * The same with a re-send: while status sync waits for LAPOR!'s answer about the old number, an admin re-sends the
     * complaint as a new report; then LAPOR! answers for the old number after all. What it says about the old report
     * must not land on the re-sent complaint (RECEIVED, waiting for its new report, or already FORWARDED as that).
     */
    @Test
    void anAnswerAboutTheOldReportWhileAnAdminResendsDoesNotLandOnTheNewOne() {
        String ticket = forwarded("Tiang listrik miring di Jl. Panca Usaha", false);
        long oldId = forgottenAndMarked(ticket);
        List<String> updatesBefore = statusUpdates(ticket);
        sim.moveTo(oldId, "Dalam Proses", "Sedang ditangani dinas");
        List<OutboxForwarder.Redrive.Outcome> resent = new java.util.concurrent.CopyOnWriteArrayList<>();
        sim.onStatusRequest(asked -> {
            if (asked != oldId || !resent.isEmpty()) return;
            resent.add(actions.redrive(ticket, "admin").outcome());
            sim.restore(oldId);
        });
        try {
            jdbc.update("UPDATE complaint SET last_synced_at = NULL WHERE ticket = :t", new MapSqlParameterSource("t", ticket));
            sync.syncDue();
        } finally {
            sim.onStatusRequest(null);
        }
        assertThat(resent).containsExactly(OutboxForwarder.Redrive.Outcome.RESENT_AS_NEW);
        sim.forget(oldId); // LAPOR! merges the restored old report away again (other tests count tickets with two reports)
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().lapor().complaintId() != null);

        var c = ledger.find(ticket).orElseThrow();
        assertThat(c.lapor().complaintId()).isNotEqualTo(oldId);
        assertThat(c.status()).isEqualTo(ComplaintStatus.FORWARDED);
        // before the fix: IN_PROGRESS and "Dalam Proses" of the old report on the complaint waiting for its new one
        assertThat(c.lapor().statusName()).isNull();
        List<Ledger.StatusChange> h = ledger.history(ticket);
        int resentAt = notes(ticket).indexOf("sent again as a new report by an admin: LAPOR! did not know #" + oldId);
        assertThat(resentAt).isPositive();
        assertThat(h.subList(resentAt, h.size())).extracting(Ledger.StatusChange::status)
                .containsExactly(ComplaintStatus.RECEIVED, ComplaintStatus.FORWARDED);
        assertThat(statusUpdates(ticket)).isEqualTo(updatesBefore);
    }

    /**
     * A browser counts a textarea's line break as one character against {@code maxlength} but submits it as CR LF: a
     * note the console's form accepted (500 characters on four lines) reached the server as 503 and was refused.
     */
    @Test
    void aNoteOfFiveHundredCharactersOnSeveralLinesAsABrowserSendsItCloses() {
        String ticket = forwarded("Drainase meluap di Jl. Sandubaya", false);
        long id = forgottenAndMarked(ticket);
        String line = "x".repeat(123);
        String typed = line + "\n" + line + "\n" + line + "\n" + line + "yyyyy";   // 500 in the textarea
        assertThat(typed).hasSize(500);
        String submitted = typed.replace("\n", "\r\n");                        // 503 in the form data
        // one more character is still too long, however its line breaks are sent
        assertThat(actions.closeMissing(ticket, submitted + "z", "admin"))
                .isEqualTo(ComplaintActions.CloseOutcome.BAD_NOTE);

        assertThat(actions.closeMissing(ticket, submitted, "admin")).isEqualTo(ComplaintActions.CloseOutcome.CLOSED);

        String stored = "closed by an admin: LAPOR! did not know #" + id + "; note: " + typed;
        assertThat(ledger.history(ticket).get(ledger.history(ticket).size() - 1).note()).isEqualTo(stored);
        assertThat(audit.list("admin", AuditLog.Action.CLOSE, 0, 50)).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo(ticket);
            assertThat(e.detail()).isEqualTo(stored.replace('\n', ' ')); // the audit log keeps one line
        });
    }

    @Autowired org.springframework.transaction.support.TransactionTemplate tx;

    /** Sessions waiting for a row lock in the statement that reads a complaint's missing mark ({@link Ledger#lockLaporMissing}). */
    private long waitingOnTheMark() {
        boolean postgres = Boolean.TRUE.equals(jdbc.getJdbcTemplate().execute((java.sql.Connection c) ->
                c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
        return jdbc.queryForObject(postgres
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                        + " AND query LIKE '%lapor_missing_since IS NOT NULL%FOR UPDATE%'"
                : "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL"
                        + " AND executing_statement LIKE '%lapor_missing_since IS NOT NULL%FOR UPDATE%'",
                new MapSqlParameterSource(), Long.class);
    }

    /**
     * Two admins answer the same mark at the same moment (two console tabs, or the console and the API): both wait on
     * the complaint's row, which the test holds, and go at once when it lets go. Whatever order they then take, exactly
     * one of them acts: one re-send or one close, one history line, one audit entry, resend_count one up at most.
     */
    @Test
    void twoAdminsAnsweringTheSameMarkAtOnceActOnce() throws Exception {
        for (boolean bothResend : new boolean[] {true, false}) {
            String ticket = forwarded(bothResend ? "Pohon tumbang di Jl. Pendidikan" : "Pohon tumbang di Jl. Majapahit", false);
            long id = forgottenAndMarked(ticket);
            int entries = ledger.history(ticket).size();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.Future<String> a, b;
                var held = new java.util.concurrent.atomic.AtomicReference<java.util.List<java.util.concurrent.Future<String>>>();
                tx.executeWithoutResult(x -> {
                    jdbc.queryForList("SELECT ticket FROM complaint WHERE ticket = :t FOR UPDATE", new MapSqlParameterSource("t", ticket));
                    long before = waitingOnTheMark();
                    var fa = pool.submit(() -> actions.redrive(ticket, "admin").outcome().name());
                    var fb = pool.submit(() -> bothResend ? actions.redrive(ticket, "admin2").outcome().name()
                            : actions.closeMissing(ticket, "Laporan sudah dihapus di LAPOR!", "admin2").name());
                    await().atMost(Duration.ofSeconds(8)).until(() -> waitingOnTheMark() >= before + 2);
                    held.set(List.of(fa, fb));
                });
                a = held.get().get(0);
                b = held.get().get(1);
                List<String> outcomes = List.of(a.get(20, java.util.concurrent.TimeUnit.SECONDS), b.get(20, java.util.concurrent.TimeUnit.SECONDS));

                long acted = outcomes.stream().filter(o -> o.equals("RESENT_AS_NEW") || o.equals("CLOSED")).count();
                assertThat(acted).as("%s: exactly one admin acts", outcomes).isEqualTo(1);
                assertThat(ledger.laporMissingSince(ticket)).isEmpty();
                List<String> admins = notes(ticket).subList(entries, notes(ticket).size()).stream()
                        .filter(n -> n.startsWith("sent again as a new report by an admin") || n.startsWith("closed by an admin")).toList();
                assertThat(admins).as("one line of the admin who acted").hasSize(1);
                boolean resent = outcomes.contains("RESENT_AS_NEW");
                assertThat(resendCount(ticket)).isEqualTo(resent ? 1 : 0);
                assertThat(audit.list(null, null, 0, 1000).stream().filter(e -> ticket.equals(e.target())).count()).isEqualTo(1);
                if (resent) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
                    assertThat(sim.reportsFor(ticket + "-r1")).isEqualTo(1);
                    assertThat(sim.createRequests(ticket + "-r2")).isZero();
                } else {
                    assertThat(ledger.find(ticket).orElseThrow().status()).isEqualTo(ComplaintStatus.ARCHIVED);
                    assertThat(ledger.find(ticket).orElseThrow().lapor().complaintId()).isEqualTo(id);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
