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

    /** As {@link id.lapor.gateway.intake.TextHygiene#visible}: invisible and direction-changing characters as {@code \\u202e}. */
    public static String visible(String s) {
        return id.lapor.gateway.intake.TextHygiene.visible(s);
    }
}
