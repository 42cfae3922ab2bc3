package id.lapor.gateway.ops;

import id.lapor.gateway.complaint.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-channel counters and timers, exported at /actuator/prometheus as
 * {@code gateway_complaints_total{channel,event}}, {@code gateway_intake_commit_seconds{channel}} and
 * {@code gateway_forward_roundtrip_seconds{channel,outcome}}. All counters exist from start-up (at 0),
 * so a dashboard shows a silent channel as 0 rather than as missing.
 */
public class GatewayMetrics {

    public enum Event { RECEIVED, DUPLICATE, IGNORED, QUARANTINED, STORED, FORWARDED, PARKED }

    private final MeterRegistry registry;
    private final Map<Channel, Map<Event, Counter>> counters = new EnumMap<>(Channel.class);
    private final Map<Channel, Timer> intakeTimers = new EnumMap<>(Channel.class);

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Channel c : Channel.values()) {
            Map<Event, Counter> byEvent = new EnumMap<>(Event.class);
            for (Event e : Event.values()) {
                byEvent.put(e, Counter.builder("gateway.complaints")
                        .description("Complaint inputs per channel and what became of them")
                        .tag("channel", c.key()).tag("event", e.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
            counters.put(c, byEvent);
            intakeTimers.put(c, Timer.builder("gateway.intake.commit")
                    .description("Shared intake from receipt to committed transaction")
                    .tag("channel", c.key()).publishPercentileHistogram().register(registry));
        }
    }

    public void count(Channel channel, Event event) {
        counters.get(channel).get(event).increment();
    }

    public double value(Channel channel, Event event) {
        return counters.get(channel).get(event).count();
    }

    public void intakeCommit(Channel channel, Duration d) {
        intakeTimers.get(channel).record(d);
    }

    public void forwardRoundTrip(Channel channel, String outcome, Duration d) {
        Timer.builder("gateway.forward.roundtrip")
                .description("One forwarding attempt to LAPOR! (uploads and create)")
                .tag("channel", channel.key()).tag("outcome", outcome)
                .publishPercentileHistogram().register(registry).record(d);
    }

    /**
     * A complaint was marked LAPOR_CREATE_UNCERTAIN: a create's outcome was unknown (timeout or reset
     * after sending, a node died between sending and committing), so LAPOR! may hold a second report
     * once it is sent again. Prometheus: {@code gateway_lapor_create_uncertain_total{channel}}.
     */
    public void laporCreateUncertain(Channel channel) {
        Counter.builder("gateway.lapor.create.uncertain")
                .description("Complaints whose create to LAPOR! had an unknown outcome and was sent again (check LAPOR! for a duplicate)")
                .tag("channel", channel.key()).register(registry).increment();
    }

    /**
     * One input was refused because it would otherwise hold its channel (a poll, a bind, a mailbox
     * window) for ever: a file that never settled, a read over its time limit, a mail that failed at
     * every poll. The input itself is quarantined with its reason; this says why it was cut short.
     * Prometheus: {@code gateway_inputs_given_up_total{channel,why}}.
     *
     * @param why {@code unsettled}, {@code read-timeout} or {@code failed-attempts}
     */
    public void inputGivenUp(Channel channel, String why) {
        Counter.builder("gateway.inputs.given.up")
                .description("Inputs refused (and quarantined) because they would have held their channel: never settled, too slow, failing at every poll")
                .tag("channel", channel.key()).tag("why", why).register(registry).increment();
    }
}
