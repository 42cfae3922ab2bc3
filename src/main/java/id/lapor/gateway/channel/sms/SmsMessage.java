package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.IntakeInput;

import java.time.Instant;
import java.util.List;

/**
 * One logical SMS: a single deliver_sm, or the parts of a concatenated one put back together.
 * What {@link SmsNormaliser} decides on.
 *
 * @param text     decoded text, or null when {@code problem} says why there is none
 * @param problem  why this input cannot become a complaint (quarantined with {@code raw}); null if none
 * @param flags    SMS_INCOMPLETE and SMS_MISSING_PARTS:… for a multipart message that timed out
 * @param partKey  the stored parts this message was assembled from (deleted once it is settled); null if single
 * @param raw      the PDU (sequence number zeroed) or, for an assembled message, the first part's PDU
 */
public record SmsMessage(
        String instance,
        int senderTon,
        String sender,
        String destination,
        String text,
        Problem problem,
        String externalId,
        Instant receivedAt,
        List<String> flags,
        String partKey,
        byte[] raw) implements IntakeInput {

    /** What a quarantined SMS's raw bytes are: a deliver_sm PDU. */
    public static final String RAW_MEDIA_TYPE = "application/x-smpp-pdu";

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public String rawMediaType() {
        return RAW_MEDIA_TYPE;
    }

    public record Problem(ReasonClass reasonClass, String reason) {}

    public SmsMessage {
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    public static SmsMessage rejected(SmsPdu pdu, String instance, ReasonClass reasonClass, String reason, String externalId) {
        return new SmsMessage(instance, pdu.sourceTon(), pdu.sourceAddr(), pdu.destAddr(), null,
                new Problem(reasonClass, reason), externalId, pdu.receivedAt(), List.of(), null, pdu.raw());
    }
}
