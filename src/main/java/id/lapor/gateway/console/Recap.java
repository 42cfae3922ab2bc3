package id.lapor.gateway.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The recap's decisions in plain Java (no Spring, no SQL): a breakdown table in the shape of the
 * provincial recaps ("No, Urusan, Jumlah" rows, then a "Total" row), the roll-up of categories into
 * bidang urusan, and the geometry of the server-side SVG bar chart.
 */
public final class Recap {

    private Recap() {}

    /** The breakdowns; {@code key} is the value in URLs ({@code ?rincian=urusan}) and the sheet's order. */
    public enum Breakdown {
        URUSAN("urusan"), CATEGORY("kategori"), CHANNEL("kanal"), OPD("opd"), STATUS("status");

        public final String key;

        Breakdown(String key) {
            this.key = key;
        }

        /** The breakdown for a URL value, or null. */
        public static Breakdown of(String key) {
            if (key == null) return null;
            String k = key.strip().toLowerCase(Locale.ROOT);
            for (Breakdown b : values()) if (b.key.equals(k)) return b;
            return null;
        }
    }

    /** One row: its number (1-based, in table order), its key (a code), its label as shown, its count. */
    public record Row(int no, String key, String label, long count) {}

    /** A breakdown's rows (largest count first; ties by label) and their total. */
    public record Table(Breakdown breakdown, List<Row> rows, long total) {
        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    /**
     * The table of {@code counts} (key → count; zero counts are dropped), labelled by {@code label}
     * (a null label shows the key). Rows are sorted by count descending, then label, then key, and
     * numbered from 1; the total is the sum of the counts.
     */
    public static Table table(Breakdown b, Map<String, Long> counts, Function<String, String> label) {
        List<Row> rows = new ArrayList<>();
        counts.forEach((k, n) -> {
            if (n != null && n > 0) {
                String l = label.apply(k);
                rows.add(new Row(0, k, l == null ? String.valueOf(k) : l, n));
            }
        });
        rows.sort(Comparator.comparingLong(Row::count).reversed().thenComparing(Row::label).thenComparing(r -> String.valueOf(r.key())));
        List<Row> numbered = new ArrayList<>(rows.size());
        long total = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            numbered.add(new Row(i + 1, r.key(), r.label(), r.count()));
            total = Math.addExact(total, r.count());
        }
        return new Table(b, List.copyOf(numbered), total);
    }

    /**
     * Adds up counts under a coarser key: {@code parent} maps each key (e.g. a category code) to its
     * group (e.g. its bidang urusan); counts of keys in the same group are summed. Order: first seen.
     */
    public static Map<String, Long> rollUp(Map<String, Long> counts, Function<String, String> parent) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, n) -> out.merge(parent.apply(k), n, Long::sum));
        return out;
    }

    /** One bar: its label (cut to {@link #LABEL_MAX} characters), count, and position in the SVG's units. */
    public record Bar(String label, long count, int labelY, int barY, int width, int countX, int countY) {}

    /** A chart: the SVG's view box size and its bars. */
    public record Chart(int width, int height, int barHeight, List<Bar> bars) {}

    /**
     * The SVG's width in its own units: it scales to the page with {@code viewBox}, up to the CSS
     * {@code max-width} of {@code svg.bars}; narrow so its 14-unit text stays readable on a phone.
     */
    public static final int CHART_WIDTH = 400;
    /** Longest bar, leaving room for the count to its right. */
    public static final int BAR_MAX = 340;
    /** Vertical space per row: a label line above a bar. */
    public static final int ROW_HEIGHT = 38;
    public static final int BAR_HEIGHT = 14;
    /** Labels longer than this are cut with an ellipsis in the chart; the table has them whole. */
    public static final int LABEL_MAX = 48;
    /** Bars drawn at most; the rest are only in the table. */
    public static final int MAX_BARS = 20;

    /**
     * The bar chart of a table: a horizontal bar per row (at most {@link #MAX_BARS}), the largest count
     * {@link #BAR_MAX} wide and the others in proportion; any count above zero gets at least 2 units so
     * it is visible. Label on its own line above the bar (long OPD names fit a phone screen), count at
     * the bar's end.
     */
    public static Chart chart(Table t) {
        List<Row> rows = t.rows().size() > MAX_BARS ? t.rows().subList(0, MAX_BARS) : t.rows();
        long max = rows.stream().mapToLong(Row::count).max().orElse(0);
        List<Bar> bars = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int top = i * ROW_HEIGHT;
            int w = max == 0 ? 0 : (int) Math.max(2, Math.round((double) r.count() * BAR_MAX / max));
            bars.add(new Bar(cut(r.label()), r.count(), top + 14, top + 19, w, w + 6, top + 19 + BAR_HEIGHT - 2));
        }
        return new Chart(CHART_WIDTH, Math.max(ROW_HEIGHT, rows.size() * ROW_HEIGHT), BAR_HEIGHT, List.copyOf(bars));
    }

    static String cut(String label) {
        if (label.codePointCount(0, label.length()) <= LABEL_MAX) return label;
        return label.substring(0, label.offsetByCodePoints(0, LABEL_MAX - 1)) + "…";
    }

    /**
     * A cell for a CSV opened by a spreadsheet: text starting with {@code = + - @}, a tab or a carriage
     * return is prefixed with an apostrophe so it is never run as a formula (OWASP "CSV Injection").
     */
    public static String safeCell(String s) {
        if (s == null || s.isEmpty()) return s == null ? "" : s;
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }
}
