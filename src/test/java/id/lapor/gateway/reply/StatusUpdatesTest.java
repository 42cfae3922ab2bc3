package id.lapor.gateway.reply;

import id.lapor.gateway.support.MutableClock;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.reply.StatusUpdateDecision.Outcome;
import id.lapor.gateway.support.FreshStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StatusUpdates} on the real store ({@link FreshStore}: H2, or PostgreSQL with {@code -Ppostgres}): one update
 * per ticket and status however often it is recorded and by however many instances, the decision kept with it, the
 * metric counted after the commit only, BERHENTI / MULAI and a pending update suppressed after BERHENTI.
 */
class StatusUpdatesTest {

    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    static final String PHONE = "tel:+6281277770001";

    NamedParameterJdbcTemplate jdbc;
    TransactionTemplate tx;
    CitizenReplies replies;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    java.sql.Connection open;

    @BeforeEach
    void store() throws java.sql.SQLException {
        FreshStore store = FreshStore.create();
        open = store.dataSource().getConnection();
        store.migrate(null);
        jdbc = new NamedParameterJdbcTemplate(store.dataSource());
        tx = new TransactionTemplate(new DataSourceTransactionManager(store.dataSource()));
        replies = new CitizenReplies(jdbc, tx);
    }

    @AfterEach
    void close() throws java.sql.SQLException {
        open.close();
    }

    StatusUpdates updates(Set enabled) {
        StatusUpdateProperties props = StatusUpdateDecisionTest.PROPS;
        Map<Channel, Predicate<String>> fits = Map.of(Channel.SMS, StatusUpdateDecisionTest.SMS_FITS, Channel.EMAIL, StatusUpdateDecisionTest.LONG_FITS);
        return new StatusUpdates(jdbc, replies, new StatusUpdateDecision(props.texts().keySet(), fits.keySet(), enabled.channels),
                new StatusUpdateTexts(props), fits, tx, meters);
    }

    record Set(java.util.Set<Channel> channels) {}

    static final Set BOTH = new Set(EnumSet.of(Channel.SMS, Channel.EMAIL));

    static Complaint sms(String ticket, String recipient) {
        return StatusUpdateDecisionTest.complaint(Channel.SMS, recipient, false, true, recipient.substring(4), null).toBuilder()
                .ticket(ticket).lapor(new Complaint.Lapor(4_200_001L, "Terverifikasi", NOW)).build();
    }

    Optional<Outcome> inTx(StatusUpdates u, Complaint c, ComplaintStatus s, String note) {
        return tx.execute(x -> u.statusChanged(c, s, note, NOW));
    }

    List<Map<String, Object>> rows(String recipient) {
        return jdbc.queryForList("SELECT kind, ticket, body, state, last_error FROM citizen_reply WHERE recipient = :r ORDER BY id",
                new MapSqlParameterSource("r", recipient));
    }

    double counted(Channel c, Outcome o) {
        return meters.get("gateway.status.updates").tag("channel", c.key()).tag("outcome", o.tag()).counter().count();
    }

    @Test
    void oneUpdatePerTicketAndStatusHoweverOftenAndByHowManyInstances() {
        StatusUpdates node1 = updates(BOTH);
        StatusUpdates node2 = updates(BOTH);
        Complaint c = sms("TKT000001", PHONE);
        assertThat(inTx(node1, c, ComplaintStatus.VERIFIED, null)).contains(Outcome.ENQUEUED);
        assertThat(inTx(node1, c, ComplaintStatus.VERIFIED, null)).isEmpty();
        assertThat(inTx(node2, c, ComplaintStatus.VERIFIED, "a note seen later")).isEmpty();
        assertThat(inTx(node2, c, ComplaintStatus.COMPLETED, "Lampu sudah menyala.")).contains(Outcome.ENQUEUED);
        assertThat(inTx(node2, c, ComplaintStatus.FORWARDED, null)).isEmpty();

        List<Map<String, Object>> rows = rows(PHONE);
        assertThat(rows).extracting(r -> r.get("kind")).containsExactly("STATUS_UPDATE", "STATUS_UPDATE");
        assertThat(rows.get(0)).containsEntry("ticket", "TKT000001").containsEntry("state", "PENDING")
                .containsEntry("body", "LAPOR! Tiket TKT000001 sudah diverifikasi, no. LAPOR! 4200001. Ketik BERHENTI bila tak ingin kabar lagi.");
        assertThat(rows.get(1).get("body")).isEqualTo("LAPOR! Tiket TKT000001 selesai ditindaklanjuti. Catatan: Lampu sudah menyala. Terima kasih.");
        assertThat(jdbc.queryForList("SELECT status || ' ' || outcome || ' ' || CASE WHEN reply_id IS NULL THEN 'none' ELSE 'reply' END FROM status_update WHERE ticket = 'TKT000001' ORDER BY status",
                new MapSqlParameterSource(), String.class)).containsExactly("COMPLETED ENQUEUED reply", "VERIFIED ENQUEUED reply");
        assertThat(counted(Channel.SMS, Outcome.ENQUEUED)).isEqualTo(2.0);
    }

