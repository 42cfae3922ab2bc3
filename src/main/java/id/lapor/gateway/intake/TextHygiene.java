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
}
