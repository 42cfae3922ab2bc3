package id.lapor.gateway.channel.sms;

import java.util.Optional;

/**
 * The GSM 03.38 default alphabet (3GPP TS 23.038 §6.2.1) with its extension table (reached by the
 * escape septet 0x1B: {@code € [ ] { } ^ \ | ~} and form feed), 7-bit packed and unpacked.
 * SMSCs send {@code data_coding} 0 either way, so the packing is configured per bind.
 */
public final class Gsm7 {

    private Gsm7() {}

    static final int ESCAPE = 0x1B;

    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    static {
        if (BASIC.length() != 128) throw new ExceptionInInitializerError("GSM basic table has " + BASIC.length());
    }

    /** The extension table: {@code EXTENSION_CHARS[i]} is written as ESC followed by {@code EXTENSION_SEPTETS[i]}. */
    private static final String EXTENSION_CHARS = "\f^{}\\[~]|€";
    private static final int[] EXTENSION_SEPTETS = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    /** The character ESC + {@code septet} stands for, or 0 when the extension table has none. */
    private static char extension(int septet) {
        for (int i = 0; i < EXTENSION_SEPTETS.length; i++) {
            if (EXTENSION_SEPTETS[i] == septet) return EXTENSION_CHARS.charAt(i);
        }
        return 0;
    }

    /**
     * Decodes septets, one per octet (the unpacked form most SMSCs use over SMPP). Empty when an
     * octet has its high bit set, which is not GSM-7.
     */
    public static Optional<String> decodeUnpacked(byte[] octets, int offset, int length) {
        int[] septets = new int[length];
        for (int i = 0; i < length; i++) {
            int b = octets[offset + i] & 0xFF;
            if (b > 0x7F) return Optional.empty();
            septets[i] = b;
        }
        return Optional.of(toText(septets, septets.length));
    }

    /**
     * Decodes packed septets (8 septets in 7 octets, LSB first). {@code fillBits} skips the padding
     * after a user data header so the text starts on a septet boundary; {@code septetCount} is the
     * number of septets to read, or -1 for as many as the octets hold (a trailing 0x00 that only
     * pads the last octet is dropped, and a trailing CR used as padding is kept out of the text).
     */
    public static String decodePacked(byte[] octets, int offset, int length, int fillBits, int septetCount) {
        int totalBits = length * 8 - fillBits;
        int available = Math.max(0, totalBits / 7);
        int count = septetCount < 0 ? available : Math.min(septetCount, available);
        int[] septets = new int[count];
        for (int i = 0; i < count; i++) {
            int bit = fillBits + i * 7;
            int index = offset + bit / 8;
            int shift = bit % 8;
            int value = (octets[index] & 0xFF) >> shift;
            if (shift > 1 && index + 1 < offset + length) value |= (octets[index + 1] & 0xFF) << (8 - shift);
            septets[i] = value & 0x7F;
        }
        // 3GPP 23.038 §6.1.2.3.1: CR (or nothing) padding the last octet is not text. The last septet is
        // such padding only when the bits after the fill bits are a whole number of septets, i.e. when
        // 7 spare bits closed the last octet; with fill bits after a UDH that is not count % 8 == 0
        // (fiorix/go-smpp#108, cloudhopper-smpp#62: a stray '@' at the end of a part).
        if (septetCount < 0 && count > 0 && totalBits % 7 == 0 && (septets[count - 1] == 0x0D || septets[count - 1] == 0)) {
            count--;
        }
        return toText(septets, count);
    }

    private static String toText(int[] septets, int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            int s = septets[i];
            if (s == ESCAPE) {
                if (i + 1 < count) {
                    char ext = extension(septets[++i]);
                    // an unknown extension shows the basic character (23.038: "display the default character")
                    out.append(ext != 0 ? ext : BASIC.charAt(septets[i]));
                } else {
                    out.append(' '); // a lone escape at the end: 23.038 says display a space
                }
            } else {
                out.append(BASIC.charAt(s));
            }
        }
        return out.toString();
    }

    /** Septets needed for the text in GSM-7 (extension characters take two), or -1 if it is not all GSM-7. */
    public static int septets(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\u001B' && BASIC.indexOf(c) >= 0) n++;
            else if (EXTENSION_CHARS.indexOf(c) >= 0) n += 2;
            else return -1;
        }
        return n;
    }

    /** Encodes GSM-7 text unpacked (one septet per octet), for replies; callers check {@link #septets} first. */
    public static byte[] encodeUnpacked(CharSequence text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = c == '\u001B' ? -1 : BASIC.indexOf(c);
            if (basic >= 0) {
                out.write(basic);
                continue;
            }
            int ext = EXTENSION_CHARS.indexOf(c);
            if (ext < 0) throw new IllegalArgumentException("not GSM-7: U+" + Integer.toHexString(c));
            out.write(ESCAPE);
            out.write(EXTENSION_SEPTETS[ext]);
        }
        return out.toByteArray();
    }

    /** Packs unpacked septets 8 into 7 octets (3GPP TS 23.038 §6.1.2.1.1), without fill bits. */
    public static byte[] pack(byte[] septets) {
        byte[] out = new byte[(septets.length * 7 + 7) / 8];
        int bit = 0;
        for (byte septet : septets) {
            int v = septet & 0x7F;
            int octet = bit / 8;
            int shift = bit % 8;
            out[octet] |= (byte) (v << shift);
            if (shift > 1 && octet + 1 < out.length) out[octet + 1] |= (byte) (v >> (8 - shift));
            bit += 7;
        }
        return out;
    }
}
