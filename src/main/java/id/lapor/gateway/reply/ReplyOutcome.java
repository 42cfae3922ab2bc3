package id.lapor.gateway.reply;

import java.time.Duration;

/**
 * What became of one {@link ReplyChannel#send} attempt; the {@link ReplyLoop} records it on the
 * {@code citizen_reply} row.
 */
public sealed interface ReplyOutcome {

    /**
     * The provider accepted the reply.
     *
     * @param providerId the provider's id of the message (SMPP message_id of submit_sm_resp, the mail's Message-ID);
     *                   delivery receipts find the reply by it
     * @param text       what was sent, kept in {@code citizen_reply.body} (at most 1,000 characters) and, for answers
     *                   other than acknowledgements, what the command window compares; null keeps the queued body
     */
    record Sent(String providerId, String text) implements ReplyOutcome {}

    /**
     * Not sent this time for a reason that may pass (link down, throttled, timeout): due again after
     * {@code after}, or after the loop's backoff when {@code after} is null; FAILED once the attempts are used up.
     *
     * @param reason kept in {@code citizen_reply.last_error} (cut to 1,000 characters); never logged, as it may hold an address
     */
    record RetryLater(String reason, Duration after) implements ReplyOutcome {
        public RetryLater(String reason) {
            this(reason, null);
        }
    }

    /**
     * Can never be sent (invalid destination, nothing left to acknowledge): FAILED now, whatever attempts are left.
     *
     * @param reason kept in {@code citizen_reply.last_error}
     */
    record Failed(String reason) implements ReplyOutcome {}
}
