package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.reply.ReplyLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivery receipts (deliver_sm with esm_class 0x04): the reply a receipt is about becomes DELIVERED
 * or UNDELIVERED through the SMS {@link ReplyLoop}, and the receipt is counted as ignored input
 * (reason "delivery receipt"). A receipt whose message id matches no reply may be racing its
 * submit_sm_resp (the SMSC can deliver the receipt, on any node's bind, before the sending node
 * stored the id): for {@code grace} from its first sighting on this node it gets a temporary error,
 * so the SMSC delivers it again; after that it is counted as ignored and acknowledged with ESME_ROK,
 * so a receipt of a message this gateway never sent is not redelivered for ever.
 * <p>First sightings are kept in memory, at most {@value #MAX_TRACKED} message ids, oldest dropped
 * first (an id leaves earlier only when a reply matched it); one past its grace stays, so a receipt
 * delivered once more is acknowledged at once. Durable storage is not worth a store write per stray receipt: the grace only has to outlast
 * the store commit of a submit, seconds at most. What is lost with memory is bounded: after a restart,
 * on another node's bind, or after being dropped from a full map, a receipt starts one more grace
 * period, so an unknown receipt is answered with temporary errors for at most grace × nodes (plus one
 * grace per restart) before it is acknowledged.
 */
public class SmsReceipts {

    private static final Logger log = LoggerFactory.getLogger(SmsReceipts.class);
    static final int MAX_TRACKED = 10_000;

    /** Thrown within the grace period: the route answers deliver_sm with a temporary error (0x64). */
    public static final class TooEarly extends IllegalStateException {
        TooEarly(Duration left) {
            super("delivery receipt for an unknown message id; asking the SMSC to deliver it again (grace left: " + left + ")");
        }
    }

    private final ReplyLoop replies;
    private final ComplaintIntake intake;
    private final Duration grace;
    private final Clock clock;
    private final Map<String, Instant> firstSeen = new LinkedHashMap<>();

    /**
     * @param replies the SMS reply loop (receipts wait for a submit in progress on this node to be marked)
     * @param grace   {@code channels.sms.replies.receipt-grace}: how long after its first sighting an unmatched
     *                receipt is still answered with a temporary error; {@link Duration#ZERO}: acknowledged at once
     */
    public SmsReceipts(ReplyLoop replies, ComplaintIntake intake, Duration grace, Clock clock) {
        this.replies = replies;
        this.intake = intake;
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * Records one receipt.
     *
     * @param messageId the message_id of the submit it is about (receipted_message_id TLV or the text's {@code id:}); null if none
     * @param state     the state as read ({@code DELIVERED}, {@code UNDELIVERABLE}, …)
     * @throws TooEarly when no reply has this id yet and its first sighting is less than the grace period ago
     */
    public void record(String messageId, String state) {
        if (messageId != null) {
            int matched = replies.delivery(messageId, state, "DELIVERED".equals(state));
            if (matched == 0) holdWithinGrace(messageId);
            else forget(messageId);
        }
        intake.ignored(Channel.SMS, "delivery receipt");
    }

    private void holdWithinGrace(String messageId) {
        Instant now = clock.instant();
        Instant first;
        synchronized (firstSeen) {
            first = firstSeen.putIfAbsent(messageId, now);
            if (first == null) {
                first = now;
                if (firstSeen.size() > MAX_TRACKED) {
                    var oldest = firstSeen.keySet().iterator();
                    oldest.next();
                    oldest.remove();
                }
            }
        }
        Duration seen = Duration.between(first, now);
        if (seen.compareTo(grace) < 0) throw new TooEarly(grace.minus(seen));
        // kept: the same receipt delivered once more is acknowledged at once, not given a new grace
        log.info("delivery receipt for message id {} matches no reply after {}: acknowledged and counted as ignored", messageId, grace);
    }

    private void forget(String messageId) {
        synchronized (firstSeen) {
            firstSeen.remove(messageId);
        }
    }

    /** Message ids waiting out their grace on this node. */
    int tracked() {
        synchronized (firstSeen) {
            return firstSeen.size();
        }
    }
}
