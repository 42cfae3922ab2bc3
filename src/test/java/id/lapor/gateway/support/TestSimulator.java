package id.lapor.gateway.support;

import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/** One LAPOR! simulator on a free port for the whole test JVM (credentials as in application-test.yaml). */
public final class TestSimulator {

    public static final String BEARER = "test-bearer";
    public static final String TOKEN = "11111111-2222-4333-8444-555555555555";
    private static LaporSimulator instance;

    private TestSimulator() {}

    public static synchronized LaporSimulator get() {
        if (instance == null) {
            try {
                instance = new LaporSimulator(0, BEARER, TOKEN, "/api/v3", Duration.ofSeconds(1), SimulatorFaults.none(),
                        Clock.systemUTC());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }
}
