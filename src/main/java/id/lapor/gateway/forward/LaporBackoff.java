package id.lapor.gateway.forward;

import io.github.resilience4j.core.IntervalFunction;

import java.time.Duration;

/**
 * When to try an outbox row again: Resilience4j's exponential random backoff from {@code initial},
 * doubling per attempt, capped at {@code max}, spread by ±{@code jitter} so that a backlog after an
 * outage does not come back as one thundering herd. A {@code Retry-After} from LAPOR! is a floor,
 * never shortened by jitter.
 *
 * <p>Why the policy and not a Resilience4j {@code Retry} around the call: a retry that waits inside
 * the call lives in memory and is lost with the process. The gateway's retry is the outbox row
 * itself: its {@code attempts} and {@code next_attempt_at} are committed after every failed attempt
 * and survive a crash, and any node may take the row up. Resilience4j computes the delay; the outbox
 * keeps the schedule. A create is never retried inside a call (HttpClient's own retries are off):
 * each send is recorded on the row first (see {@link OutboxForwarder}).
 */
public final class LaporBackoff {

    private final IntervalFunction intervals;

    /**
     * @param initial delay after the first failed attempt (before jitter)
     * @param max     cap of the delay (before jitter)
     * @param jitter  spread, 0 (none) to below 1 (±100 % would allow no delay at all)
     */
    public LaporBackoff(Duration initial, Duration max, double jitter) {
        this.intervals = IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, Math.min(jitter, 0.99), max);
    }

    /**
     * Delay before the next try after {@code attempts} failed tries (1 = the first failed; 0 or less
     * is treated as 1), at least {@code retryAfter} when LAPOR! gave one.
     */
    public Duration delay(int attempts, Duration retryAfter) {
        long millis = Math.max(1, intervals.apply(Math.max(1, Math.min(attempts, 64))));
        if (retryAfter != null && retryAfter.toMillis() > millis) return retryAfter;
        return Duration.ofMillis(millis);
    }
}
