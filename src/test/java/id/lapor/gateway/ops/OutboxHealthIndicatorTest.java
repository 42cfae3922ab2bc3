package id.lapor.gateway.ops;

import id.lapor.gateway.config.GatewayProperties;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.intake.QuarantineStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox health decision, with the repository's figures given. */
class OutboxHealthIndicatorTest {

    private final Instant now = Instant.parse("2026-11-22T12:00:00Z");
    private final OutboxRepository repo = Mockito.mock(OutboxRepository.class);

    private Health health(OutboxRepository.Stats stats) {
        Mockito.when(repo.stats(now)).thenReturn(stats);
        GatewayProperties.Health thresholds = new GatewayProperties.Health(100, Duration.ofHours(1), 0, Duration.ofSeconds(30));
        GatewayProperties props = new GatewayProperties("n", java.nio.file.Path.of("."), java.nio.file.Path.of("."),
                java.time.ZoneId.of("Asia/Jakarta"), Duration.ofHours(24), 2, 64, new GatewayProperties.Sla(Duration.ofDays(30)), thresholds,
                null, null);
        return new OutboxHealthIndicator(repo, Mockito.mock(QuarantineStore.class), props, Clock.fixed(now, ZoneOffset.UTC),
                new SimpleMeterRegistry(), Mockito.mock(id.lapor.gateway.forward.StatusSync.class)).health();
    }

    @Test
    void upWithinThresholds() {
        Health h = health(new OutboxRepository.Stats(5, 1, 0, 900, now.minusSeconds(30)));
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("backlog", 6L).containsEntry("oldest_pending_age_seconds", 30L);
    }

    @Test
    void downWithEveryReasonPastTheThresholds() {
        Health h = health(new OutboxRepository.Stats(150, 0, 2, 0, now.minus(Duration.ofHours(2))));
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) h.getDetails().get("problems");
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("backlog 150 > 100");
        assertThat(problems.get(1)).contains("7200 s old");
        assertThat(problems.get(2)).contains("parked 2 > 0");
    }

    @Test
    void complaintsHeldForCategoryReviewAreShownButAreNoBacklog() {
        Health h = health(new OutboxRepository.Stats(0, 0, 0, 10, null, 7));
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("review_held", 7L).containsEntry("backlog", 0L)
                .containsEntry("oldest_pending_age_seconds", 0L);
    }
}
