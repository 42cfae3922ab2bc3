package id.lapor.gateway.reply;

import id.lapor.gateway.complaint.Channel;

import java.util.Optional;

/**
 * What one channel contributes to the shared {@link ReplyLoop}: sending one reply. Claiming, the
 * acknowledgement and command windows, pacing, marking and retrying are the loop's. Adding a channel's
 * replies is one class implementing this and one {@code ReplyLoop} bean with its policy.
 */
public interface ReplyChannel {

    /** The channel whose {@code citizen_reply} rows this sends. */
    Channel channel();

    /**
     * Whether sending can be tried now (the SMPP bind is bound, say). When not, the loop claims nothing
     * this poll, so no attempt is spent on a link known to be down.
     */
    default boolean ready() {
        return true;
    }

    /**
     * Why this reply must never go out on this channel (a no-reply address, a complaint that no longer
     * exists): the loop marks it SUPPRESSED with this reason before any window or send. Empty: it may go.
     */
    default Optional<String> refusal(CitizenReply reply) {
        return Optional.empty();
    }

    /**
     * Whether {@code text} goes out as one reply of this channel: what {@link StatusUpdates} cuts LAPOR!'s note to
     * before it queues a status update. The default is what a {@code citizen_reply} row keeps
     * ({@value CitizenReplies#MAX_BODY} characters; Telegram and WhatsApp take 4,096). SMS counts segments.
     */
    default boolean fits(String text) {
        return text.length() <= CitizenReplies.MAX_BODY;
    }

    /**
     * Sends {@code reply} once and says what became of it. Runs on the loop's thread, one reply at a time,
     * paced by the loop. A {@link RuntimeException} thrown here counts as {@link ReplyOutcome.RetryLater}.
     * May be called again for a reply that already went out when the gateway stopped between the send
     * and its mark (see {@link ReplyLoop}: replies are at least once).
     */
    ReplyOutcome send(CitizenReply reply);
}
