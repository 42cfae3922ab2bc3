package id.lapor.gateway.support;

import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** One LAPOR! simulator on a free port for the whole test JVM (credentials as in application-test.yaml). */
public final class TestSimulator {

    public static final String BEARER = "test-bearer";
    public static final String TOKEN = "11111111-2222-4333-8444-555555555555";
    private static LaporSimulator instance;
    private static final HeldClock CLOCK = new HeldClock();

    private TestSimulator() {}

    public static synchronized LaporSimulator get() {
        if (instance == null) {
            try {
                instance = new LaporSimulator(0, BEARER, TOKEN, "/api/v3", Duration.ofSeconds(1), SimulatorFaults.none(), CLOCK);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /**
     * The simulator's clock, which moves its complaints one status a second. A test that must see
     * every status holds it (so a loaded machine cannot skip one between two syncs), steps it, and
     * releases it in a finally block; otherwise it is the system clock.
     */
    public static HeldClock clock() {
        return CLOCK;
    }

    /** The system clock, unless held: then the instant it was held at, plus what {@link #advance} added. */
    public static final class HeldClock extends Clock {
        private volatile Instant held;

        public synchronized void hold() {
            held = Instant.now();
        }

        public synchronized void advance(Duration d) {
            if (held == null) throw new IllegalStateException("hold the clock first");
            held = held.plus(d);
        }

        public synchronized void release() {
            held = null;
        }

        @Override
        public Instant instant() {
            Instant h = held;
            return h != null ? h : Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the simulator's clock is UTC");
        }
    }
}
