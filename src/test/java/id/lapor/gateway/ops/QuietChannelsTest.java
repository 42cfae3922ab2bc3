package id.lapor.gateway.ops;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.env.MockEnvironment;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quiet-channel detection with a clock: plain gaps, working hours in WITA, the health detail and the gauges. */
class QuietChannelsTest {

    // Friday 2026-11-27 15:00 WITA (07:00 UTC)
    private static final Instant FRIDAY_3PM_WITA = Instant.parse("2026-11-27T07:00:00Z");
    private static final QuietChannels.WorkingHours OFFICE = new QuietChannels.WorkingHours(ZoneId.of("Asia/Makassar"),
            Set.of(), LocalTime.of(8, 0), LocalTime.of(16, 0));

    @Test
    void aChannelIsQuietOnceItsGapIsOverTheExpectation() {
        MutableClock clock = new MutableClock(FRIDAY_3PM_WITA);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayMetrics metrics = new GatewayMetrics(registry, clock);
        QuietChannelMonitor monitor = new QuietChannelMonitor(metrics, clock,
                Map.of(Channel.SMS, new QuietChannels.Expectation(Duration.ofHours(2), null)), registry);

        clock.advance(Duration.ofMinutes(119));
        assertThat(monitor.verdict(Channel.SMS).quiet()).isFalse();
        assertThat(monitor.health().getStatus()).isEqualTo(Status.UP);

        clock.advance(Duration.ofMinutes(2));
        QuietChannels.Verdict v = monitor.verdict(Channel.SMS);
        assertThat(v.quiet()).isTrue();
        assertThat(v.quietFor()).isEqualTo(Duration.ofMinutes(121));
        Health h = monitor.health();
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat(h.getDetails().get("quiet")).asList().containsExactly("sms");
        assertThat(h.getDetails().get("channels").toString()).contains("quietFor=PT2H1M");
        assertThat(registry.get("gateway.channel.quiet").tag("channel", "sms").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("gateway.channel.quiet.duration").tag("channel", "sms").gauge().value()).isEqualTo(121 * 60.0);

        // one delivery receipt is traffic: the SMSC delivers again
        metrics.ignored(Channel.SMS, "delivery receipt");
        assertThat(monitor.verdict(Channel.SMS).quiet()).isFalse();
        assertThat(registry.get("gateway.channel.last.input").tag("channel", "sms").gauge().value())
                .isEqualTo(clock.instant().getEpochSecond());
        assertThat(metrics.ignoredValue(Channel.SMS, GatewayMetrics.IgnoredReason.RECEIPT)).isEqualTo(1.0);
    }

    @Test
    void onlyWorkingTimeCountsWithWorkingHours() {
        QuietChannels.Expectation letters = new QuietChannels.Expectation(Duration.ofHours(4), OFFICE);
        // Friday 15:00 to Monday 09:00 WITA: one hour on Friday, one on Monday
        Instant monday9 = Instant.parse("2026-11-30T01:00:00Z");
        QuietChannels.Verdict v = QuietChannels.judge(Channel.LETTER, letters, FRIDAY_3PM_WITA, monday9);
        assertThat(v.quietFor()).isEqualTo(Duration.ofHours(2));
        assertThat(v.quiet()).isFalse();
        // Monday 13:00 WITA: one working hour on Friday and five on Monday
        QuietChannels.Verdict later = QuietChannels.judge(Channel.LETTER, letters, FRIDAY_3PM_WITA, monday9.plus(Duration.ofHours(4)));
        assertThat(later.quietFor()).isEqualTo(Duration.ofHours(6));
        assertThat(later.quiet()).isTrue();
        // the weekend alone is no working time at all
        assertThat(QuietChannels.workingTimeBetween(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-11-29T23:00:00Z"), OFFICE))
                .isZero();
    }

    @Test
    void settingsBindFromChannelsAndRefuseAZoneOutsideIndonesia() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("channels.sms.enabled", "true").withProperty("channels.sms.expected-max-gap", "2h")
                .withProperty("channels.letters.enabled", "true").withProperty("channels.letters.expected-max-gap", "4h")
                .withProperty("channels.letters.working-hours.zone", "Asia/Jayapura")
                .withProperty("channels.letters.working-hours.days", "MONDAY,SATURDAY")
                .withProperty("channels.letters.working-hours.from", "08:00")
                .withProperty("channels.letters.working-hours.to", "12:00")
                .withProperty("channels.email.enabled", "false").withProperty("channels.email.expected-max-gap", "1h");
        Map<Channel, QuietChannels.Expectation> e = QuietChannelMonitor.expectations(env);
        assertThat(e).containsOnlyKeys(Channel.SMS, Channel.LETTER);
        assertThat(e.get(Channel.LETTER).hours().days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);
        assertThat(e.get(Channel.LETTER).hours().zone()).isEqualTo(ZoneId.of("Asia/Jayapura"));

        MockEnvironment wrong = new MockEnvironment().withProperty("channels.sms.expected-max-gap", "2h")
                .withProperty("channels.sms.working-hours.zone", "Asia/Singapore")
                .withProperty("channels.sms.working-hours.from", "08:00").withProperty("channels.sms.working-hours.to", "16:00");
        assertThatThrownBy(() -> QuietChannelMonitor.expectations(wrong))
                .hasMessageContaining("channels.sms").hasMessageContaining("Asia/Singapore");
    }

    @Test
    void ignoredReasonsBecomeAClosedSetOfLabels() {
        assertThat(GatewayMetrics.IgnoredReason.of("delivery receipt")).isEqualTo(GatewayMetrics.IgnoredReason.RECEIPT);
        assertThat(GatewayMetrics.IgnoredReason.of("status query (CEK/STATUS), answered by SMS")).isEqualTo(GatewayMetrics.IgnoredReason.COMMAND);
        assertThat(GatewayMetrics.IgnoredReason.of("alphanumeric sender (operator message), not a citizen")).isEqualTo(GatewayMetrics.IgnoredReason.PROMO);
        assertThat(GatewayMetrics.IgnoredReason.of("part of a message already received")).isEqualTo(GatewayMetrics.IgnoredReason.FRAGMENT);
        assertThat(GatewayMetrics.IgnoredReason.of(null)).isEqualTo(GatewayMetrics.IgnoredReason.OTHER);
        // the reasons the channels give today
        assertThat(GatewayMetrics.IgnoredReason.of("status sent")).isEqualTo(GatewayMetrics.IgnoredReason.RECEIPT);
        assertThat(GatewayMetrics.IgnoredReason.of("unknown status")).isEqualTo(GatewayMetrics.IgnoredReason.RECEIPT);
        assertThat(GatewayMetrics.IgnoredReason.of("status updates stopped")).isEqualTo(GatewayMetrics.IgnoredReason.COMMAND);
        assertThat(GatewayMetrics.IgnoredReason.of("status query answered")).isEqualTo(GatewayMetrics.IgnoredReason.COMMAND);
        assertThat(GatewayMetrics.IgnoredReason.of("channel post")).isEqualTo(GatewayMetrics.IgnoredReason.GROUP);
        assertThat(GatewayMetrics.IgnoredReason.of("webhook without messages")).isEqualTo(GatewayMetrics.IgnoredReason.FRAGMENT);
        assertThat(GatewayMetrics.IgnoredReason.of("edit of a message that is part of no conversation")).isEqualTo(GatewayMetrics.IgnoredReason.FRAGMENT);
        assertThat(GatewayMetrics.IgnoredReason.of("unsupported update type poll")).isEqualTo(GatewayMetrics.IgnoredReason.OTHER);
    }
}
