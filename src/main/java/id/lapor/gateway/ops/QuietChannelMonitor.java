package id.lapor.gateway.ops;

import id.lapor.gateway.complaint.Channel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Health component {@code channelTraffic} and the gauges {@code gateway_channel_quiet{channel}} (1 when quiet)
 * and {@code gateway_channel_quiet_duration_seconds{channel}} (silence counted as {@link QuietChannels} counts it), for
 * every switched-on channel with {@code channels.<c>.expected-max-gap}. DOWN, with the quiet channels named,
 * when one is quiet; not part of readiness (a quiet channel is a reason to look, not to stop intake).
 *
 * <p>Settings, in the channel's own file under channel-config (letters under {@code channels.letters}):
 * <pre>
 * channels:
 *   sms:
 *     expected-max-gap: 2h
 *     working-hours:          # optional; without it every hour counts
 *       zone: Asia/Makassar   # Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)
 *       days: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]   # the default
 *       from: "08:00"
 *       to: "16:00"
 * </pre>
 * A channel's last input is per instance ({@code gateway_channel_last_input_seconds}); with several instances,
 * a channel consumed by the leader only is silent on the others, so alert on all instances being quiet
 * ({@code min by (channel)}), as ops/prometheus/alerts.yml does.
 */
public class QuietChannelMonitor implements HealthIndicator {

    /** What binds under {@code channels.<c>}: the channel's switch and its expectation. */
    public record Settings(Boolean enabled, Duration expectedMaxGap, Hours workingHours) {}

    /** {@code channels.<c>.working-hours}. */
    public record Hours(String zone, Set<DayOfWeek> days, LocalTime from, LocalTime to) {}

    private final GatewayMetrics metrics;
    private final Clock clock;
    private final Map<Channel, QuietChannels.Expectation> expectations;

    /**
     * @param expectations the monitored channels and what they expect
     */
    public QuietChannelMonitor(GatewayMetrics metrics, Clock clock, Map<Channel, QuietChannels.Expectation> expectations,
                               MeterRegistry registry) {
        this.metrics = metrics;
        this.clock = clock;
        this.expectations = new EnumMap<>(Channel.class);
        this.expectations.putAll(expectations);
        for (Channel c : this.expectations.keySet()) {
            Gauge.builder("gateway.channel.quiet", () -> verdict(c).quiet() ? 1 : 0)
                    .description("1 when the channel has had no input for longer than channels.<c>.expected-max-gap")
                    .tag("channel", c.key()).register(registry);
            Gauge.builder("gateway.channel.quiet.duration", () -> verdict(c).quietFor().toMillis() / 1000.0).baseUnit("seconds")
                    .description("Silence on the channel, in working time when it has working hours")
                    .tag("channel", c.key()).register(registry);
        }
    }

    /**
     * Reads {@code channels.<c>.expected-max-gap} and {@code channels.<c>.working-hours} of every channel.
     *
     * @throws IllegalStateException naming the setting that is invalid
     */
    public static Map<Channel, QuietChannels.Expectation> expectations(Environment env) {
        Map<String, Settings> bound = Binder.get(env)
                .bind("channels", Bindable.mapOf(String.class, Settings.class)).orElse(Map.of());
        Map<Channel, QuietChannels.Expectation> out = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            String key = bound.containsKey(c.key()) ? c.key() : c.key() + "s";
            Settings s = bound.get(key);
            if (s == null || s.expectedMaxGap() == null || Boolean.FALSE.equals(s.enabled())) continue;
            try {
                QuietChannels.WorkingHours hours = null;
                if (s.workingHours() != null) {
                    Hours h = s.workingHours();
                    if (h.zone() == null) throw new IllegalArgumentException("working-hours.zone is missing");
                    hours = new QuietChannels.WorkingHours(ZoneId.of(h.zone()), h.days(), h.from(), h.to());
                }
                out.put(c, new QuietChannels.Expectation(s.expectedMaxGap(), hours));
            } catch (RuntimeException e) {
                throw new IllegalStateException("channels." + key + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The verdict on one monitored channel now. */
    public QuietChannels.Verdict verdict(Channel c) {
        return QuietChannels.judge(c, expectations.get(c), metrics.lastInput(c), clock.instant());
    }

    /** The monitored channels. */
    public Set<Channel> monitored() {
        return expectations.keySet();
    }

    @Override
    public Health health() {
        Map<String, Object> channels = new LinkedHashMap<>();
        java.util.List<String> quiet = new java.util.ArrayList<>();
        for (Channel c : expectations.keySet()) {
            QuietChannels.Verdict v = verdict(c);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("quiet", v.quiet());
            d.put("quietFor", v.quietFor().toString());
            d.put("expectedMaxGap", v.expectedMaxGap().toString());
            d.put("lastInput", v.lastInput().toString());
            if (expectations.get(c).hours() != null) d.put("workingHoursZone", expectations.get(c).hours().zone().getId());
            channels.put(c.key(), d);
            if (v.quiet()) quiet.add(c.key().toLowerCase(Locale.ROOT));
        }
        Health.Builder b = quiet.isEmpty() ? Health.up() : Health.down().withDetail("quiet", quiet);
        return b.withDetail("channels", channels).build();
    }
}
