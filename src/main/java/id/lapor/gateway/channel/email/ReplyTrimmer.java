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
 *
 * <p>Only <em>trailing</em> history is removed, and only what looks like a real one: a header block
 * counts when its From/Dari line carries an e-mail address (or follows Outlook's rule of underscores)
 * and a Sent/Date/Dikirim/Terkirim/Tanggal line carries a time of day, so a letter typed with "Dari:",
 * "Tanggal:", "Perihal:" lines is the citizen's text (zulip/zulip#22585); a "wrote:" line followed by
 * quoted lines and then unquoted text is an inline reply and is kept whole. Every cut is reported as a
 * flag naming the lines cut, 1-based in the text as read, and the text's line count:
 * {@code EMAIL_HISTORY_TRIMMED:<first>-<last>/<lines>} and {@code EMAIL_SIGNATURE_TRIMMED:<first>-<last>/<lines>}.
 */
public final class ReplyTrimmer {

    private static final Pattern FORWARD = Pattern.compile("(?i)^\\s*-{2,}\\s*(forwarded message|pesan terusan|pesan yang diteruskan)\\s*-{2,}\\s*$|(?i)^\\s*begin forwarded message:?\\s*$");
    private static final Pattern WROTE = Pattern.compile("(?i)^\\s*(on\\b.*\\bwrote:|pada\\b.*\\bmenulis:|le\\b.*\\ba écrit\\s*:|am\\b.*\\bschrieb.*:)\\s*$");
    private static final Pattern WROTE_START = Pattern.compile("(?i)^\\s*(on|pada)\\s.{6,}$");
    private static final Pattern WROTE_END = Pattern.compile("(?i)^.*\\b(wrote|menulis):\\s*$");
    private static final Pattern ORIGINAL = Pattern.compile("(?i)^\\s*-{3,}\\s*(original message|pesan asli)\\s*-{3,}\\s*$");
    private static final Pattern OUTLOOK_RULE = Pattern.compile("^\\s*_{10,}\\s*$");
    private static final Pattern HEADER_FROM = Pattern.compile("(?i)^\\s*\\*?(from|dari)\\s*:\\*?\\s+.+");
    private static final Pattern HEADER_SENT = Pattern.compile("(?i)^\\s*\\*?(sent|date|dikirim|terkirim|tanggal|to|kepada|cc|subject|perihal|subjek)\\s*:\\*?\\s*.*");
    /** The Sent/Date line of a real header block: a date with a time of day ("10:00 AM", "10.00", "10:00:05"). */
    private static final Pattern HEADER_SENT_AT = Pattern.compile("(?i)^\\s*\\*?(sent|date|dikirim|terkirim|tanggal)\\s*:\\*?\\s*.*\\b\\d{1,2}[:.]\\d{2}\\b.*");
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s<>\\[\\]()]+@[^@\\s<>\\[\\]()]+\\.[A-Za-z]{2,}");
    private static final Pattern SIGNATURE_RULE = Pattern.compile("^-- ?$");
    private static final Pattern MOBILE_SIGNATURE = Pattern.compile(
            "(?i)^\\s*(sent from my\\b.*|sent from (yahoo|mail for|outlook|samsung).*|get outlook for\\b.*|dikirim dari\\b.*|kirim dari\\b.*|dikirim melalui\\b.*|sent via\\b.*)\\s*$");

    private ReplyTrimmer() {}

    /** The citizen's own text and a flag for each cut ({@link ReplyTrimmer}). */
    public record Trimmed(String text, List<String> flags) {}

    /** {@link #trimmed} without its flags. */
    public static String trim(String text) {
        return trimmed(text).text();
    }

    /** The citizen's own text of a mail body (lines split on LF or CRLF), and what was cut as flags. */
    public static Trimmed trimmed(String text) {
        if (text == null || text.isBlank()) return new Trimmed(text == null ? "" : text.strip(), List.of());
        List<String> lines = new ArrayList<>(Arrays.asList(text.replace("\r\n", "\n").split("\n", -1)));
        int total = lines.size();
        while (total > 0 && lines.get(total - 1).isBlank()) total--;
        int forward = firstMatch(lines, FORWARD);
        int limit = forward < 0 ? lines.size() : forward;
        int cut = historyStart(lines, limit);
        List<String> own = new ArrayList<>(lines.subList(0, cut < 0 ? limit : cut));
        int signature = dropSignature(own);
        int end = own.size();
        while (!own.isEmpty() && (own.get(own.size() - 1).isBlank() || own.get(own.size() - 1).startsWith(">"))) own.remove(own.size() - 1);
        List<String> kept = new ArrayList<>(own);
        if (forward >= 0) {
            if (!kept.isEmpty()) kept.add("");
            kept.addAll(lines.subList(forward, lines.size()));
        }
        String result = String.join("\n", kept).strip();
        if (result.isEmpty()) return new Trimmed(text.strip(), List.of());
        List<String> flags = new ArrayList<>();
        int historyEnd = Math.min(limit, total);
        if (cut >= 0 && lastText(lines, cut, historyEnd) >= 0) {
            flags.add("EMAIL_HISTORY_TRIMMED:" + (firstText(lines, cut, historyEnd) + 1) + "-" + (lastText(lines, cut, historyEnd) + 1) + "/" + total);
        } else if (lastQuoted(lines, own.size(), end) >= 0) {
            // quoted lines trailing the own text (a bare "> …" tail without a "wrote:" line)
            flags.add("EMAIL_HISTORY_TRIMMED:" + (firstText(lines, own.size(), end) + 1) + "-" + (lastText(lines, own.size(), end) + 1) + "/" + total);
        }
        if (signature >= 0) {
            int sigEnd = cut >= 0 ? cut : limit;
            flags.add("EMAIL_SIGNATURE_TRIMMED:" + (signature + 1) + "-" + (lastText(lines, signature, sigEnd) + 1) + "/" + total);
        }
        return new Trimmed(result, List.copyOf(flags));
    }

    private static int firstText(List<String> lines, int from, int to) {
        for (int i = from; i < to; i++) if (!lines.get(i).isBlank()) return i;
        return -1;
    }

    private static int lastText(List<String> lines, int from, int to) {
        for (int i = to - 1; i >= from; i--) if (!lines.get(i).isBlank()) return i;
        return -1;
    }

    private static int lastQuoted(List<String> lines, int from, int to) {
        for (int i = to - 1; i >= from; i--) if (lines.get(i).startsWith(">")) return i;
        return -1;
    }

    /** Index of the first line of quoted history before {@code limit}, or -1. */
    private static int historyStart(List<String> lines, int limit) {
        for (int i = 0; i < limit; i++) {
            String line = lines.get(i);
            if (ORIGINAL.matcher(line).matches()) return i;
            if (WROTE.matcher(line).matches() && !textAfterQuote(lines, i + 1, limit)) return i;
            // "On Mon, 3 Jun 2024 at 10:00, Budi <budi@example.com>" wrapped before "wrote:"
            if (WROTE_START.matcher(line).matches() && i + 1 < limit && WROTE_END.matcher(lines.get(i + 1)).matches()
                    && !lines.get(i + 1).isBlank() && !textAfterQuote(lines, i + 2, limit)) return i;
            boolean ruled = i > 0 && OUTLOOK_RULE.matcher(lines.get(i - 1)).matches();
            if (HEADER_FROM.matcher(line).matches() && (ruled || EMAIL_ADDRESS.matcher(line).find()) && followedByHeaders(lines, i + 1, limit)) {
                return ruled ? i - 1 : i;
            }
            if (line.startsWith(">") && allQuotedOrBlank(lines, i, limit)) return i;
        }
        return -1;
    }

    /** Two header lines among the next four, one of them a Sent/Date line with a time of day. */
    private static boolean followedByHeaders(List<String> lines, int from, int limit) {
        int headers = 0;
        boolean sentAt = false;
        for (int j = from; j < Math.min(limit, from + 4); j++) {
            if (HEADER_SENT.matcher(lines.get(j)).matches()) headers++;
            if (HEADER_SENT_AT.matcher(lines.get(j)).matches()) sentAt = true;
        }
        return headers >= 2 && sentAt;
    }

    /** Whether quoted lines from {@code from} on are followed by unquoted text (an inline reply, all of it the citizen's). */
    private static boolean textAfterQuote(List<String> lines, int from, int limit) {
        boolean quoted = false;
        for (int j = from; j < limit; j++) {
            String l = lines.get(j);
            if (l.startsWith(">")) quoted = true;
            else if (quoted && !l.isBlank() && !SIGNATURE_RULE.matcher(l).matches() && !MOBILE_SIGNATURE.matcher(l).matches()) return true;
        }
        return false;
    }

    private static boolean allQuotedOrBlank(List<String> lines, int from, int limit) {
        for (int j = from; j < limit; j++) {
            String l = lines.get(j);
            if (!l.isBlank() && !l.startsWith(">")) return false;
        }
        return true;
    }

    /** Drops a trailing signature from {@code own}; returns the index of its first line, or -1. */
    private static int dropSignature(List<String> own) {
        for (int i = own.size() - 1; i >= 0 && i >= own.size() - 12; i--) {
            if (SIGNATURE_RULE.matcher(own.get(i)).matches()) {
                own.subList(i, own.size()).clear();
                return i;
            }
        }
        for (int i = own.size() - 1; i >= 0 && i >= own.size() - 4; i--) {
            if (MOBILE_SIGNATURE.matcher(own.get(i)).matches()) {
                own.subList(i, own.size()).clear();
                return i;
            }
        }
        return -1;
    }

    private static int firstMatch(List<String> lines, Pattern p) {
        for (int i = 0; i < lines.size(); i++) if (p.matcher(lines.get(i)).matches()) return i;
        return -1;
    }
}
