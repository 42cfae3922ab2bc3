package id.lapor.gateway.forward;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the forwarder from hammering LAPOR! while it is down: after {@code failureThreshold}
 * consecutive failed calls the circuit OPENs and no call is made for {@code openDuration}; then it
 * lets one trial call through (HALF_OPEN): success closes it, failure opens it again. A 429's
 * Retry-After holds all calls until it has passed. Thread-safe.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final Duration openDuration;
    private final Clock clock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private Instant holdUntil = Instant.EPOCH;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, Duration openDuration, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.openDuration = openDuration;
        this.clock = clock;
    }

    /** How many calls may start now: 0 (open or held), 1 (half-open trial) or {@code wanted}. */
    public synchronized int permits(int wanted) {
        Instant now = clock.instant();
        if (now.isBefore(holdUntil)) return 0;
        if (state == State.OPEN && !now.isBefore(openedAt.plus(openDuration))) {
            state = State.HALF_OPEN;
        }
        return switch (state) {
            case CLOSED -> wanted;
            case OPEN -> 0;
            case HALF_OPEN -> {
                if (trialInFlight) yield 0;
                trialInFlight = true;
                yield Math.min(1, wanted);
            }
        };
    }

    /** Gives back a half-open trial permit that was not used (nothing was due). */
    public synchronized void unused() {
        trialInFlight = false;
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        trialInFlight = false;
        state = State.CLOSED;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        trialInFlight = false;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }

    /** LAPOR! asked us to wait (429 Retry-After). */
    public synchronized void holdFor(Duration d) {
        Instant until = clock.instant().plus(d);
        if (until.isAfter(holdUntil)) holdUntil = until;
    }

    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openDuration))) return State.HALF_OPEN;
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    public synchronized Instant holdUntil() {
        return holdUntil;
    }
}
