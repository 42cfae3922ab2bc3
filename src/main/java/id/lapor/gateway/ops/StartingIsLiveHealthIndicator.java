package id.lapor.gateway.ops;

import org.springframework.boot.actuate.availability.LivenessStateHealthIndicator;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.LivenessState;
import org.springframework.stereotype.Component;

/**
 * Contributor {@code livenessState}, the only member of the {@code liveness} probe group
 * ({@code management.endpoint.health.group.liveness.include} in application.yaml): UP while the
 * gateway is starting, DOWN only once something has declared the application broken.
 *
 * <p>Why: the web server answers during start-up (it starts before Camel's routes, which start on
 * the context-refreshed event and can take many seconds: store, SMPP bind, mail, OCR set-up), but
 * Spring Boot's own indicator answers {@link LivenessState#BROKEN} until the application-started
 * event ({@link ApplicationAvailability#getLivenessState()} defaults to BROKEN), so a Kubernetes
 * liveness probe would kill a pod that is merely starting. Camel's liveness checks (its context
 * check is DOWN for every status but Started) stay out of the group for the same reason; they still
 * show under {@code camelLivenessState} in {@code /actuator/health}. Readiness is unaffected: it is
 * OUT_OF_SERVICE until the application is ready, i.e. until the routes run. Semantics of the probes:
 * Spring Boot reference, "Kubernetes Probes" and "Application Availability".
 */
@Component("livenessStateHealthIndicator")
public class StartingIsLiveHealthIndicator extends LivenessStateHealthIndicator {

    /** @param availability the application's availability states (Spring Boot's bean) */
    public StartingIsLiveHealthIndicator(ApplicationAvailability availability) {
        super(availability);
    }

    /**
     * @return the recorded liveness state, or {@link LivenessState#CORRECT} while none has been
     *         recorded yet (the application is starting)
     */
    @Override
    protected AvailabilityState getState(ApplicationAvailability availability) {
        LivenessState state = availability.getState(LivenessState.class);
        return state == null ? LivenessState.CORRECT : state;
    }
}
