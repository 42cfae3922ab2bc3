package id.lapor.gateway.ops;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;

import static org.assertj.core.api.Assertions.assertThat;

/** The liveness probe's decision: starting is alive, only a recorded BROKEN is not. */
class StartingIsLiveHealthIndicatorTest {

    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final StartingIsLiveHealthIndicator indicator = new StartingIsLiveHealthIndicator(availability);

    @Test
    void upWhileNoLivenessStateIsRecordedYet() {
        // Spring Boot's own answer for this moment is BROKEN, which is what made the probe DOWN during start-up
        assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void followsTheRecordedState() {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, LivenessState.CORRECT));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, LivenessState.BROKEN));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }
}
