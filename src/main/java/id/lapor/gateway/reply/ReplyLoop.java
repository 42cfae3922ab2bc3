package id.lapor.gateway.reply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The one reply loop, one instance per channel, driven by that channel's timer route
 * ({@code sms-replies}, {@code email-replies}). Each poll:
 * <ol>
 *   <li><b>claim</b> up to {@link ReplyPolicy#batch} due rows of the channel ({@link CitizenReplies#claim}: the claim
 *       commits {@code attempts + 1} and a {@link ReplyPolicy#lease} before anything is sent, so several nodes never
 *       hold one row at once);</li>
 *   <li><b>suppress</b>: the channel's {@link ReplyChannel#refusal}; a status update to a reporter who opted out
 *       (BERHENTI, {@link CitizenReplies#optedOut}); an acknowledgement to a recipient that already got
 *       one within {@link ReplyPolicy#ackWindow} (a flood gets one reply, not hundreds); the same answer text to the same
 *       recipient within {@link ReplyPolicy#commandWindow} (CEK typed 50 times gets one answer). SUPPRESSED rows keep why;</li>
 *   <li><b>pace</b> to {@link ReplyPolicy#ratePerSecond} ({@link Pacer});</li>
 *   <li><b>send</b> by the channel ({@link ReplyChannel#send}) and <b>mark</b> what it returned: {@link ReplyOutcome.Sent}
 *       → SENT with the provider id (and remembered for the windows); {@link ReplyOutcome.RetryLater} → PENDING again after
 *       its own delay or {@link ReplyPolicy#backoff}, FAILED once {@link ReplyPolicy#maxAttempts} are used;
 *       {@link ReplyOutcome.Failed} → FAILED now.</li>
 * </ol>
 * <b>At least once.</b> A reply is marked SENT only after the provider accepted it. When the node stops (or the store
 * fails) between the send and its mark, the row stays PENDING with the attempt counted and comes back after the lease:
 * it is sent again, so the citizen may get that reply twice, never zero times. Acceptable for acknowledgements and
 * answers (the text is the same both times); the attempts still bound how often it can happen.
 * <p>Delivery receipts go through {@link #delivery}, which waits briefly for a send in progress on this node to be marked,
 * since a provider can report delivery before the sender has stored the provider id.
 */
public class ReplyLoop {

    private static final Logger log = LoggerFactory.getLogger(ReplyLoop.class);

    private final CitizenReplies replies;
    private final ReplyChannel channel;
    private final ReplyPolicy policy;
    private final Clock clock;
    private final Pacer pacer;
    private final LongSupplier nanoTime;
    private final LongConsumer sleepNanos;
    /** Counts each reply's result ({@code gateway_replies_total}); set by ops once the loop is a bean, null in unit tests. */
    private volatile id.lapor.gateway.ops.GatewayMetrics metrics;
    /** Puts each reply's complaint trace in the log context (ops.ComplaintTraces); MDC only until ops sets the tracer's. */
    private volatile id.lapor.gateway.ops.ComplaintTraces traces = id.lapor.gateway.ops.ComplaintTraces.MDC_ONLY;
    /** Held from a send until its outcome is marked, so a delivery receipt racing the mark can wait for it. */
    private final ReentrantLock marking = new ReentrantLock();

    /**
     * How long a receipt that matches no reply waits for a send in progress to be marked. Bounded, because the receipt
     * holds a thread of the provider's connection (jSMPP's PDU processors) that may be the one to bring the very
     * response the send waits for.
     */
    static final Duration RECEIPT_WAIT = Duration.ofSeconds(1);

    /**
     * @param replies the {@code citizen_reply} store
     * @param channel sends one reply of its channel
     * @param policy  batch, rate, windows, attempts, backoff and lease of that channel
     * @param clock   what "now" is for claims, windows and retry times
     */
    public ReplyLoop(CitizenReplies replies, ReplyChannel channel, ReplyPolicy policy, Clock clock) {
        this(replies, channel, policy, clock, System::nanoTime, LockSupport::parkNanos);
    }

    /** With a monotonic nanosecond source and a way to wait, for tests of the pacing. */
    ReplyLoop(CitizenReplies replies, ReplyChannel channel, ReplyPolicy policy, Clock clock, LongSupplier nanoTime,
              LongConsumer sleepNanos) {
        this.replies = replies;
        this.channel = channel;
        this.policy = policy;
        this.clock = clock;
        this.pacer = new Pacer(policy.ratePerSecond());
        this.nanoTime = nanoTime;
        this.sleepNanos = sleepNanos;
    }

    /**
     * Ops' hooks (#18): the metrics each reply's result is counted in, and the complaint traces each reply is logged
     * under. Called by {@code ops.OpsWiring} when the loop becomes a bean.
     */
    public void observe(id.lapor.gateway.ops.GatewayMetrics metrics, id.lapor.gateway.ops.ComplaintTraces traces) {
        this.metrics = metrics;
        this.traces = traces;
    }

    private void count(id.lapor.gateway.ops.GatewayMetrics.ReplyResult result) {
        id.lapor.gateway.ops.GatewayMetrics m = metrics;
        if (m != null) m.reply(channel.channel(), result);
    }

    /** Whether a delivery receipt is waiting for a send in progress to be marked (for tests of that wait). */
    boolean receiptWaiting() {
        return marking.hasQueuedThreads();
    }

    /** The channel this loop sends on. */
    public ReplyChannel channel() {
        return channel;
    }

    /** How this loop treats its channel's replies. */
    public ReplyPolicy policy() {
        return policy;
    }

    /**
     * One poll: claims what is due and works it off as above. Returns how many replies the provider accepted.
     * Nothing is claimed while the policy is disabled or the channel is not {@link ReplyChannel#ready}.
     *
     * @throws org.springframework.dao.DataAccessException when the store fails; rows claimed and not yet marked come back
     *         after the lease
     */
    public synchronized int sendDue() {
        if (!policy.enabled() || !channel.ready()) return 0;
        List<CitizenReply> due = replies.claim(channel.channel(), policy.batch(), clock.instant(), policy.lease());
        int sent = 0;
        for (CitizenReply reply : due) {
          try (var trace = traces.open(reply.ticket(), "reply")) {
            Optional<String> suppression = suppression(reply, clock.instant());
            if (suppression.isPresent()) {
                replies.suppressed(reply.id(), suppression.get());
                count(id.lapor.gateway.ops.GatewayMetrics.ReplyResult.SUPPRESSED);
                log.debug("{} reply {} (ticket {}) suppressed", channel.channel(), reply.id(), reply.ticket());
                continue;
            }
            long wait = pacer.delayNanos(nanoTime.getAsLong());
            if (wait > 0) sleepNanos.accept(wait);
            marking.lock();
            try {
                ReplyOutcome outcome;
                try {
                    outcome = channel.send(reply);
                } catch (RuntimeException e) {
                    outcome = new ReplyOutcome.RetryLater(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                if (outcome == null) outcome = new ReplyOutcome.RetryLater(channel.getClass().getSimpleName() + " returned no outcome");
                if (mark(reply, outcome, clock.instant())) sent++;
            } finally {
                marking.unlock();
            }
          }
        }
        return sent;
    }

    /** Why a status update queued for a reporter who since sent BERHENTI is SUPPRESSED. */
    public static final String OPTED_OUT = "reporter opted out of status updates (BERHENTI)";

    /**
     * Why {@code reply} is not sent at all, or empty when it goes out: the channel's refusal, the reporter's opt-out
     * (STATUS_UPDATE rows), the acknowledgement window (ACK rows), the command window (other rows with a text).
     */
    Optional<String> suppression(CitizenReply reply, Instant now) {
        Optional<String> refusal = channel.refusal(reply);
        if (refusal.isPresent()) return refusal;
        if (reply.kind() == CitizenReplies.Kind.STATUS_UPDATE) {
            // queued before the reporter sent BERHENTI: not sent after it; pushed, so no command window
            return replies.optedOut(reply.channel(), reply.recipient())
                    ? Optional.of(OPTED_OUT) : Optional.empty();
        }
        if (reply.kind() == CitizenReplies.Kind.ACK) {
            return replies.ackSentSince(reply.recipient(), now.minus(policy.ackWindow()))
                    ? Optional.of("acknowledgement already sent within " + policy.ackWindow()) : Optional.empty();
        }
        if (reply.body() != null && policy.commandWindow().compareTo(Duration.ZERO) > 0
                && replies.sameTextSentSince(reply.recipient(), reply.body(), now.minus(policy.commandWindow()))) {
            return Optional.of("same answer already sent within " + policy.commandWindow());
        }
        return Optional.empty();
    }

    /** Records {@code outcome} on the row; true when it was sent. */
    private boolean mark(CitizenReply reply, ReplyOutcome outcome, Instant now) {
        if (outcome instanceof ReplyOutcome.Sent s) {
            replies.sent(reply, s.text() != null ? s.text() : reply.body(), s.providerId(), now);
            count(id.lapor.gateway.ops.GatewayMetrics.ReplyResult.SENT);
            log.debug("{} reply {} (ticket {}) sent", channel.channel(), reply.id(), reply.ticket());
            return true;
        }
        if (outcome instanceof ReplyOutcome.RetryLater r) {
            boolean giveUp = reply.attempts() >= policy.maxAttempts();
            Duration after = r.after() != null ? r.after() : policy.backoff(reply.attempts());
            replies.failed(reply.id(), r.reason(), now.plus(after), giveUp);
            count(giveUp ? id.lapor.gateway.ops.GatewayMetrics.ReplyResult.FAILED : id.lapor.gateway.ops.GatewayMetrics.ReplyResult.RETRY);
            log.warn("{} reply {} (ticket {}) not sent, attempt {} of {}: {}", channel.channel(), reply.id(), reply.ticket(),
                    reply.attempts(), policy.maxAttempts(), giveUp ? "giving up" : "again in " + after);
            return false;
        }
        ReplyOutcome.Failed f = (ReplyOutcome.Failed) outcome; // the sealed interface has no fourth kind
        replies.failed(reply.id(), f.reason(), now, true);
        count(id.lapor.gateway.ops.GatewayMetrics.ReplyResult.FAILED);
        log.warn("{} reply {} (ticket {}) cannot be sent, attempt {}: giving up", channel.channel(), reply.id(), reply.ticket(),
                reply.attempts());
        return false;
    }

    /**
     * A provider's delivery receipt for the reply it accepted as {@code providerId}: DELIVERED or UNDELIVERED. A receipt
     * that matches no reply at once waits (at most {@link #RECEIPT_WAIT}) for a send in progress on this node to be
     * marked, and is matched again, since a provider can report delivery before the sender has stored the provider id.
     * A receipt that does match never waits.
     *
     * @param deliveryState the provider's state as read (kept in {@code delivery_state}, e.g. {@code DELIVERED}, {@code UNDELIVERABLE})
     * @return replies matched: 0 for a message this gateway did not send, or sent by another node (or still being sent
     *         here after the wait) that has not marked it yet
     */
    public int delivery(String providerId, String deliveryState, boolean delivered) {
        int matched = replies.delivery(channel.channel(), providerId, deliveryState, delivered);
        if (matched > 0) return matched;
        boolean locked = false;
        try {
            locked = marking.tryLock(RECEIPT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return replies.delivery(channel.channel(), providerId, deliveryState, delivered);
        } finally {
            if (locked) marking.unlock();
        }
    }
}
