package id.lapor.gateway.channel.letter;

import id.lapor.gateway.intake.PhoneNumbers;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the parts of an Indonesian letter (surat) off its text, by the conventions letters follow.
 * Each heuristic looks for one thing and leaves it empty when it is not there: nothing is guessed.
 * <ul>
 *   <li><b>title</b>: the {@code Perihal:} / {@code Hal:} line;</li>
 *   <li><b>place and date</b>: a line like {@code Mataram, 5 Juni 2024} (Indonesian or English month
 *       names and their short forms, or 05-06-2024), also after {@code Tanggal:};</li>
 *   <li><b>addressee</b>: the block opened by {@code Kepada Yth.} / {@code Yth.} up to the next blank
 *       line, without the {@code di tempat} line;</li>
 *   <li><b>body</b>: from after the salutation ({@code Dengan hormat,}, {@code Assalamu'alaikum …}) or
 *       the header, up to the closing ({@code Hormat saya,}, {@code Hormat kami,}, {@code Salam hormat,},
 *       {@code Wassalam}) or a place-and-date line above the signature; so letterhead and signature
 *       block are left out; lines of a paragraph are joined;</li>
 *   <li><b>sender name</b>: the first line under the closing that reads as a name ({@code (Ahmad)},
 *       {@code ttd} and lines with digits skipped), else a labelled {@code Nama:} line;</li>
 *   <li><b>address</b>: a labelled {@code Alamat:} line;</li>
 *   <li><b>phones</b>: mobile numbers anywhere (08…, 628…, +628…) and numbers after Telp/HP/WA labels,
 *       in E.164; a 16-digit NIK is not a phone number;</li>
 *   <li><b>email</b>: the first address in the text;</li>
 *   <li><b>confidential</b>: a {@code Sifat: Rahasia} line.</li>
 * </ul>
 */
public final class LetterUnderstanding {

    /** What was found; null or empty for what was not. */
    public record Fields(String title, String senderName, String address, List<String> phones, String email,
                         String place, LocalDate date, String addressee, String body, boolean confidential) {}

    private static final Map<String, Integer> MONTHS = months();
    private static final String MONTH = "(januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember"
            + "|january|february|march|may|june|july|august|october|december|jan|feb|peb|mar|apr|jun|jul|agu|agt|ags|aug|sep|sept|okt|oct|nov|nop|des|dec)\\.?";
    private static final Pattern PLACE_DATE = Pattern.compile(
            "^(?:tanggal\\s*[:.]?\\s*)?(?:([\\p{L}][\\p{L} .'-]{1,40}?)\\s*,\\s*)?(?:(\\d{1,2})\\s+" + MONTH + "\\s+(\\d{4})"
                    + "|(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{4}))\\s*\\.?$", Pattern.CASE_INSENSITIVE);
    /** "Perihal" with or without a colon; "Hal" only with one ("Hal ini …" and "Halaman 2" are not subjects). */
    private static final Pattern SUBJECT = Pattern.compile("^(?:(?:perihal|prihal)\\b\\s*[:.;]?|hal\\s*[:.;])\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADDRESSEE = Pattern.compile(
            "^(?:kepada\\s*(?:yth\\.?|yang\\s+terhormat)?|yth\\.?|yang\\s+terhormat)\\s*[:,.]?\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SALUTATION = Pattern.compile(
            "^(dengan\\s+hormat|assalamu.?alaikum.*|salam\\s+sejahtera.*|om\\s+swastiastu.*)\\s*[,.!]?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLOSING = Pattern.compile(
            "^(hormat\\s+(saya|kami)|salam\\s+hormat|wassalam.*|pelapor|tertanda|yang\\s+membuat\\s+(surat|laporan|pengaduan))\\s*[,.]?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("^[\\p{L}][\\p{L} .,'-]{1,60}$");
    private static final Pattern NOT_A_NAME = Pattern.compile("(?i)^(ttd\\.?|tanda tangan|meterai.*|materai.*|pelapor|nama terang)$");
    private static final Pattern NAME_LABEL = Pattern.compile("^nama(?:\\s+lengkap|\\s+pelapor)?\\s*[:.]\\s*(.+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADDRESS_LABEL = Pattern.compile("^alamat(?:\\s+rumah|\\s+lengkap|\\s+pelapor)?\\s*[:.]\\s*(.+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern MOBILE = Pattern.compile("(?<![\\d+])(?:\\+62|62|0)[\\s.-]?8\\d(?:[\\s.-]?\\d){6,11}(?!\\d)");
    private static final Pattern PHONE_LABEL = Pattern.compile(
            "(?i)\\b(?:telp|telepon|tlp|hp|no\\.?\\s*hp|no\\.?\\s*telp|wa|whatsapp)\\.?\\s*(?:/\\s*(?:hp|wa)\\.?\\s*)?[:.]?\\s*(\\+?[\\d(][\\d\\s().-]{6,20}\\d)");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern CONFIDENTIAL = Pattern.compile("^sifat\\s*[:.]?\\s*(sangat\\s+)?rahasia\\b.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST_ITEM = Pattern.compile("^(\\d{1,2}[.)]|[a-z][.)]|[-•*])\\s+.*|^[\\p{L} .]{2,30}\\s*:\\s+.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_LINE = Pattern.compile("^(nomor|no\\.?|lampiran|lamp\\.?|sifat)\\s*[:.].*$", Pattern.CASE_INSENSITIVE);

    public Fields understand(String text) {
        List<String> lines = new ArrayList<>();
        for (String l : (text == null ? "" : text).split("\\R")) lines.add(l.strip().replaceAll("[ \\t]+", " "));

        String title = null;
        int subjectAt = -1;
        String place = null;
        LocalDate date = null;
        int dateAt = -1;
        int addresseeAt = -1;
        int addresseeEnd = -1;
        String addressee = null;
        int salutationAt = -1;
        int closingAt = -1;
        boolean confidential = false;

        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher m;
            if (subjectAt < 0 && (m = SUBJECT.matcher(l)).matches()) {
                String t = m.group(1).strip();
                if (t.isEmpty() && i + 1 < lines.size()) t = lines.get(i + 1);
                t = t.replaceAll("[\\s.,;:]+$", "");
                if (!t.isEmpty()) {
                    title = t;
                    subjectAt = i;
                }
            } else if (date == null && (m = PLACE_DATE.matcher(l)).matches()) {
                LocalDate d = date(m);
                if (d != null) {
                    date = d;
                    dateAt = i;
                    place = m.group(1) == null ? null : m.group(1).strip();
                }
            } else if (addresseeAt < 0 && (m = ADDRESSEE.matcher(l)).matches()) {
                addresseeAt = i;
                List<String> block = new ArrayList<>();
                if (!m.group(1).isBlank()) block.add(m.group(1).strip());
                int j = i + 1;
                for (; j < lines.size() && block.size() < 5; j++) {
                    String n = lines.get(j);
                    if (n.isEmpty() || SALUTATION.matcher(n).matches() || SUBJECT.matcher(n).matches()) break;
                    if (!n.toLowerCase(Locale.ROOT).matches("^di\\s*[-.]?\\s*tempat\\W*$")) block.add(n);
                }
                addresseeEnd = j - 1;
                addressee = block.isEmpty() ? null : String.join(", ", block).replaceAll("[,.]\\s*,", ",");
            } else if (salutationAt < 0 && SALUTATION.matcher(l).matches()) {
                salutationAt = i;
            } else if (CLOSING.matcher(l).matches()) {
                closingAt = i;
            }
            if (CONFIDENTIAL.matcher(l).matches()) confidential = true;
        }

        int start;
        if (salutationAt >= 0) start = salutationAt + 1;
        else start = Math.max(Math.max(subjectAt, addresseeEnd), headerEnd(lines, dateAt)) + 1;
        int end = lines.size();
        if (closingAt > start) end = closingAt;
        if (dateAt > start && dateAt < end) end = dateAt;
        String body = reflow(lines.subList(Math.min(start, lines.size()), end));

        String sender = closingAt >= 0 ? signatureName(lines, closingAt) : null;
        String address = null;
        for (String l : lines) {
            Matcher m;
            if (sender == null && (m = NAME_LABEL.matcher(l)).matches() && NAME.matcher(m.group(1).strip()).matches()) {
                sender = m.group(1).strip();
            }
            if (address == null && (m = ADDRESS_LABEL.matcher(l)).matches()) address = m.group(1).strip();
        }
        String all = String.join("\n", lines);
        return new Fields(title, sender, address, phones(all), email(all), place, date, addressee,
                body.isBlank() ? null : body, confidential);
    }

    /** Where a letter without a salutation starts: after the date line when it heads the letter, with the Nomor/Lampiran lines. */
    private static int headerEnd(List<String> lines, int dateAt) {
        int end = -1;
        for (int i = 0; i < Math.min(lines.size(), 15); i++) {
            if (HEADER_LINE.matcher(lines.get(i)).matches()) end = i;
        }
        if (dateAt >= 0 && dateAt < 15) end = Math.max(end, dateAt);
        return end;
    }

    private static String signatureName(List<String> lines, int closingAt) {
        for (int i = closingAt + 1; i < Math.min(lines.size(), closingAt + 8); i++) {
            String l = lines.get(i).replaceAll("^[(\\[_\\s]+|[)\\]_\\s]+$", "").strip();
            // a line ending in a comma is a role above the name ("Perwakilan warga,", "Ketua RT 03,")
            if (l.isEmpty() || l.endsWith(",") || NOT_A_NAME.matcher(l).matches() || l.matches("(?i)^ttd\\.?\\s.*")) continue;
            if (NAME.matcher(l).matches()) return l.replaceAll(",$", "");
            if (l.matches(".*\\d.*")) continue;
            return null;
        }
        return null;
    }

    /** Paragraphs separated by a blank line; lines inside a paragraph joined, list items and "label: value" lines kept apart. */
    static String reflow(List<String> lines) {
        StringBuilder out = new StringBuilder();
        boolean blank = true;
        for (String l : lines) {
            if (l.isEmpty()) {
                if (!blank) out.append("\n\n");
                blank = true;
                continue;
            }
            if (!blank) out.append(LIST_ITEM.matcher(l).matches() ? "\n" : " ");
            out.append(l);
            blank = false;
        }
        return out.toString().strip();
    }

    static List<String> phones(String text) {
        Set<String> found = new LinkedHashSet<>();
        List<int[]> spans = new ArrayList<>();
        Matcher m = MOBILE.matcher(text);
        while (m.find()) spans.add(new int[]{m.start(), m.end()});
        m = PHONE_LABEL.matcher(text);
        while (m.find()) spans.add(new int[]{m.start(1), m.end(1)});
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (int[] s : spans) {
            String raw = text.substring(s[0], s[1]).replaceAll("\\s*\\n.*", "");
            PhoneNumbers.toE164(raw).ifPresent(found::add);
        }
        return List.copyOf(found);
    }

    static String email(String text) {
        Matcher m = EMAIL.matcher(text);
        return m.find() ? m.group().toLowerCase(Locale.ROOT) : null;
    }

    private static LocalDate date(Matcher m) {
        try {
            if (m.group(2) != null) {
                Integer month = MONTHS.get(m.group(3).toLowerCase(Locale.ROOT).replace(".", ""));
                return month == null ? null : LocalDate.of(Integer.parseInt(m.group(4)), month, Integer.parseInt(m.group(2)));
            }
            return LocalDate.of(Integer.parseInt(m.group(7)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(5)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Map<String, Integer> months() {
        Map<String, Integer> m = new java.util.HashMap<>();
        String[][] names = {
                {"januari", "january", "jan"}, {"februari", "pebruari", "february", "feb", "peb"}, {"maret", "march", "mar"},
                {"april", "apr"}, {"mei", "may"}, {"juni", "june", "jun"}, {"juli", "july", "jul"},
                {"agustus", "august", "agu", "agt", "ags", "aug"}, {"september", "sep", "sept"}, {"oktober", "october", "okt", "oct"},
                {"november", "nopember", "nov", "nop"}, {"desember", "december", "des", "dec"}};
        for (int i = 0; i < names.length; i++) for (String n : names[i]) m.put(n, i + 1);
        return Map.copyOf(m);
    }
}
