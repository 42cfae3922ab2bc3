package id.lapor.gateway.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pace of one demo feed: its timer fires every {@code interval}; the first {@code scripted} ticks
 * each send an item (the scripted set: every case of the channel shown once or more), after that
 * only every {@code trickleEvery}-th tick does (a slow trickle, so the demo keeps moving without
 * filling the disk). The switch is logged once: "DEMO &lt;feed&gt;: scripted set done (n items);
 * from now on one item every &lt;interval × trickleEvery&gt;".
 *
 * <p>Called by the demo routes' filter ({@code demo-routes/demo.yaml}); one instance per feed.
 */
public final class DemoPace {

    private static final Logger log = LoggerFactory.getLogger(DemoPace.class);

    private final String feed;
    private final long scripted;
    private final long trickleEvery;
    private final Duration interval;
    private final AtomicLong tick = new AtomicLong();

    /**
     * @param feed         name in the log line (posts, sms, email, letters)
     * @param scripted     ticks that each send an item, from the first (≥ 0)
     * @param trickleEvery after them, one tick in this many sends an item (≥ 1)
     * @param interval     the timer's period, only for the log line
     */
    public DemoPace(String feed, long scripted, long trickleEvery, Duration interval) {
        if (scripted < 0 || trickleEvery < 1) {
            throw new IllegalArgumentException("scripted must be >= 0 and trickleEvery >= 1: " + scripted + ", " + trickleEvery);
        }
        this.feed = feed;
        this.scripted = scripted;
        this.trickleEvery = trickleEvery;
        this.interval = interval;
    }

    /** Counts one timer tick; true when this tick sends an item. Thread-safe. */
    public boolean due() {
        long n = tick.getAndIncrement();
        if (n < scripted) return true;
        if (n == scripted) {
            log.info("DEMO {}: scripted set done ({} items); from now on one item every {}s", feed, scripted,
                    interval.multipliedBy(trickleEvery).toSeconds());
        }
        return (n - scripted) % trickleEvery == trickleEvery - 1;
    }
}
