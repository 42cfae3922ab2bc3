package id.lapor.gateway.ops;

import id.lapor.gateway.config.GatewayProperties;
import id.lapor.gateway.forward.LaporBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import id.lapor.gateway.forward.LaporClient;
import id.lapor.gateway.forward.LaporException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Health component {@code lapor}: circuit breaker state (Resilience4j's CLOSED, OPEN, HALF_OPEN) and reachability, probed with
 * {@code GET /masters/institutions/external?page_size=1} at most once per gateway.health.lapor-probe-interval.
 * DOWN when the circuit is open or the last probe failed. Not part of readiness: a LAPOR! outage
 * must not stop intake.
 */
@Component("lapor")
public class LaporHealthIndicator implements HealthIndicator {

    private static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(3);

    private final LaporClient client;
    private final LaporBreaker breaker;
    private final GatewayProperties.Health settings;
    private final Clock clock;
    private Instant lastProbe = Instant.EPOCH;
    private String lastProbeError;
    private boolean lastProbeOk;

    public LaporHealthIndicator(LaporClient client, LaporBreaker breaker, GatewayProperties props, Clock clock) {
        this.client = client;
        this.breaker = breaker;
        this.settings = props.health();
        this.clock = clock;
    }

    @Override
    public Health health() {
        probeIfDue();
        CircuitBreaker.State state = breaker.state();
        boolean up = state != CircuitBreaker.State.OPEN && lastProbeOk;
        Health.Builder b = up ? Health.up() : Health.down();
        b.withDetail("circuit", state.name()).withDetail("failed_calls_in_window", breaker.failedCallsInWindow())
                .withDetail("reachable", lastProbeOk).withDetail("last_probe", lastProbe.toString());
        if (lastProbeError != null) b.withDetail("last_probe_error", lastProbeError);
        if (breaker.holdUntil().isAfter(clock.instant())) b.withDetail("rate_limited_until", breaker.holdUntil().toString());
        return b.build();
    }

    private synchronized void probeIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastProbe.plus(settings.laporProbeInterval()))) return;
        lastProbe = now;
        try {
            client.institutions(1, PROBE_TIMEOUT);
            lastProbeOk = true;
            lastProbeError = null;
        } catch (LaporException e) {
            lastProbeOk = false;
            lastProbeError = e.getMessage();
        }
    }
}
