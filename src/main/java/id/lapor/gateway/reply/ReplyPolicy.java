package id.lapor.gateway.reply;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ReplyLoop} treats one channel's replies; built from the channel's {@code replies.*}
 * settings in {@code channel-config/<channel>.yaml}.
 *
 * @param enabled       false: the loop sends nothing (rows stay PENDING)
 * @param batch         rows claimed per poll (at least 1); with pacing, what the rate allows in one poll interval
 *                      ({@link #batchFor})
 * @param ratePerSecond sends per second from this node, spaced evenly ({@link Pacer}); 0: not paced
 * @param ackWindow     at most one acknowledgement per recipient within this; later ones are SUPPRESSED
 * @param commandWindow the same answer text (CEK, INFO) to one recipient at most once within this; {@link Duration#ZERO}: no window
 * @param maxAttempts   attempts (claims) before a reply that keeps failing is FAILED
 * @param retryDelay    the first retry's delay; each further one doubles it, up to {@value #MAX_DOUBLINGS} doublings
 *                      (64 × the delay), see {@link #backoff}
 * @param lease         how long a claimed row stays away from other claims: longer than a poll's sends take. A row
 *                      whose node stopped between claim and mark comes back after it.
 */
public record ReplyPolicy(boolean enabled, int batch, int ratePerSecond, Duration ackWindow, Duration commandWindow,
                          int maxAttempts, Duration retryDelay, Duration lease) {

    /** The backoff stops growing after this many doublings of {@code retryDelay}. */
    public static final int MAX_DOUBLINGS = 6;

    public ReplyPolicy {
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, is " + batch);
        if (ratePerSecond < 0) throw new IllegalArgumentException("rate per second must not be negative, is " + ratePerSecond);
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be at least 1, is " + maxAttempts);
        Objects.requireNonNull(ackWindow, "ackWindow");
        Objects.requireNonNull(commandWindow, "commandWindow");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(lease, "lease");
    }

    /**
     * Delay before the next attempt after failed attempt number {@code attempts} (1-based):
     * {@code retryDelay × 2^(attempts − 1)}, at most {@code retryDelay × 2^}{@value #MAX_DOUBLINGS}.
     * With 30 s: 30 s, 1 min, 2 min, 4 min, … 32 min, then 32 min each time.
     */
    public Duration backoff(int attempts) {
        return retryDelay.multipliedBy(1L << Math.min(MAX_DOUBLINGS, Math.max(0, attempts - 1)));
    }

    /** Rows a paced poll can send: {@code ratePerSecond × pollInterval}, at least 1 (pollInterval counted as at least 1 ms). */
    public static int batchFor(int ratePerSecond, Duration pollInterval) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) ratePerSecond * Math.max(1, pollInterval.toMillis()) / 1000));
    }
}
