package id.lapor.gateway.simulator;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs the LAPOR! simulator on its own (docker-compose, manual tests):
 * {@code java -cp 'target/app/lapor-gateway-0.1.0-SNAPSHOT.jar:target/app/sim/*' id.lapor.gateway.simulator.LaporSimulatorMain}
 * after {@code bin/build-app} (the extracted gateway jar for its libraries, the simulators jar and
 * GreenMail; the image has the same under /app). Settings from the environment:
 * LAPOR_SIM_PORT (8089), LAPOR_BEARER, LAPOR_TOKEN, LAPOR_SIM_BASE_PATH (/api/v3),
 * LAPOR_SIM_STATUS_STEP_SECONDS (60), LAPOR_SIM_BIND (0.0.0.0). Faults are set at run time with POST /_sim/faults.
 */
public final class LaporSimulatorMain {

    private LaporSimulatorMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(env("LAPOR_SIM_PORT", "8089"));
        String bearer = required("LAPOR_BEARER");
        String token = required("LAPOR_TOKEN");
        LaporSimulator sim = new LaporSimulator(env("LAPOR_SIM_BIND", "0.0.0.0"), port, bearer, token, env("LAPOR_SIM_BASE_PATH", "/api/v3"),
                Duration.ofSeconds(Long.parseLong(env("LAPOR_SIM_STATUS_STEP_SECONDS", "60"))),
                SimulatorFaults.none(), Clock.systemUTC());
        System.out.println("LAPOR! v3 simulator listening on port " + sim.port());
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String required(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            System.err.println("LAPOR! simulator: environment variable " + name + " is required");
            System.exit(2);
        }
        return v;
    }
}
