package id.lapor.gateway.reply;

/**
 * Spaces sends {@code 1/rate} seconds apart: each call books the next free slot and says how long to
 * wait for it. Pure arithmetic on a monotonic nanosecond reading ({@link System#nanoTime()} in
 * production), so the waits are tested without a clock. A pause longer than the gap gives no credit:
 * sends after it are spaced from the first of them, never bunched to catch up.
 */
public final class Pacer {

    private final long gapNanos;
    private long nextSlot;
    private boolean started;

    /** @param ratePerSecond sends per second; 0 or less: no spacing (every delay is 0) */
    public Pacer(int ratePerSecond) {
        this.gapNanos = ratePerSecond <= 0 ? 0 : 1_000_000_000L / ratePerSecond;
    }

    /** Nanoseconds between two sends (0 when not paced). */
    public long gapNanos() {
        return gapNanos;
    }

    /**
     * Books the slot for a send wanted at {@code nowNanos}; returns the nanoseconds to wait before it
     * (0 when the slot is now). Not thread-safe: one loop, one thread.
     */
    public long delayNanos(long nowNanos) {
        if (gapNanos == 0) return 0;
        if (!started || nowNanos - nextSlot > 0) {
            started = true;
            nextSlot = nowNanos;
        }
        long wait = nextSlot - nowNanos;
        nextSlot += gapNanos;
        return wait;
    }
}
