package id.lapor.gateway.channel.sms;

import java.nio.charset.StandardCharsets;

/**
 * How a reply goes out: GSM-7 (as this SMSC expects data_coding 0) when every character is in the
 * GSM alphabet, UCS-2 otherwise. Text that fits one segment (160 GSM-7 septets or 70 UCS-2
 * characters) goes in short_message; longer text in message_payload, which the SMSC segments.
 */
public final class SmsEncoding {

    /** @param payload non-null when the text is carried in message_payload (short_message then empty) */
    public record Encoded(int dataCoding, byte[] shortMessage, byte[] payload, int segments) {}

    private SmsEncoding() {}

    public static Encoded encode(String text, SmsTextDecoder.DefaultAlphabet alphabet) {
        int septets = Gsm7.septets(text);
        if (septets >= 0 && alphabet != SmsTextDecoder.DefaultAlphabet.LATIN1) {
            byte[] unpacked = Gsm7.encodeUnpacked(text);
            byte[] octets = alphabet == SmsTextDecoder.DefaultAlphabet.GSM7_PACKED ? Gsm7.pack(unpacked) : unpacked;
            return septets <= 160 ? new Encoded(0x00, octets, null, 1)
                    : new Encoded(0x00, new byte[0], octets, (septets + 152) / 153);
        }
        if (septets >= 0 && text.length() <= 160 && StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
            return new Encoded(0x00, text.getBytes(StandardCharsets.ISO_8859_1), null, 1);
        }
        byte[] ucs2 = text.getBytes(StandardCharsets.UTF_16BE);
        int units = ucs2.length / 2;
        return units <= 70 ? new Encoded(0x08, ucs2, null, 1) : new Encoded(0x08, new byte[0], ucs2, (units + 66) / 67);
    }
}
