package id.lapor.gateway.channel.sms;

import java.time.Instant;

/**
 * One part of a concatenated SMS, stored until its siblings arrive. Parts of one message share
 * {@code messageKey} = sender, destination, reference and total (the reference alone repeats every
 * 256 messages per phone).
 *
 * @param userData     short_message or message_payload as received, user data header included
 * @param headerLength octets of user data header at the start of {@code userData} (0 for SAR parts)
 */
public record SmsPart(
        String messageKey,
        int seq,
        int total,
        int senderTon,
        String sender,
        String destination,
        String instance,
        int dataCoding,
        int headerLength,
        byte[] userData,
        Instant receivedAt) {

    public static String messageKey(String sender, String destination, int reference, int total) {
        return sender + "|" + destination + "|" + reference + "|" + total;
    }
}
