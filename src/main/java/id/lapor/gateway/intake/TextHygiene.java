package id.lapor.gateway.intake;

import java.util.regex.Pattern;

/**
 * What intake does to every text before it is stored: NUL and other control characters (except
 * tab and line breaks) and unpaired UTF-16 surrogates are removed, line breaks normalised to \n,
 * trailing white space trimmed. Emoji (valid surrogate pairs) are kept.
 */
public final class TextHygiene {

    private TextHygiene() {}

    public static String clean(String s) {
        if (s == null) return null;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                }
                continue;
            }
            if (Character.isLowSurrogate(c)) continue;
            if (c == '\r') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
                out.append('\n');
                continue;
            }
            if (c == '\n' || c == '\t') {
                out.append(c);
                continue;
            }
            if (Character.isISOControl(c) || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF') continue;
            out.append(c);
        }
        return out.toString().strip();
    }

    /**
     * The explicit bidirectional formatting characters of Unicode's UAX #9 (embeddings, overrides, isolates, the
     * LRM/RLM/ALM marks): they make a name read as another ("surat\u202Efdp.exe" shows as "suratexe.pdf", the
     * "Trojan Source" trick, CVE-2021-42574).
     */
    public static boolean isBidiControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * The first {@code max} characters of {@code s} (UTF-16 units), one fewer when the last would be the first half
     * of a surrogate pair, so an emoji is never cut in two; {@code s} itself when it is short enough.
     */
    public static String cut(String s, int max) {
        if (s.length() <= max) return s;
        return s.substring(0, max > 0 && Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
    }

    /**
     * A file's own name as a sender gave it: without folders (either slash), control characters, bidirectional
     * controls ("surat\u202Efdp.exe" was shown to admins as "suratexe.pdf") and outer spaces, at most 200 characters
     * (the end kept, so the extension stays); null when nothing is left.
     */
    public static String fileName(String given) {
        if (given == null) return null;
        String name = given.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).codePoints().filter(c -> !Character.isISOControl(c) && !isBidiControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (name.isEmpty()) return null;
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** A title from the first words of a text, at most {@code max} characters, cut at a word boundary. */
    public static String titleFrom(String text, int max) {
        if (text == null) return null;
        String oneLine = WHITESPACE.matcher(text.strip()).replaceAll(" ");
        if (oneLine.length() <= max) return oneLine;
        int cut = oneLine.lastIndexOf(' ', max - 1);
        if (cut < max / 2) cut = max - 1;
        return oneLine.substring(0, cut).strip() + "…";
    }

    /**
     * Control characters (but tab, CR, LF), line/paragraph separators and the Unicode bidirectional controls
     * (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) as {@code \\u202e}, so none reaches a page (the console's,
     * the audit log's) as such: a file name {@code surat<U+202E>fdp.exe} would otherwise read "suratexe.pdf" (the "Trojan Source" trick,
     * CVE-2021-42574; the list of bidi controls is Unicode's UAX #9).
     */
    public static String visible(String s) {
        if (s == null) return null;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if ((Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r')
                    || c == 0x2028 || c == 0x2029 || isBidiControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