    @Test
    void twoNodesRecordingTheSameChangeAtTheSameTimeQueueOneUpdate() throws Exception {
        StatusUpdates node1 = updates(BOTH);
        StatusUpdates node2 = updates(BOTH);
        Complaint c = sms("TKT000005", PHONE);
        java.util.concurrent.CountDownLatch inserted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> tx.execute(x -> {
                Optional<Outcome> o = node1.statusChanged(c, ComplaintStatus.VERIFIED, null, NOW);
                inserted.countDown();
                await(commit);
                return o;
            }));
            assertThat(inserted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // node 2 records the same change while node 1's transaction is still open: it waits for it, then finds the row
            var second = pool.submit(() -> tx.execute(x -> node2.statusChanged(c, ComplaintStatus.VERIFIED, null, NOW)));
            Thread.sleep(300);
            commit.countDown();
            assertThat(first.get(20, java.util.concurrent.TimeUnit.SECONDS)).contains(Outcome.ENQUEUED);
            assertThat(second.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
        assertThat(rows(PHONE)).hasSize(1);
        assertThat(counted(Channel.SMS, Outcome.ENQUEUED)).isEqualTo(1.0);
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRolledBackStatusChangeQueuesNothingAndCountsNothing() {
        StatusUpdates u = updates(BOTH);
        Complaint c = sms("TKT000002", PHONE);
        tx.executeWithoutResult(x -> {
            u.statusChanged(c, ComplaintStatus.VERIFIED, null, NOW);
            x.setRollbackOnly();
        });
        assertThat(rows(PHONE)).isEmpty();
        assertThat(counted(Channel.SMS, Outcome.ENQUEUED)).isZero();
        assertThat(inTx(u, c, ComplaintStatus.VERIFIED, null)).contains(Outcome.ENQUEUED); // the next sync tells it
    }

    @Test
    void berhentiStopsTheNextUpdatesAndSuppressesOnesAlreadyQueuedAndMulaiResumes() {
        StatusUpdates u = updates(BOTH);
        inTx(u, sms("TKT000003", PHONE), ComplaintStatus.VERIFIED, null);
        u.optOut(Channel.SMS, "smsc-1", PHONE, true, NOW);
        u.optOut(Channel.SMS, "smsc-1", PHONE, true, NOW); // twice: one opt-out
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM status_optout", new MapSqlParameterSource(), Integer.class)).isEqualTo(1);
        assertThat(inTx(u, sms("TKT000003", PHONE), ComplaintStatus.IN_PROGRESS, null)).contains(Outcome.SKIPPED_OPTOUT);
        // the same number on another channel's key is another reporter
        assertThat(replies.optedOut(Channel.WHATSAPP, PHONE)).isFalse();

        ReplyLoopTest.ScriptedChannel channel = new ReplyLoopTest.ScriptedChannel();
        MutableClock clock = new MutableClock(NOW);
        ReplyLoop loop = new ReplyLoop(replies, channel, ReplyLoopTest.policy(20, 0, Duration.ofMinutes(10), 5), clock);
        loop.sendDue();
        // the update queued before BERHENTI is not sent; each BERHENTI is confirmed (the loop's command window, tested in
        // ReplyLoopTest, keeps a repeated one to one answer on a real channel)
        List<Map<String, Object>> rows = rows(PHONE);
        assertThat(rows).extracting(r -> r.get("kind") + " " + r.get("state"))
                .containsExactly("STATUS_UPDATE SUPPRESSED", "OPT_OUT SENT", "OPT_OUT SENT");
        assertThat(rows.get(0).get("last_error")).isEqualTo(ReplyLoop.OPTED_OUT);
        channel.sends.clear();

        u.optOut(Channel.SMS, "smsc-1", PHONE, false, NOW);
        assertThat(replies.optedOut(Channel.SMS, PHONE)).isFalse();
        assertThat(inTx(u, sms("TKT000003", PHONE), ComplaintStatus.COMPLETED, null)).contains(Outcome.ENQUEUED);
        loop.sendDue();
        assertThat(channel.sends).extracting(CitizenReply::body).containsExactly(
                StatusUpdateDecisionTest.TEXTS.resumed(Channel.SMS), "LAPOR! Tiket TKT000003 selesai ditindaklanjuti. Terima kasih.");
        assertThat(counted(Channel.SMS, Outcome.SKIPPED_OPTOUT)).isEqualTo(1.0);
    }

    @Test
    void aSwitchedOffChannelIsRecordedOnceAsSkipped() {
        StatusUpdates u = updates(new Set(EnumSet.of(Channel.EMAIL)));
        Complaint c = sms("TKT000004", PHONE);
        assertThat(inTx(u, c, ComplaintStatus.VERIFIED, null)).contains(Outcome.SKIPPED_DISABLED);
        assertThat(inTx(u, c, ComplaintStatus.VERIFIED, null)).isEmpty();
        assertThat(rows(PHONE)).isEmpty();
        assertThat(counted(Channel.SMS, Outcome.SKIPPED_DISABLED)).isEqualTo(1.0);
    }

    @Test
    void textsThatDoNotFitTheirChannelStopStartUp() {
        StatusUpdateProperties tooLong = new StatusUpdateProperties(Map.of(ComplaintStatus.VERIFIED, "x".repeat(2000)), "{note}", "a", "b", Map.of());
        Map<Channel, Predicate<String>> fits = Map.of(Channel.EMAIL, StatusUpdateDecisionTest.LONG_FITS);
        StatusUpdates u = new StatusUpdates(jdbc, replies, new StatusUpdateDecision(tooLong.texts().keySet(), fits.keySet(), BOTH.channels),
                new StatusUpdateTexts(tooLong), fits, tx, meters);
        org.assertj.core.api.Assertions.assertThatThrownBy(u::requireTextsFit).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("status-updates.channel-texts.email.texts.VERIFIED");
        updates(BOTH).requireTextsFit(); // the shipped ones do
    }
}
