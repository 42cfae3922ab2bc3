package id.lapor.gateway.channel.sms;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns the user data of a {@code deliver_sm} into text by its {@code data_coding} (SMPP 3.4 §5.2.19
 * and the GSM 03.38 coding groups). Text that cannot be trusted is never returned as-is: binary
 * data, unknown codings and broken UTF-16 come back as {@link Result.Undecodable} with a reason, and
 * the channel quarantines the raw PDU.
 */
public final class SmsTextDecoder {

    /**
     * How this SMSC sends data_coding 0 ("SMSC default alphabet"), configured per bind: GSM-7 one
     * septet per octet (most SMSCs), GSM-7 packed, or Latin-1. The packing also applies to the
     * other GSM-7 codings (message class and message waiting groups).
     */
    public enum DefaultAlphabet { GSM7_UNPACKED, GSM7_PACKED, LATIN1 }

    /** What decoding gave. */
    public sealed interface Result {
        record Text(String text) implements Result {}

        /** @param binary true for 8-bit data (an unsupported kind of message rather than a broken one) */
        record Undecodable(String reason, boolean binary) implements Result {}
    }

    private final DefaultAlphabet defaultAlphabet;

    public SmsTextDecoder(DefaultAlphabet defaultAlphabet) {
        this.defaultAlphabet = defaultAlphabet;
    }

    /**
     * Decodes {@code ud} after a user data header of {@code headerLength} octets (0 when there is none).
     */
    public Result decode(int dataCoding, byte[] ud, int headerLength) {
        int dc = dataCoding & 0xFF;
        int offset = headerLength;
        int length = ud.length - headerLength;
        if (length < 0) return new Result.Undecodable("user data header longer than the message", false);
        return switch (alphabetOf(dc)) {
            // the bind's packing applies to every GSM-7 coding: an SMSC packs all of them or none
            case GSM7 -> gsm7(defaultAlphabet, ud, offset, length, headerLength);
            case ASCII -> ascii(ud, offset, length);
            case LATIN1 -> new Result.Text(new String(ud, offset, length, StandardCharsets.ISO_8859_1));
            case UCS2 -> ucs2(ud, offset, length);
            case BINARY -> new Result.Undecodable("8-bit binary data (data_coding 0x" + hex(dc) + ")", true);
            case UNSUPPORTED -> new Result.Undecodable("data_coding 0x" + hex(dc) + " is not supported", false);
        };
    }

    /** Whether this data_coding carries UCS-2 (UTF-16BE) text. */
    public boolean isUcs2(int dataCoding) {
        return alphabetOf(dataCoding & 0xFF) == Alphabet.UCS2;
    }

    private enum Alphabet { GSM7, ASCII, LATIN1, UCS2, BINARY, UNSUPPORTED }

    private Alphabet alphabetOf(int dc) {
        if (dc == 0x00) return defaultAlphabet == DefaultAlphabet.LATIN1 ? Alphabet.LATIN1 : Alphabet.GSM7;
        if (dc == 0x01) return Alphabet.ASCII;              // IA5
        if (dc == 0x02 || dc == 0x04) return Alphabet.BINARY;
        if (dc == 0x03) return Alphabet.LATIN1;
        if (dc == 0x08) return Alphabet.UCS2;
        if ((dc & 0xF0) == 0xF0) return (dc & 0x04) != 0 ? Alphabet.BINARY : Alphabet.GSM7; // message class group
        if ((dc & 0xC0) == 0x00 && dc >= 0x10) {             // GSM general data coding group, with class bits
            if ((dc & 0x20) != 0) return Alphabet.UNSUPPORTED; // compressed
            return switch ((dc >> 2) & 0x03) {
                case 0 -> Alphabet.GSM7;
                case 1 -> Alphabet.BINARY;
                case 2 -> Alphabet.UCS2;
                default -> Alphabet.UNSUPPORTED;
            };
        }
        if (dc >= 0xC0 && dc <= 0xDF) return Alphabet.GSM7;   // message waiting indication, GSM-7
        if (dc >= 0xE0 && dc <= 0xEF) return Alphabet.UCS2;   // message waiting indication, UCS-2
        return Alphabet.UNSUPPORTED;
    }

    private static Result gsm7(DefaultAlphabet packing, byte[] ud, int offset, int length, int headerLength) {
        if (packing == DefaultAlphabet.GSM7_PACKED) {
            int headerBits = headerLength * 8;
            int fill = headerLength == 0 ? 0 : (7 - headerBits % 7) % 7;
            return new Result.Text(Gsm7.decodePacked(ud, offset, length, fill, -1));
        }
        Optional<String> text = Gsm7.decodeUnpacked(ud, offset, length);
        return text.<Result>map(Result.Text::new)
                .orElseGet(() -> new Result.Undecodable("octet above 0x7F in unpacked GSM-7 text", false));
    }

    private static Result ascii(byte[] ud, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if ((ud[i] & 0x80) != 0) return new Result.Undecodable("octet above 0x7F in IA5 text", false);
        }
        return new Result.Text(new String(ud, offset, length, StandardCharsets.US_ASCII));
    }

    private static Result ucs2(byte[] ud, int offset, int length) {
        if (length % 2 != 0) return new Result.Undecodable("UCS-2 text with an odd number of octets (" + length + ")", false);
        try {
            // UTF-16BE covers UCS-2 and the surrogate pairs phones send for emoji; a lone surrogate is an error
            String text = StandardCharsets.UTF_16BE.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(ud, offset, length)).toString();
            return new Result.Text(text);
        } catch (CharacterCodingException e) {
            return new Result.Undecodable("invalid UTF-16 (unpaired surrogate)", false);
        }
    }

    private static String hex(int dc) {
        return String.format("%02X", dc);
    }
}
