package id.lapor.gateway.ops;

import id.lapor.gateway.config.GatewayProperties;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.forward.StatusSync;
import id.lapor.gateway.intake.QuarantineStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Health component {@code outbox}: backlog, age of the oldest unforwarded row and parked count,
 * DOWN (with the reasons) past the thresholds in gateway.health.*. The same figures are gauges
 * ({@code gateway_outbox_backlog}, {@code gateway_outbox_parked}, {@code gateway_outbox_oldest_age_seconds}, {@code gateway_review_held},
 * {@code gateway_quarantine_open}, and {@code gateway_lapor_missing}: forwarded complaints LAPOR! answered 404 for at
 * their last status sync, see {@link StatusSync}).
 */
@Component("outbox")
public class OutboxHealthIndicator implements HealthIndicator {

    private final OutboxRepository outbox;
    private final GatewayProperties.Health thresholds;
    private final Clock clock;

    public OutboxHealthIndicator(OutboxRepository outbox, QuarantineStore quarantine, GatewayProperties props, Clock clock,
                                 MeterRegistry registry, StatusSync statusSync) {
        this.outbox = outbox;
        this.thresholds = props.health();
        this.clock = clock;
        Gauge.builder("gateway.outbox.backlog", () -> stats().backlog()).description("Complaints not yet forwarded").register(registry);
        Gauge.builder("gateway.outbox.parked", () -> stats().parked()).description("Complaints LAPOR! refused, waiting for an admin").register(registry);
        Gauge.builder("gateway.outbox.oldest.age", () -> oldestAge(stats()).toMillis() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest complaint not yet forwarded").register(registry);
        Gauge.builder("gateway.review.held", () -> stats().reviewHeld())
                .description("Complaints whose forwarding waits for an admin's category review (until their hold ends)").register(registry);
        Gauge.builder("gateway.lapor.missing", statusSync::countMissing)
                .description("Forwarded complaints LAPOR! answered 404 for at their last status sync").register(registry);
        Gauge.builder("gateway.quarantine.open", quarantine::countOpen).description("Quarantined inputs waiting for review").register(registry);
    }

    private static final Duration STATS_MAX_AGE = Duration.ofSeconds(1);
    private OutboxRepository.Stats cached;
    private java.time.Instant cachedAt = java.time.Instant.MIN;

    /** One query serves the three gauges of a scrape and the health call next to it. */
    private synchronized OutboxRepository.Stats stats() {
        java.time.Instant now = clock.instant();
        if (cached == null || now.isAfter(cachedAt.plus(STATS_MAX_AGE)) || now.isBefore(cachedAt)) {
            cached = outbox.stats(now);
            cachedAt = now;
        }
        return cached;
    }

    private Duration oldestAge(OutboxRepository.Stats s) {
        var oldest = s.oldestPendingCreatedAt();
        return oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant());
    }

    @Override
    public Health health() {
        OutboxRepository.Stats s = stats();
        Duration age = oldestAge(s);
        List<String> problems = new ArrayList<>();
        if (s.backlog() > thresholds.outboxBacklogMax()) problems.add("backlog " + s.backlog() + " > " + thresholds.outboxBacklogMax());
        if (age.compareTo(thresholds.outboxOldestMax()) > 0) problems.add("oldest unforwarded is " + age.toSeconds() + " s old > " + thresholds.outboxOldestMax().toSeconds() + " s");
        if (s.parked() > thresholds.parkedMax()) problems.add("parked " + s.parked() + " > " + thresholds.parkedMax());
        Health.Builder b = problems.isEmpty() ? Health.up() : Health.down().withDetail("problems", problems);
        return b.withDetail("backlog", s.backlog()).withDetail("pending", s.pending()).withDetail("in_flight", s.inFlight())
                .withDetail("parked", s.parked()).withDetail("forwarded", s.done()).withDetail("review_held", s.reviewHeld())
                .withDetail("oldest_pending_age_seconds", age.toSeconds()).build();
    }
}
