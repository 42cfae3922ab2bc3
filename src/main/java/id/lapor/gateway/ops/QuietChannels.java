package id.lapor.gateway.ops;

import id.lapor.gateway.complaint.Channel;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a channel is quiet: it normally has traffic and has had none for longer than its
 * {@code channels.<c>.expected-max-gap}. Plain Java, no Spring: {@link QuietChannelMonitor} feeds it the
 * time of the channel's last input and "now".
 *
 * <p>With working hours, only time inside them counts: a letters inbox that gets post on weekdays
 * 08:00-16:00 WIB is not quiet on Monday 09:00 because the last letter came on Friday 15:00 (two working
 * hours of silence, not 66 hours). Indonesia's three zones are the allowed zones: WIB {@code Asia/Jakarta},
 * WITA {@code Asia/Makassar}, WIT {@code Asia/Jayapura} (none has daylight saving time).
 *
 * <p>Why our own: this is a domain rule (which silence is an outage for a complaint channel); the
 * arithmetic is java.time's.
 */
public final class QuietChannels {

    /** The zones a working day may be given in: WIB, WITA, WIT. */
    public static final Set<ZoneId> INDONESIAN_ZONES =
            Set.of(ZoneId.of("Asia/Jakarta"), ZoneId.of("Asia/Makassar"), ZoneId.of("Asia/Jayapura"));

    /** Longest stretch of days {@link #workingTimeBetween} walks; beyond it a channel is quiet whatever its hours. */
    static final int MAX_DAYS = 400;

    private QuietChannels() {
    }

    /**
     * When a channel is expected to have traffic.
     *
     * @param zone one of {@link #INDONESIAN_ZONES}
     * @param days working days, e.g. MONDAY..FRIDAY
     * @param from start of the working day (local time), inclusive
     * @param to   end of the working day (local time), after {@code from}
     * @throws IllegalArgumentException naming what is wrong
     */
    public record WorkingHours(ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        public WorkingHours {
            Objects.requireNonNull(zone, "zone");
            if (!INDONESIAN_ZONES.contains(zone)) {
                throw new IllegalArgumentException("working-hours.zone must be Asia/Jakarta, Asia/Makassar or Asia/Jayapura, not " + zone);
            }
            days = days == null || days.isEmpty() ? EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY) : EnumSet.copyOf(days);
            if (from == null || to == null || !to.isAfter(from)) {
                throw new IllegalArgumentException("working-hours.from must be before working-hours.to (" + from + ", " + to + ")");
            }
        }
    }

    /**
     * A channel's expectation.
     *
     * @param expectedMaxGap longest silence (in working time, when {@code hours} is given) that is still normal; positive
     * @param hours          null: every hour counts
     */
    public record Expectation(Duration expectedMaxGap, WorkingHours hours) {
        public Expectation {
            if (expectedMaxGap == null || expectedMaxGap.isNegative() || expectedMaxGap.isZero()) {
                throw new IllegalArgumentException("expected-max-gap must be a positive duration, not " + expectedMaxGap);
            }
        }
    }

    /**
     * The verdict on one channel.
     *
     * @param lastInput      when the channel last had input (or the instance started)
     * @param quietFor       silence since then, counted in working time when the channel has working hours
     * @param expectedMaxGap the channel's expectation
     * @param quiet          quietFor is over expectedMaxGap
     */
    public record Verdict(Channel channel, Instant lastInput, Duration quietFor, Duration expectedMaxGap, boolean quiet) {}

    /** Judges one channel at {@code now}. A last input after {@code now} counts as no silence. */
    public static Verdict judge(Channel channel, Expectation expectation, Instant lastInput, Instant now) {
        Duration quietFor = expectation.hours() == null
                ? positive(Duration.between(lastInput, now))
                : workingTimeBetween(lastInput, now, expectation.hours());
        return new Verdict(channel, lastInput, quietFor, expectation.expectedMaxGap(),
                quietFor.compareTo(expectation.expectedMaxGap()) > 0);
    }

    /**
     * Time inside the working hours between two instants (zero when {@code to} is not after {@code from}).
     * A stretch over {@link #MAX_DAYS} days counts as that many full working days.
     */
    public static Duration workingTimeBetween(Instant from, Instant to, WorkingHours hours) {
        if (!to.isAfter(from)) return Duration.ZERO;
        ZonedDateTime start = from.atZone(hours.zone());
        ZonedDateTime end = to.atZone(hours.zone());
        LocalDate day = start.toLocalDate();
        LocalDate last = end.toLocalDate();
        if (day.plusDays(MAX_DAYS).isBefore(last)) day = last.minusDays(MAX_DAYS);
        Duration total = Duration.ZERO;
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (!hours.days().contains(day.getDayOfWeek())) continue;
            ZonedDateTime open = day.atTime(hours.from()).atZone(hours.zone());
            ZonedDateTime close = day.atTime(hours.to()).atZone(hours.zone());
            ZonedDateTime a = open.isAfter(start) ? open : start;
            ZonedDateTime b = close.isBefore(end) ? close : end;
            if (b.isAfter(a)) total = total.plus(Duration.between(a, b));
        }
        return total;
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
