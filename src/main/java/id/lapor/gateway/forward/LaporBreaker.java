package id.lapor.gateway.forward;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the forwarder and the status sync from hammering LAPOR! while it is down: a Resilience4j
 * circuit breaker ({@code lapor} in its registry, so its Micrometer metrics
 * {@code resilience4j_circuitbreaker_*} carry {@code name="lapor"}) configured so that
 * {@code failureThreshold} consecutive failed calls OPEN it (count-based window of that size,
 * failure rate 100 %); after {@code openDuration} it is HALF_OPEN and lets one trial call through:
 * success closes it, failure opens it again.
 *
 * <p>What Resilience4j has no notion of is kept here: a 429's {@code Retry-After} holds every call
 * until it has passed ({@link #holdFor}), whatever the circuit's state. The half-open transition is
 * made when {@code openDuration} has passed on the given clock, exactly then, so that health and
 * tests see it without a call. Thread-safe.
 */
public final class LaporBreaker {

    /** Name in the Resilience4j registry and the {@code name} tag of its metrics. */
    public static final String NAME = "lapor";

    private final CircuitBreaker breaker;
    private final Duration openDuration;
    private final Clock clock;
    private volatile Instant openedAt = Instant.EPOCH;
    private Instant holdUntil = Instant.EPOCH;

    /**
     * @param failureThreshold consecutive failed calls that open the circuit (at least 1)
     * @param openDuration     how long an open circuit refuses every call before one trial
     * @param registry         where the breaker is registered (its metrics are bound from there)
     */
    public LaporBreaker(int failureThreshold, Duration openDuration, Clock clock, CircuitBreakerRegistry registry) {
        this.openDuration = openDuration;
        this.clock = clock;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failureThreshold)
                .minimumNumberOfCalls(failureThreshold)
                .failureRateThreshold(100)
                .permittedNumberOfCallsInHalfOpenState(1)
                .waitDurationInOpenState(openDuration)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        this.breaker = registry.circuitBreaker(NAME, config);
        breaker.getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) openedAt = clock.instant();
        });
    }

    /** A breaker of its own registry (tests, tools). */
    public LaporBreaker(int failureThreshold, Duration openDuration, Clock clock) {
        this(failureThreshold, openDuration, clock, CircuitBreakerRegistry.ofDefaults());
    }

    /** How many calls may start now: 0 (open or held), 1 (half-open trial) or {@code wanted}. */
    public synchronized int permits(int wanted) {
        if (clock.instant().isBefore(holdUntil)) return 0;
        CircuitBreaker.State state = state();
        if (state == CircuitBreaker.State.CLOSED) return wanted;
        if (state == CircuitBreaker.State.HALF_OPEN) return breaker.tryAcquirePermission() ? Math.min(1, wanted) : 0;
        return 0;
    }

    /** Gives back a half-open trial permit that was not used (nothing was due). */
    public void unused() {
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) breaker.releasePermission();
    }

    /** LAPOR! answered as asked (or refused the complaint itself, which says nothing about its health). */
    public void onSuccess() {
        breaker.onSuccess(0, TimeUnit.NANOSECONDS);
    }

    /** LAPOR! did not answer, or answered that it is unwell (5xx, 429, 401/403, timeout). */
    public void onFailure(Throwable cause) {
        breaker.onError(0, TimeUnit.NANOSECONDS, cause);
    }

    /** LAPOR! asked us to wait (429 Retry-After): no call starts before then. */
    public synchronized void holdFor(Duration d) {
        Instant until = clock.instant().plus(d);
        if (until.isAfter(holdUntil)) holdUntil = until;
    }

    /** CLOSED, OPEN or HALF_OPEN; an OPEN circuit whose open duration has passed is HALF_OPEN from then on. */
    public synchronized CircuitBreaker.State state() {
        if (breaker.getState() == CircuitBreaker.State.OPEN && !clock.instant().isBefore(openedAt.plus(openDuration))) {
            breaker.transitionToHalfOpenState();
        }
        return breaker.getState();
    }

    /** Failed calls among the last {@code failureThreshold} (the window that opens the circuit when all failed). */
    public int failedCallsInWindow() {
        return breaker.getMetrics().getNumberOfFailedCalls();
    }

    public synchronized Instant holdUntil() {
        return holdUntil;
    }
}
