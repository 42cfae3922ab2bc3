package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.PhoneNumbers;
import id.lapor.gateway.reply.CitizenReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends due SMS replies by submit_sm from the short code, at most {@code rate-per-second} per bind.
 * An acknowledgement to a number that already got one within {@code ack-window} is SUPPRESSED (a
 * flood of messages gets one reply, not hundreds); the same CEK or INFO answer to the same number
 * within {@code command-window} is SUPPRESSED too. A failed submit is retried after
 * {@code retry-delay}, up to {@code max-attempts}.
 */
public class SmsReplySender {

    private static final Logger log = LoggerFactory.getLogger(SmsReplySender.class);

    private final CitizenReplies replies;
    private final SmppBind bind;
    private final SmsReplyTexts texts;
    private final SmsProperties props;
    private final Clock clock;
    private long nextSendNanos;
    /** Held from submit_sm until its message id is committed, so a receipt racing the commit waits for it. */
    private final Object submitting = new Object();

    public SmsReplySender(CitizenReplies replies, SmppBind bind, SmsReplyTexts texts, SmsProperties props, Clock clock) {
        this.replies = replies;
        this.bind = bind;
        this.texts = texts;
        this.props = props;
        this.clock = clock;
    }

    /** One poll: claims what is due (as many as the rate allows in one poll interval) and sends it. Returns how many went out. */
    public synchronized int sendDue() {
        if (!props.replies().enabled() || !bind.isBound()) return 0;
        SmsProperties.Replies cfg = props.replies();
        int max = (int) Math.max(1, cfg.ratePerSecond() * Math.max(1, cfg.pollInterval().toMillis()) / 1000);
        Instant now = clock.instant();
        List<CitizenReplies.Due> due = replies.claim(Channel.SMS, max, now, cfg.retryDelay().plus(props.transactionTimeout()));
        int sent = 0;
        for (CitizenReplies.Due d : due) {
            if (d.kind() == CitizenReplies.Kind.ACK && replies.suppressRepeatAck(d, cfg.ackWindow(), clock.instant())) continue;
            if (d.kind() != CitizenReplies.Kind.ACK && d.body() != null
                    && replies.sameTextSentSince(d.recipient(), d.body(), clock.instant().minus(cfg.commandWindow()))) {
                replies.suppressed(d.id(), "same answer already sent within " + cfg.commandWindow());
                continue;
            }
            String body = d.body() != null ? d.body() : texts.ack(d.ticket());
            String destination = d.recipient().startsWith("tel:") ? d.recipient().substring(4) : d.recipient();
            pace(cfg.ratePerSecond());
            try {
                synchronized (submitting) {
                    String id = bind.submit(destination, SmsEncoding.encode(body, props.defaultAlphabet()));
                    replies.sent(d, body, id, clock.instant());
                }
                sent++;
            } catch (Exception e) {
                boolean giveUp = d.attempts() >= cfg.maxAttempts();
                replies.failed(d.id(), e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant().plus(backoff(cfg.retryDelay(), d.attempts())), giveUp);
                log.warn("SMS reply {} to {} failed (attempt {}{}): {}", d.id(), PhoneNumbers.mask(destination), d.attempts(),
                        giveUp ? ", giving up" : "", e.getClass().getSimpleName());
            }
        }
        return sent;
    }

    /**
     * A delivery receipt: marks the reply it is about DELIVERED or UNDELIVERED. Waits for a submit in
     * progress on this node to commit first, since the SMSC may send the receipt before that.
     *
     * @return replies matched (0: a receipt for a message this gateway did not send, or sent from another node
     *         that has not committed yet)
     */
    public int receipt(String messageId, String state) {
        synchronized (submitting) {
            return replies.delivery(Channel.SMS, messageId, state, "DELIVERED".equals(state));
        }
    }

    private static Duration backoff(Duration base, int attempts) {
        return base.multipliedBy(1L << Math.min(6, Math.max(0, attempts - 1)));
    }

    /** Spaces submits 1/rate apart. */
    private void pace(int ratePerSecond) {
        long gap = 1_000_000_000L / ratePerSecond;
        long now = System.nanoTime();
        if (nextSendNanos > now) LockSupport.parkNanos(nextSendNanos - now);
        nextSendNanos = Math.max(now, nextSendNanos) + gap;
    }
}
