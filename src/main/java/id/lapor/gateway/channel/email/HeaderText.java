package id.lapor.gateway.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mail header text read the way mail clients read it, in two repairs made before Jakarta Mail's own
 * decoders ({@link MimeUtility#decodeText}, {@code InternetAddress}) do the rest:
 * <ol>
 * <li><b>Raw 8-bit bytes</b> (RFC 6532 UTF-8 headers, or a legacy mailer's Latin-1): Jakarta Mail
 * hands them over one byte per char (ISO-8859-1). They are read again as UTF-8 when they are valid
 * UTF-8, else as Windows-1252 (what browsers and mail clients read "Latin-1" as, WHATWG Encoding),
 * and the guess is flagged {@code EMAIL_HEADER_CHARSET_GUESSED:<UTF-8|WINDOWS-1252>}.</li>
 * <li><b>Adjacent encoded-words of one charset</b> (RFC 2047 §6.2: the white space between them is not
 * text) are joined into ONE encoded-word at byte level before decoding, so a character a mailer
 * split across two words (Outlook folds mid-character: zammad/zammad#2953) is decoded whole. Jakarta
 * Mail decodes each word alone and turns each half into U+FFFD; that is the one thing done here by
 * hand. The joined word is re-encoded in base64 ({@link Base64}) and decoded by Jakarta Mail.</li>
 * </ol>
 * Text that still does not decode (U+FFFD appears where the header had none) is flagged
 * {@code EMAIL_HEADER_UNDECODABLE:<header>}.
 */
public final class HeaderText {

    /** RFC 2047 encoded-word: charset (with an RFC 2231 language suffix), B or Q, encoded text. */
    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    private static final Pattern WSP = Pattern.compile("[ \\t\\r\\n]*");
    private static final Pattern FOLD = Pattern.compile("\\r?\\n(?=[ \\t])");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private HeaderText() {}

    /**
     * A raw header value (as {@code getHeader} returns it, folded or not) with its 8-bit bytes read
     * again and its adjacent same-charset encoded-words joined; still encoded, ready for Jakarta
     * Mail's decoders (a From header then goes to {@code InternetAddress.parseHeader}).
     */
    public static String prepare(String raw, Set<String> problems) {
        if (raw == null) return null;
        String unfolded = FOLD.matcher(raw).replaceAll("");
        return joinWords(eightBit(unfolded, problems));
    }

    /**
     * {@link #prepare} then decoded to text (a Subject, a filename given as encoded-words); {@code header}
     * names the header in an {@code EMAIL_HEADER_UNDECODABLE} flag (e.g. {@code Subject}).
     */
    public static String decode(String raw, String header, Set<String> problems) {
        if (raw == null) return null;
        String prepared = prepare(raw, problems);
        String text;
        try {
            text = MimeUtility.decodeText(prepared);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            problems.add("EMAIL_HEADER_UNDECODABLE:" + header);
            return prepared;
        }
        checkDecoded(raw, text, header, problems);
        return text;
    }

    /** Flags text in which U+FFFD appeared in decoding (bytes the declared charset cannot read). */
    public static void checkDecoded(String raw, String text, String header, Set<String> problems) {
        if (text != null && text.indexOf('\uFFFD') >= 0 && raw.indexOf('\uFFFD') < 0) problems.add("EMAIL_HEADER_UNDECODABLE:" + header);
    }

    /** Bytes above 0x7F carried one per char: read again as UTF-8 if valid, else Windows-1252, and flagged. */
    static String eightBit(String s, Set<String> problems) {
        boolean high = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) return s; // already text (a decoded parameter), not bytes
            if (c > 0x7F) high = true;
        }
        if (!high) return s;
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        String utf8 = MailReader.strictly(bytes, StandardCharsets.UTF_8);
        problems.add("EMAIL_HEADER_CHARSET_GUESSED:" + (utf8 != null ? "UTF-8" : "WINDOWS-1252"));
        return utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
    }

    /** Each run of encoded-words of one charset, separated by white space only, becomes one base64 word. */
    static String joinWords(String s) {
        Matcher m = WORD.matcher(s);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int searchFrom = 0;
        while (m.find(searchFrom)) {
            int runStart = m.start();
            String charset = m.group(1);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int words = 0;
            int runEnd = m.end();
            boolean ok = true;
            do {
                byte[] b = wordBytes(m.group(2), m.group(3));
                if (b == null) {
                    ok = false;
                    break;
                }
                bytes.writeBytes(b);
                words++;
                runEnd = m.end();
            } while (nextAdjacent(s, m, runEnd, charset));
            if (ok && words > 1) {
                out.append(s, copied, runStart).append("=?").append(charset).append("?B?")
                        .append(Base64.getEncoder().encodeToString(bytes.toByteArray())).append("?=");
                copied = runEnd;
            }
            searchFrom = Math.max(runEnd, runStart + 1);
            if (searchFrom >= s.length()) break;
        }
        return copied == 0 ? s : out.append(s.substring(copied)).toString();
    }

    /** Whether the next encoded-word follows {@code from} after white space only and has the same charset. */
    private static boolean nextAdjacent(String s, Matcher m, int from, String charset) {
        Matcher gap = WSP.matcher(s).region(from, s.length());
        if (!gap.lookingAt()) return false;
        int next = gap.end();
        if (next >= s.length() || !m.find(next) || m.start() != next) return false;
        return m.group(1).equalsIgnoreCase(charset);
    }

    /** The bytes an encoded-word stands for: B through the JDK's base64, Q through Jakarta Mail's quoted-printable. */
    private static byte[] wordBytes(String encoding, String text) {
        try {
            if (encoding.equalsIgnoreCase("B")) return Base64.getMimeDecoder().decode(text);
            // RFC 2047 §4.2: Q is quoted-printable with "_" for a space
            InputStream in = MimeUtility.decode(new ByteArrayInputStream(text.replace("_", "=20").getBytes(StandardCharsets.US_ASCII)),
                    "quoted-printable");
            return in.readAllBytes();
        } catch (IllegalArgumentException | MessagingException | IOException e) {
            return null;
        }
    }
}
