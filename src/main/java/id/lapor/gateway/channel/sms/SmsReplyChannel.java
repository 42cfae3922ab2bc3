package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.reply.CitizenReply;
import id.lapor.gateway.reply.ReplyChannel;
import id.lapor.gateway.reply.ReplyOutcome;
import org.jsmpp.extra.NegativeResponseException;

/**
 * SMS's part of the reply loop: one reply as one submit_sm from the short code over this instance's
 * bind, asking for a delivery receipt (which {@link SmsReceipts} matches by the message_id returned).
 * An acknowledgement's text is rendered from the {@code ack} template (one GSM-7 segment, checked at
 * start-up by {@link SmsReplyTexts#requireSingleSegmentAck}); answers are sent as queued.
 * Outcomes: submit_sm_resp ESME_ROK → {@code Sent(message_id)}; an invalid destination address
 * (ESME_RINVDSTADR, SMPP 3.4 §5.1.3) → {@code Failed}; any other error status, a timeout or a lost
 * bind → {@code RetryLater}.
 */
public class SmsReplyChannel implements ReplyChannel {

    /** SMPP 3.4 command_status 0x0000000B: the SMSC will never accept this destination. */
    static final int ESME_RINVDSTADR = 0x0B;

    private final SmppBind bind;
    private final SmsReplyTexts texts;
    private final SmsTextDecoder.DefaultAlphabet alphabet;

    private final int maxSegments;

    public SmsReplyChannel(SmppBind bind, SmsReplyTexts texts, SmsTextDecoder.DefaultAlphabet alphabet) {
        this(bind, texts, alphabet, 1);
    }

    /** @param maxSegments most segments a status update may take ({@code channels.sms.status-updates.max-segments}) */
    public SmsReplyChannel(SmppBind bind, SmsReplyTexts texts, SmsTextDecoder.DefaultAlphabet alphabet, int maxSegments) {
        this.bind = bind;
        this.texts = texts;
        this.alphabet = alphabet;
        this.maxSegments = maxSegments;
    }

    /**
     * At most {@code max-segments} SMS as {@link SmsEncoding} sends it: GSM-7 when every character is in the alphabet
     * (160 septets in one, 153 per part when concatenated), else UCS-2 (70 / 67 characters), 3GPP TS 23.040 §9.2.3.24.1.
     */
    @Override
    public boolean fits(String text) {
        return text.length() <= id.lapor.gateway.reply.CitizenReplies.MAX_BODY && SmsEncoding.encode(text, alphabet).segments() <= maxSegments;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    /** Only while bound: a poll with the link down claims nothing and spends no attempt. */
    @Override
    public boolean ready() {
        return bind.isBound();
    }

    @Override
    public ReplyOutcome send(CitizenReply reply) {
        String body = reply.body() != null ? reply.body() : texts.ack(reply.ticket());
        String destination = reply.recipient().startsWith("tel:") ? reply.recipient().substring(4) : reply.recipient();
        try {
            return new ReplyOutcome.Sent(bind.submit(destination, SmsEncoding.encode(body, alphabet)), body);
        } catch (Exception e) {
            return outcomeOf(e);
        }
    }

    /** What a failed submit_sm means for the reply (see the class comment). */
    static ReplyOutcome outcomeOf(Exception e) {
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof NegativeResponseException n && n.getCommandStatus() == ESME_RINVDSTADR) return new ReplyOutcome.Failed(reason);
        return new ReplyOutcome.RetryLater(reason);
    }
}
