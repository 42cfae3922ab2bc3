package id.lapor.gateway.console;

import id.lapor.gateway.intake.MediaTypes;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Raw input shown safely: bytes that are valid UTF-8 text become a string with every control character
 * other than tab and line breaks written as {@code \\uXXXX} (the template escapes the rest, so markup is
 * shown as text); anything else is described by size and media type (Tika, {@code intake.MediaTypes})
 * and never decoded.
 *
 * @param text      the text to show, or null for binary input
 * @param size      bytes
 * @param mediaType the declared type, else the detected one
 * @param truncated true when only the first {@link #MAX_CHARS} characters are in {@code text}
 */
public record RawView(String text, long size, String mediaType, boolean truncated) {

    /** Most characters shown on a page; the whole input stays downloadable. */
    public static final int MAX_CHARS = 64 * 1024;

    public static RawView of(byte[] bytes, String declaredType) {
        String type = declaredType != null ? declaredType : MediaTypes.detect(bytes);
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new RawView(null, bytes.length, type, false);
        }
        long controls = decoded.chars().filter(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r').count();
        // mostly control characters: a binary format that happens to be valid UTF-8 (an SMS PDU)
        if (decoded.length() > 0 && controls * 10 > decoded.length()) return new RawView(null, bytes.length, type, false);
        boolean cut = decoded.length() > MAX_CHARS;
        return new RawView(visible(cut ? decoded.substring(0, MAX_CHARS) : decoded), bytes.length, type, cut);
    }

    /**
     * Control characters (but tab, CR, LF), line/paragraph separators and the Unicode bidirectional controls
     * (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) as {@code \\u202e}, so none reaches the page as such:
     * a file name {@code surat<U+202E>fdp.exe} would otherwise read "suratexe.pdf" (the "Trojan Source" trick,
     * CVE-2021-42574; the list of bidi controls is Unicode's UAX #9).
     */
    public static String visible(String s) {
        if (s == null) return null;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if ((Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r')
                    || c == 0x2028 || c == 0x2029 || id.lapor.gateway.intake.TextHygiene.isBidiControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
