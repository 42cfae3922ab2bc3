package id.lapor.gateway.reply;

import id.lapor.gateway.support.MutableClock;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.support.FreshStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reply loop's decisions without Camel: a scripted {@link ReplyChannel} (the fake is the channel,
 * never the loop), the real {@code citizen_reply} store ({@link FreshStore}: H2, or PostgreSQL with
 * {@code -Ppostgres}), a clock moved by hand and a nanosecond ticker whose waits are recorded, not slept.
 */
class ReplyLoopTest {

    static final String NUMBER = "tel:+6281200000001";


    /** Returns scripted outcomes (then {@code Sent}) and records what it was asked to send. */
    static final class ScriptedChannel implements ReplyChannel {
        final Deque<Function<CitizenReply, ReplyOutcome>> script = new ArrayDeque<>();
        final List<CitizenReply> sends = new ArrayList<>();
        boolean ready = true;
        Function<CitizenReply, Optional<String>> refusal = r -> Optional.empty();

        @Override public Channel channel() { return Channel.SMS; }
        @Override public boolean ready() { return ready; }
        @Override public Optional<String> refusal(CitizenReply reply) { return refusal.apply(reply); }

        @Override
        public ReplyOutcome send(CitizenReply reply) {
            sends.add(reply);
            Function<CitizenReply, ReplyOutcome> next = script.poll();
            return next != null ? next.apply(reply) : new ReplyOutcome.Sent("MSG-" + reply.id(), "sent: " + (reply.body() != null ? reply.body() : "ack " + reply.ticket()));
        }
    }

    /** What a node being killed looks like to the loop: an Error thrown after the provider took the message. */
    static final class Crash extends Error {}

