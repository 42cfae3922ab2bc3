package id.lapor.gateway.console;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The period of a recap: whole calendar days {@code first}..{@code last} (both inclusive) in the
 * gateway's zone ({@code gateway.zone}, Asia/Jakarta by default), so "this month" means the month as it
 * is on a wall clock in WIB, not in UTC. Plain Java, no Spring.
 *
 * <p>Read from the form by {@link #parse}: a preset ({@link Preset}) wins over typed dates; typed dates
 * are ISO {@code yyyy-MM-dd} (what {@code <input type="date">} sends); a missing end is the start day,
 * a missing start is the end day; nothing at all is this month. At most {@link #MAX_DAYS} days, so a
 * typo like {@code 0202-01-01} cannot scan the whole ledger.
 *
 * @param first  first day, inclusive
 * @param last   last day, inclusive ({@code last >= first})
 * @param zone   the zone the days are read in
 * @param preset the preset that chose this period, or null for typed dates
 */
public record RecapPeriod(LocalDate first, LocalDate last, ZoneId zone, Preset preset) {

    /** Longest period a recap covers: a little over five years. */
    public static final long MAX_DAYS = 5 * 366;

    /** The form's presets; {@code key} is the value in the URL ({@code ?preset=bulan-ini}). */
    public enum Preset {
        THIS_MONTH("bulan-ini"), LAST_MONTH("bulan-lalu"), THIS_YEAR("tahun-ini");

        public final String key;

        Preset(String key) {
            this.key = key;
        }

        static Preset of(String key) {
            if (key == null) return null;
            String k = key.strip().toLowerCase(Locale.ROOT);
            for (Preset p : values()) if (p.key.equals(k) || p.name().toLowerCase(Locale.ROOT).equals(k)) return p;
            return null;
        }
    }

    /** A problem with the form: a message key and the value as typed (shown back to the user). */
    public record Problem(String key, String typed) {}

    /**
     * What the form asked for: the period to show ({@code period}; when {@code problems} is not empty it
     * is this month, and the page says why) and the problems found.
     */
    public record Parsed(RecapPeriod period, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public RecapPeriod {
        if (last.isBefore(first)) throw new IllegalArgumentException("last before first");
    }

    /** Start of {@code first} in the zone. */
    public Instant start() {
        return first.atStartOfDay(zone).toInstant();
    }

    /** Start of the day after {@code last} in the zone (exclusive end). */
    public Instant endExclusive() {
        return last.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** Number of days covered (at least 1). */
    public long days() {
        return ChronoUnit.DAYS.between(first, last) + 1;
    }

    /** {@code 2026-11-01_2026-11-30}: the period in export file names. */
    public String fileLabel() {
        return first + "_" + last;
    }

    /** The period a preset means on {@code today} (a day in the gateway's zone). */
    public static RecapPeriod of(Preset p, LocalDate today, ZoneId zone) {
        return switch (p) {
            case THIS_MONTH -> new RecapPeriod(today.withDayOfMonth(1), today.withDayOfMonth(today.lengthOfMonth()), zone, p);
            case LAST_MONTH -> {
                LocalDate m = today.minusMonths(1);
                yield new RecapPeriod(m.withDayOfMonth(1), m.withDayOfMonth(m.lengthOfMonth()), zone, p);
            }
            case THIS_YEAR -> new RecapPeriod(today.withDayOfYear(1), today.withDayOfYear(today.lengthOfYear()), zone, p);
        };
    }

    /** Today in {@code zone} at {@code now}. */
    public static LocalDate today(Instant now, ZoneId zone) {
        return now.atZone(zone).toLocalDate();
    }

    /**
     * Reads the form. {@code preset} (one of the {@link Preset} keys) wins when it is known; an unknown
     * preset is a problem. Otherwise {@code from}/{@code to} as typed. Problems (message keys under
     * {@code recap.error.*}): {@code badDate} (not a date), {@code order} (end before start),
     * {@code tooLong} (more than {@link #MAX_DAYS} days), {@code badPreset}.
     */
    public static Parsed parse(String preset, String from, String to, Instant now, ZoneId zone) {
        LocalDate today = today(now, zone);
        RecapPeriod thisMonth = of(Preset.THIS_MONTH, today, zone);
        List<Problem> problems = new ArrayList<>();
        if (preset != null && !preset.isBlank()) {
            Preset p = Preset.of(preset);
            if (p != null) return new Parsed(of(p, today, zone), List.of());
            problems.add(new Problem("recap.error.badPreset", preset));
            return new Parsed(thisMonth, problems);
        }
        boolean noFrom = from == null || from.isBlank();
        boolean noTo = to == null || to.isBlank();
        if (noFrom && noTo) return new Parsed(thisMonth, List.of());
        LocalDate a = noFrom ? null : day(from, problems);
        LocalDate b = noTo ? null : day(to, problems);
        if (!problems.isEmpty()) return new Parsed(thisMonth, problems);
        if (a == null) a = b;
        if (b == null) b = a;
        if (b.isBefore(a)) return new Parsed(thisMonth, List.of(new Problem("recap.error.order", to.strip())));
        if (ChronoUnit.DAYS.between(a, b) + 1 > MAX_DAYS) {
            return new Parsed(thisMonth, List.of(new Problem("recap.error.tooLong", String.valueOf(MAX_DAYS))));
        }
        return new Parsed(new RecapPeriod(a, b, zone, null), List.of());
    }

    private static LocalDate day(String typed, List<Problem> problems) {
        try {
            LocalDate d = LocalDate.parse(typed.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
            // years outside 1900..9998 are typos; the ledger's dates are all far inside
            if (d.getYear() < 1900 || d.getYear() > 9998) throw new DateTimeException("year out of range");
            return d;
        } catch (DateTimeException e) {
            problems.add(new Problem("recap.error.badDate", typed.length() > 40 ? typed.substring(0, 40) : typed));
            return null;
        }
    }
}
