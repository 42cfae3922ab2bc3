package id.lapor.gateway.forward;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try an outbox row again: exponential backoff from {@code initial}, doubling per attempt,
 * capped at {@code max}, spread by ±{@code jitter} so that a backlog after an outage does not come
 * back as one thundering herd. A Retry-After from LAPOR! is a floor, never shortened by jitter.
 */
public final class RetryPolicy {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final RandomGenerator random;

    public RetryPolicy(Duration initial, Duration max, double jitter, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    /** Delay before the next try after {@code attempts} failed tries (1 = the first failed). */
    public Duration delay(int attempts, Duration retryAfter) {
        double base = initial.toMillis() * Math.pow(2, Math.max(0, Math.min(attempts - 1, 30)));
        double capped = Math.min(base, max.toMillis());
        double factor = 1.0 + jitter * (2 * random.nextDouble() - 1.0);
        long millis = Math.max(1, Math.round(capped * factor));
        if (retryAfter != null && retryAfter.toMillis() > millis) return retryAfter;
        return Duration.ofMillis(millis);
    }
}