    NamedParameterJdbcTemplate jdbc;
    CitizenReplies replies;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));
    ScriptedChannel channel = new ScriptedChannel();
    AtomicLong ticker = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
    List<Long> waits = new ArrayList<>();

    /** Held for the test, so the embedded database stays open between statements instead of being closed and reopened. */
    java.sql.Connection open;

    @BeforeEach
    void store() throws java.sql.SQLException {
        FreshStore store = FreshStore.create();
        open = store.dataSource().getConnection();
        store.migrate(null);
        jdbc = new NamedParameterJdbcTemplate(store.dataSource());
        replies = new CitizenReplies(jdbc, new TransactionTemplate(new DataSourceTransactionManager(store.dataSource())));
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws java.sql.SQLException {
        open.close();
    }

    static ReplyPolicy policy(int batch, int rate, Duration commandWindow, int maxAttempts) {
        return new ReplyPolicy(true, batch, rate, Duration.ofHours(1), commandWindow, maxAttempts, Duration.ofSeconds(30),
                Duration.ofSeconds(40));
    }

    ReplyLoop loop(ReplyPolicy policy) {
        // a wait passes on the ticker, as a real sleep would
        return new ReplyLoop(replies, channel, policy, clock, ticker::get, n -> {
            waits.add(n);
            ticker.addAndGet(n);
        });
    }

    ReplyLoop loop() {
        return loop(policy(20, 0, Duration.ofMinutes(10), 5));
    }

    long ack(String recipient, String ticket) {
        return replies.enqueue(Channel.SMS, "smsc-1", recipient, CitizenReplies.Kind.ACK, ticket, null, clock.instant());
    }

    long answer(String recipient, String body) {
        return replies.enqueue(Channel.SMS, "smsc-1", recipient, CitizenReplies.Kind.STATUS, null, body, clock.instant());
    }

    Map<String, Object> row(long id) {
        return jdbc.queryForMap("SELECT state, attempts, next_attempt_at, provider_message_id, body, last_error FROM citizen_reply WHERE id = :id",
                new MapSqlParameterSource("id", id));
    }

    Instant nextAttempt(long id) {
        return jdbc.queryForObject("SELECT next_attempt_at FROM citizen_reply WHERE id = :id", new MapSqlParameterSource("id", id),
                (rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant());
    }

    @Test
    void sentIsMarkedWithTheProviderIdAndTheTextAndAReceiptFindsItByThatId() {
        long a = ack(NUMBER, "T00000001");
        long s = answer("tel:+6281200000002", "LAPOR! Tiket T00000001: Diterima.");
        channel.script.add(r -> new ReplyOutcome.Sent("5A01", "LAPOR! Aduan Anda diterima, no. tiket T00000001."));
        channel.script.add(r -> new ReplyOutcome.Sent("5A02", null));
        ReplyLoop loop = loop();

        assertThat(loop.sendDue()).isEqualTo(2);

        assertThat(row(a)).containsEntry("state", "SENT").containsEntry("provider_message_id", "5A01").containsEntry("attempts", 1)
                .containsEntry("body", "LAPOR! Aduan Anda diterima, no. tiket T00000001.");
        assertThat(row(s)).as("no text from the channel keeps the queued one").containsEntry("state", "SENT")
                .containsEntry("provider_message_id", "5A02").containsEntry("body", "LAPOR! Tiket T00000001: Diterima.");
        assertThat(loop.delivery("5A01", "DELIVERED", true)).isEqualTo(1);
        assertThat(loop.delivery("5A02", "UNDELIVERABLE", false)).isEqualTo(1);
        assertThat(loop.delivery("FFFF", "DELIVERED", true)).as("a receipt of no reply of ours").isZero();
        assertThat(row(a)).containsEntry("state", "DELIVERED");
        assertThat(row(s)).containsEntry("state", "UNDELIVERED");
        assertThat(loop.sendDue()).as("nothing is sent twice").isZero();
        assertThat(channel.sends).hasSize(2);
    }

    @Test
    void backoffDoublesFromTheRetryDelayAndStopsGrowingAt64Times() {
        ReplyPolicy p = policy(1, 0, Duration.ZERO, 5);
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 50).stream().map(p::backoff).toList()).containsExactly(
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofMinutes(32), Duration.ofMinutes(32));
        assertThat(p.backoff(0)).as("never shorter than the retry delay").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryLaterComesBackAfterTheBackoffUntilTheAttemptsAreUsedUp() {
        long id = ack(NUMBER, "T00000001");
        ReplyLoop loop = loop(policy(20, 0, Duration.ZERO, 9));
        List<Duration> expected = List.of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofMinutes(32));
        for (int attempt = 1; attempt <= 8; attempt++) {
            channel.script.add(r -> new ReplyOutcome.RetryLater("IOException: SMPP smsc-1 is not bound"));
            assertThat(loop.sendDue()).isZero();
            Duration after = expected.get(attempt - 1);
            assertThat(row(id)).as("attempt %d", attempt).containsEntry("state", "PENDING").containsEntry("attempts", attempt)
                    .containsEntry("last_error", "IOException: SMPP smsc-1 is not bound");
            assertThat(nextAttempt(id)).as("attempt %d", attempt).isEqualTo(clock.instant().plus(after));
            clock.advance(after.minusSeconds(1));
            assertThat(loop.sendDue()).as("not due yet").isZero();
            assertThat(channel.sends).hasSize(attempt);
            clock.advance(Duration.ofSeconds(1));
        }
        channel.script.add(r -> new ReplyOutcome.RetryLater("IOException: still not bound"));
        loop.sendDue();
        assertThat(row(id)).as("the ninth of nine attempts gives up").containsEntry("state", "FAILED").containsEntry("attempts", 9)
                .containsEntry("last_error", "IOException: still not bound");
        clock.advance(Duration.ofDays(1));
        assertThat(loop.sendDue()).isZero();
        assertThat(channel.sends).hasSize(9);
    }

    @Test
    void retryLaterWithItsOwnDelayIsDueThenAndAnExceptionIsRetriedLikeIt() {
        long id = ack(NUMBER, "T00000001");
        ReplyLoop loop = loop();
        channel.script.add(r -> new ReplyOutcome.RetryLater("throttled", Duration.ofSeconds(5)));
        loop.sendDue();
        assertThat(nextAttempt(id)).isEqualTo(clock.instant().plusSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        channel.script.add(r -> { throw new IllegalStateException("session closed"); });
        assertThat(loop.sendDue()).isZero();
        assertThat(row(id)).containsEntry("state", "PENDING").containsEntry("attempts", 2)
                .containsEntry("last_error", "IllegalStateException: session closed");
        assertThat(nextAttempt(id)).as("second attempt: twice the retry delay").isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(1));
        assertThat(loop.sendDue()).isEqualTo(1);
        assertThat(row(id)).containsEntry("state", "SENT").containsEntry("attempts", 3).containsEntry("last_error", null);
    }

    @Test
    void aPermanentFailureFailsAtOnceWithItsReason() {
        long id = ack(NUMBER, "T00000001");
        channel.script.add(r -> new ReplyOutcome.Failed("NegativeResponseException: invalid destination address"));
        ReplyLoop loop = loop();
        assertThat(loop.sendDue()).isZero();
        assertThat(row(id)).containsEntry("state", "FAILED").containsEntry("attempts", 1)
                .containsEntry("last_error", "NegativeResponseException: invalid destination address");
        clock.advance(Duration.ofDays(1));
        assertThat(loop.sendDue()).isZero();
        assertThat(channel.sends).hasSize(1);
    }

    @Test
    void oneAcknowledgementPerRecipientWithinTheAckWindow() {
        long first = ack(NUMBER, "T00000001");
        long second = ack(NUMBER, "T00000002");
        long other = ack("tel:+6281200000002", "T00000003");
        ReplyLoop loop = loop();
        assertThat(loop.sendDue()).isEqualTo(2);
        assertThat(row(first)).containsEntry("state", "SENT");
        assertThat(row(second)).containsEntry("state", "SUPPRESSED").containsEntry("last_error", "acknowledgement already sent within PT1H");
        assertThat(row(other)).containsEntry("state", "SENT");

        clock.advance(Duration.ofMinutes(59));
        long third = ack(NUMBER, "T00000004");
        loop.sendDue();
        assertThat(row(third)).containsEntry("state", "SUPPRESSED");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        long fourth = ack(NUMBER, "T00000005");
        assertThat(loop.sendDue()).as("an hour after the last one sent").isEqualTo(1);
        assertThat(row(fourth)).containsEntry("state", "SENT");
        assertThat(channel.sends).extracting(CitizenReply::ticket).containsExactly("T00000001", "T00000003", "T00000005");
    }

    @Test
    void theSameAnswerOncePerRecipientWithinTheCommandWindowAndARefusalIsNeverSent() {
        long cek1 = answer(NUMBER, "LAPOR! Tiket T00000001: Diterima.");
        long cek2 = answer(NUMBER, "LAPOR! Tiket T00000001: Diterima.");
        long other = answer(NUMBER, "LAPOR! Tiket T0000000X tidak dikenal.");
        long elsewhere = answer("tel:+6281200000002", "LAPOR! Tiket T00000001: Diterima.");
        long refused = answer("tel:+6281299999999", "LAPOR! Tiket T00000001: Diterima.");
        channel.refusal = r -> r.recipient().endsWith("9999") ? Optional.of("not answered on this channel") : Optional.empty();
        // the channel's text is what the window compares: send the queued body as it is
        for (int i = 0; i < 4; i++) channel.script.add(r -> new ReplyOutcome.Sent("M" + r.id(), r.body()));
        ReplyLoop loop = loop();
        assertThat(loop.sendDue()).isEqualTo(3);
        assertThat(row(cek1)).containsEntry("state", "SENT");
        assertThat(row(cek2)).containsEntry("state", "SUPPRESSED").containsEntry("last_error", "same answer already sent within PT10M");
        assertThat(row(other)).as("a different text goes out").containsEntry("state", "SENT");
        assertThat(row(elsewhere)).containsEntry("state", "SENT");
        assertThat(row(refused)).containsEntry("state", "SUPPRESSED").containsEntry("last_error", "not answered on this channel");
        assertThat(channel.sends).extracting(CitizenReply::id).containsExactly(cek1, other, elsewhere);

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        long later = answer(NUMBER, "LAPOR! Tiket T00000001: Diterima.");
        channel.script.add(r -> new ReplyOutcome.Sent("M" + r.id(), r.body()));
        assertThat(loop.sendDue()).as("after the window the same answer goes again").isEqualTo(1);
        assertThat(row(later)).containsEntry("state", "SENT");
    }

    @Test
    void withoutACommandWindowTheSameTextGoesEveryTime() {
        long a = answer(NUMBER, "sama");
        long b = answer(NUMBER, "sama");
        for (int i = 0; i < 2; i++) channel.script.add(r -> new ReplyOutcome.Sent("M" + r.id(), r.body()));
        assertThat(loop(policy(20, 0, Duration.ZERO, 5)).sendDue()).isEqualTo(2);
        assertThat(row(a)).containsEntry("state", "SENT");
        assertThat(row(b)).containsEntry("state", "SENT");
    }

    @Test
    void pacerSpacesSendsOneGapApartAndGivesNoCreditForAPause() {
        Pacer p = new Pacer(20);
        assertThat(p.gapNanos()).isEqualTo(50_000_000L);
        long t = -1_000_000_000L;
        assertThat(p.delayNanos(t)).isZero();
        assertThat(p.delayNanos(t)).isEqualTo(50_000_000L);
        assertThat(p.delayNanos(t + 10_000_000L)).isEqualTo(90_000_000L);
        // a pause longer than the booked slots: the next send goes at once, the one after a gap later
        assertThat(p.delayNanos(t + 1_000_000_000L)).isZero();
        assertThat(p.delayNanos(t + 1_000_000_000L)).isEqualTo(50_000_000L);
        assertThat(new Pacer(0).delayNanos(t)).as("not paced").isZero();
        assertThat(new Pacer(0).gapNanos()).isZero();
    }

    @Test
    void aPollClaimsWhatTheRateAllowsAndWaitsOneGapBetweenSends() {
        assertThat(ReplyPolicy.batchFor(20, Duration.ofSeconds(1))).isEqualTo(20);
        assertThat(ReplyPolicy.batchFor(200, Duration.ofMillis(200))).isEqualTo(40);
        assertThat(ReplyPolicy.batchFor(1, Duration.ofMillis(200))).as("at least one").isEqualTo(1);
        assertThat(ReplyPolicy.batchFor(20, Duration.ZERO)).isEqualTo(1);

        for (int i = 0; i < 5; i++) ack("tel:+62812000000" + (10 + i), "T0000001" + i);
        ReplyLoop loop = loop(policy(ReplyPolicy.batchFor(4, Duration.ofSeconds(1)), 4, Duration.ZERO, 5));
        assertThat(loop.sendDue()).as("4 per second, polled every second").isEqualTo(4);
        assertThat(waits).as("no wait before the first, a quarter second before each next").containsExactly(250_000_000L, 250_000_000L, 250_000_000L);
        ticker.addAndGet(1_000_000_000L);
        waits.clear();
        assertThat(loop.sendDue()).isEqualTo(1);
        assertThat(waits).as("after an idle second the next send waits for nothing").isEmpty();
        assertThat(channel.sends).hasSize(5);
    }

    @Test
    void suppressedRepliesTakeNoPacingSlot() {
        ack(NUMBER, "T00000001");
        ack(NUMBER, "T00000002");
        ack(NUMBER, "T00000003");
        ack("tel:+6281200000002", "T00000004");
        assertThat(loop(policy(20, 4, Duration.ZERO, 5)).sendDue()).isEqualTo(2);
        assertThat(waits).containsExactly(250_000_000L);
    }

    @Test
    void nothingIsClaimedWhileTheChannelIsNotReadyOrRepliesAreDisabled() {
        long id = ack(NUMBER, "T00000001");
        channel.ready = false;
        assertThat(loop().sendDue()).isZero();
        assertThat(row(id)).as("no attempt spent").containsEntry("state", "PENDING").containsEntry("attempts", 0);
        channel.ready = true;
        ReplyPolicy off = new ReplyPolicy(false, 20, 0, Duration.ofHours(1), Duration.ZERO, 5, Duration.ofSeconds(30), Duration.ofSeconds(40));
        assertThat(loop(off).sendDue()).isZero();
        assertThat(row(id)).containsEntry("attempts", 0);
        assertThat(channel.sends).isEmpty();
    }

    @Test
    void aCrashBetweenSendAndMarkLeavesTheReplyPendingAndItIsSentAgainAfterTheLease() {
        long id = ack(NUMBER, "T00000001");
        channel.script.add(r -> { throw new Crash(); });
        ReplyLoop loop = loop();
        assertThatThrownBy(loop::sendDue).isInstanceOf(Crash.class);
        // what the store holds after the crash: the claim (attempt counted, leased), no mark
        assertThat(row(id)).containsEntry("state", "PENDING").containsEntry("attempts", 1).containsEntry("provider_message_id", null);
        assertThat(nextAttempt(id)).isEqualTo(clock.instant().plusSeconds(40));

        ReplyLoop restarted = loop();
        clock.advance(Duration.ofSeconds(39));
        assertThat(restarted.sendDue()).as("still leased").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(restarted.sendDue()).isEqualTo(1);
        assertThat(row(id)).containsEntry("state", "SENT").containsEntry("attempts", 2).containsEntry("provider_message_id", "MSG-" + id);
        // at least once: the provider may have taken it the first time, so the citizen can get it twice
        assertThat(channel.sends).extracting(CitizenReply::id).containsExactly(id, id);
    }

    @Test
    void aReceiptRacingItsMarkWaitsForItButOneThatMatchesOrASendThatHangsDoesNotHoldItUp() throws Exception {
        long earlier = ack("tel:+6281200000002", "T00000001");
        ReplyLoop loop = loop();
        assertThat(loop.sendDue()).isEqualTo(1);
        long racing = ack(NUMBER, "T00000002");
        long hanging = ack("tel:+6281200000003", "T00000003");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var release = new java.util.concurrent.CountDownLatch(1);
            var results = new ArrayList<java.util.concurrent.Future<Integer>>();
            channel.script.add(r -> {
                // the provider reports delivery before the submit's response reached the loop
                results.add(pool.submit(() -> loop.delivery("P-RACING", "DELIVERED", true)));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(loop::receiptWaiting);
                return new ReplyOutcome.Sent("P-RACING", "ack");
            });
            channel.script.add(r -> {
                // a send that hangs: a receipt of an earlier reply matches at once, an unknown one gives up waiting
                results.add(pool.submit(() -> loop.delivery("MSG-" + earlier, "DELIVERED", true)));
                results.add(pool.submit(() -> loop.delivery("P-UNKNOWN", "DELIVERED", true)));
                try {
                    assertThat(results.get(1).get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
                    assertThat(results.get(2).get(5, java.util.concurrent.TimeUnit.SECONDS)).isZero();
                    release.countDown();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return new ReplyOutcome.Sent("P-HANGING", "ack");
            });
            assertThat(loop.sendDue()).isEqualTo(2);
            assertThat(release.getCount()).as("the receipts did not wait for the hanging send").isZero();
            assertThat(results.get(0).get(5, java.util.concurrent.TimeUnit.SECONDS)).as("matched after the mark").isEqualTo(1);
            assertThat(row(racing)).containsEntry("state", "DELIVERED");
            assertThat(row(earlier)).containsEntry("state", "DELIVERED");
            assertThat(row(hanging)).containsEntry("state", "SENT");
        } finally {
            pool.shutdownNow();
        }
    }
}
