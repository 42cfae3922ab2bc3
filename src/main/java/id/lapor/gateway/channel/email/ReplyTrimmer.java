package id.lapor.gateway.channel.email;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes what a mail client adds below the citizen's own words: quoted reply history ("On … wrote:",
 * "Pada … menulis:", Outlook's "-----Original Message-----" or "From:/Sent:" block, lines quoted with
 * "&gt;") and the signature ("-- " line, "Sent from my iPhone", "Dikirim dari …"). A forwarded message
 * is content, not history: nothing from a forward marker on is removed. If trimming would leave
 * nothing, the text is kept as it was (the raw message is kept either way).
 */
public final class ReplyTrimmer {

    private static final Pattern FORWARD = Pattern.compile("(?i)^\\s*-{2,}\\s*(forwarded message|pesan terusan|pesan yang diteruskan)\\s*-{2,}\\s*$|(?i)^\\s*begin forwarded message:?\\s*$");
    private static final Pattern WROTE = Pattern.compile("(?i)^\\s*(on\\b.*\\bwrote:|pada\\b.*\\bmenulis:|le\\b.*\\ba écrit\\s*:|am\\b.*\\bschrieb.*:)\\s*$");
    private static final Pattern WROTE_START = Pattern.compile("(?i)^\\s*(on|pada)\\s.{6,}$");
    private static final Pattern WROTE_END = Pattern.compile("(?i)^.*\\b(wrote|menulis):\\s*$");
    private static final Pattern ORIGINAL = Pattern.compile("(?i)^\\s*-{3,}\\s*(original message|pesan asli)\\s*-{3,}\\s*$");
    private static final Pattern OUTLOOK_RULE = Pattern.compile("^\\s*_{10,}\\s*$");
    private static final Pattern HEADER_FROM = Pattern.compile("(?i)^\\s*\\*?(from|dari)\\s*:\\*?\\s+.+");
    private static final Pattern HEADER_SENT = Pattern.compile("(?i)^\\s*\\*?(sent|date|dikirim|tanggal|to|kepada|subject|perihal|subjek)\\s*:\\*?\\s*.*");
    private static final Pattern SIGNATURE_RULE = Pattern.compile("^-- ?$");
    private static final Pattern MOBILE_SIGNATURE = Pattern.compile(
            "(?i)^\\s*(sent from my\\b.*|sent from (yahoo|mail for|outlook|samsung).*|get outlook for\\b.*|dikirim dari\\b.*|kirim dari\\b.*|dikirim melalui\\b.*|sent via\\b.*)\\s*$");

    private ReplyTrimmer() {}

    public static String trim(String text) {
        if (text == null || text.isBlank()) return text == null ? "" : text.strip();
        List<String> lines = new ArrayList<>(Arrays.asList(text.replace("\r\n", "\n").split("\n", -1)));
        int forward = firstMatch(lines, FORWARD);
        int limit = forward < 0 ? lines.size() : forward;
        int cut = historyStart(lines, limit);
        List<String> own = new ArrayList<>(lines.subList(0, cut < 0 ? limit : cut));
        dropSignature(own);
        while (!own.isEmpty() && (own.get(own.size() - 1).isBlank() || own.get(own.size() - 1).startsWith(">"))) own.remove(own.size() - 1);
        List<String> kept = new ArrayList<>(own);
        if (forward >= 0) {
            if (!kept.isEmpty()) kept.add("");
            kept.addAll(lines.subList(forward, lines.size()));
        }
        String result = String.join("\n", kept).strip();
        return result.isEmpty() ? text.strip() : result;
    }

    /** Index of the first line of quoted history before {@code limit}, or -1. */
    private static int historyStart(List<String> lines, int limit) {
        for (int i = 0; i < limit; i++) {
            String line = lines.get(i);
            if (WROTE.matcher(line).matches() || ORIGINAL.matcher(line).matches()) return i;
            // "On Mon, 3 Jun 2024 at 10:00, Budi <budi@example.com>" wrapped before "wrote:"
            if (WROTE_START.matcher(line).matches() && i + 1 < limit && WROTE_END.matcher(lines.get(i + 1)).matches()
                    && !lines.get(i + 1).isBlank()) return i;
            if (HEADER_FROM.matcher(line).matches() && followedByHeaders(lines, i + 1, limit)) {
                return i > 0 && OUTLOOK_RULE.matcher(lines.get(i - 1)).matches() ? i - 1 : i;
            }
            if (OUTLOOK_RULE.matcher(line).matches() && i + 1 < limit && HEADER_FROM.matcher(lines.get(i + 1)).matches()) return i;
            if (line.startsWith(">") && allQuotedOrBlank(lines, i, limit)) return i;
        }
        return -1;
    }

    private static boolean followedByHeaders(List<String> lines, int from, int limit) {
        int headers = 0;
        for (int j = from; j < Math.min(limit, from + 4); j++) {
            if (HEADER_SENT.matcher(lines.get(j)).matches()) headers++;
        }
        return headers >= 2;
    }

    private static boolean allQuotedOrBlank(List<String> lines, int from, int limit) {
        for (int j = from; j < limit; j++) {
            String l = lines.get(j);
            if (!l.isBlank() && !l.startsWith(">")) return false;
        }
        return true;
    }

    private static void dropSignature(List<String> own) {
        for (int i = own.size() - 1; i >= 0 && i >= own.size() - 12; i--) {
            if (SIGNATURE_RULE.matcher(own.get(i)).matches()) {
                own.subList(i, own.size()).clear();
                return;
            }
        }
        for (int i = own.size() - 1; i >= 0 && i >= own.size() - 4; i--) {
            if (MOBILE_SIGNATURE.matcher(own.get(i)).matches()) {
                own.subList(i, own.size()).clear();
                return;
            }
        }
    }

    private static int firstMatch(List<String> lines, Pattern p) {
        for (int i = 0; i < lines.size(); i++) if (p.matcher(lines.get(i)).matches()) return i;
        return -1;
    }
}
