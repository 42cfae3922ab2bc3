package id.lapor.gateway.console;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Period parsing and presets, in Asia/Jakarta days, without Spring. */
class RecapPeriodTest {

    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    /** 2026-11-30 20:00 UTC is already 1 December 03:00 in Jakarta. */
    static final Instant LATE_UTC = Instant.parse("2026-11-30T20:00:00Z");
    static final Instant NOON = Instant.parse("2026-03-15T05:00:00Z");

    static RecapPeriod ok(String preset, String from, String to, Instant now) {
        RecapPeriod.Parsed p = RecapPeriod.parse(preset, from, to, now, WIB);
        assertThat(p.problems()).isEmpty();
        return p.period();
    }

    @Test
    void presetsAreReadOnTheJakartaCalendarNotUtc() {
        RecapPeriod m = ok("bulan-ini", null, null, LATE_UTC);
        assertThat(m.first()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(m.last()).isEqualTo(LocalDate.of(2026, 12, 31));
        // midnight WIB is 17:00 UTC the day before
        assertThat(m.start()).isEqualTo(Instant.parse("2026-11-30T17:00:00Z"));
        assertThat(m.endExclusive()).isEqualTo(Instant.parse("2026-12-31T17:00:00Z"));
        RecapPeriod last = ok("bulan-lalu", null, null, LATE_UTC);
        assertThat(last.first()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(last.last()).isEqualTo(LocalDate.of(2026, 11, 30));
        RecapPeriod year = ok("TAHUN-INI", null, null, NOON);
        assertThat(year.first()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(year.last()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(year.days()).isEqualTo(365);
        assertThat(year.preset()).isEqualTo(RecapPeriod.Preset.THIS_YEAR);
    }

    @Test
    void lastMonthOverAYearEndAndAShortFebruary() {
        RecapPeriod jan = ok("bulan-lalu", null, null, Instant.parse("2027-01-10T03:00:00Z"));
        assertThat(jan.first()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(jan.last()).isEqualTo(LocalDate.of(2026, 12, 31));
        RecapPeriod feb = ok("bulan-lalu", null, null, Instant.parse("2028-03-31T03:00:00Z"));
        assertThat(feb.last()).isEqualTo(LocalDate.of(2028, 2, 29));
    }

    @Test
    void nothingIsThisMonthAndAPresetWinsOverDates() {
        assertThat(ok(null, "", " ", NOON).first()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(ok("bulan-lalu", "2020-01-01", "2020-01-31", NOON).first()).isEqualTo(LocalDate.of(2026, 2, 1));
    }

    @Test
    void typedDatesAreWholeDaysBothIncluded() {
        RecapPeriod p = ok(null, " 2026-02-03 ", "2026-02-05", NOON);
        assertThat(p.days()).isEqualTo(3);
        assertThat(p.start()).isEqualTo(Instant.parse("2026-02-02T17:00:00Z"));
        assertThat(p.endExclusive()).isEqualTo(Instant.parse("2026-02-05T17:00:00Z"));
        assertThat(p.preset()).isNull();
        assertThat(p.fileLabel()).isEqualTo("2026-02-03_2026-02-05");
        // one side only is that one day
        assertThat(ok(null, "2026-02-03", null, NOON).days()).isEqualTo(1);
        assertThat(ok(null, null, "2026-02-03", NOON).first()).isEqualTo(LocalDate.of(2026, 2, 3));
    }

    @Test
    void problemsKeepWhatWasTypedAndFallBackToThisMonth() {
        RecapPeriod.Parsed bad = RecapPeriod.parse(null, "30/11/2026", "kemarin", NOON, WIB);
        assertThat(bad.problems()).containsExactly(new RecapPeriod.Problem("recap.error.badDate", "30/11/2026"),
                new RecapPeriod.Problem("recap.error.badDate", "kemarin"));
        assertThat(bad.period().first()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(RecapPeriod.parse(null, "2026-02-30", null, NOON, WIB).problems()).extracting(RecapPeriod.Problem::key)
                .containsExactly("recap.error.badDate");
        assertThat(RecapPeriod.parse(null, "2026-03-10", "2026-03-09", NOON, WIB).problems())
                .containsExactly(new RecapPeriod.Problem("recap.error.order", "2026-03-09"));
        assertThat(RecapPeriod.parse(null, "0202-01-01", "2026-01-01", NOON, WIB).problems()).extracting(RecapPeriod.Problem::key)
                .containsExactly("recap.error.badDate");
        assertThat(RecapPeriod.parse(null, "1990-01-01", "2026-01-01", NOON, WIB).problems()).extracting(RecapPeriod.Problem::key)
                .containsExactly("recap.error.tooLong");
        assertThat(RecapPeriod.parse("minggu-ini", null, null, NOON, WIB).problems())
                .containsExactly(new RecapPeriod.Problem("recap.error.badPreset", "minggu-ini"));
        assertThat(RecapPeriod.parse(null, "x".repeat(500), null, NOON, WIB).problems().get(0).typed()).hasSize(40);
        assertThatThrownBy(() -> new RecapPeriod(LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 1), WIB, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
