package id.lapor.gateway.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Fingerprints used for dedup. */
public final class TextFingerprint {

    private TextFingerprint() {}

    /**
     * Content fingerprint: the text folded to lower case, accents removed, every run of
     * non-letters/digits collapsed to one space. "Jalan RUSAK!!  di Ampenan" and
     * "jalan rusak di ampenan" are the same complaint.
     */
    public static String contentHash(String title, String content) {
        return sha256Hex(normalise((content == null || content.isBlank()) ? title : content));
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");

    static String normalise(String text) {
        if (text == null) return "";
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
        return NOT_LETTER_OR_DIGIT.matcher(folded).replaceAll(" ").strip();
    }

    /** Transport key: one provider message on one channel instance from one sender. */
    public static String transportKey(String channel, String instance, String senderKey, String externalId) {
        if (externalId == null || externalId.isBlank()) return null;
        return sha256Hex(channel + '\u0000' + instance + '\u0000' + senderKey + '\u0000' + externalId);
    }

    public static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
