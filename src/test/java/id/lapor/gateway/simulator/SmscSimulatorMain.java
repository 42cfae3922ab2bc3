package id.lapor.gateway.simulator;

import java.net.InetAddress;

/**
 * The SMSC simulator on its own (docker-compose service {@code smsc-sim}): SMSC_SIM_PORT (2775),
 * SMSC_SIM_SYSTEM_ID, SMS_SMPP_PASSWORD, and SMSC_SIM_TRAFFIC_SECONDS (0 = no scripted traffic).
 */
public final class SmscSimulatorMain {

    private SmscSimulatorMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(env("SMSC_SIM_PORT", "2775"));
        String password = System.getenv("SMS_SMPP_PASSWORD");
        if (password == null || password.isBlank()) {
            System.err.println("SMSC simulator: environment variable SMS_SMPP_PASSWORD is required");
            System.exit(2);
        }
        SmscSimulator smsc = new SmscSimulator(InetAddress.getByName(env("SMSC_SIM_BIND", "0.0.0.0")), port,
                env("SMSC_SIM_SYSTEM_ID", "lapor-gw"), password);
        System.out.println("SMSC simulator listening on port " + smsc.port());
        Runtime.getRuntime().addShutdownHook(new Thread(smsc::close));
        long every = Long.parseLong(env("SMSC_SIM_TRAFFIC_SECONDS", "10"));
        if (every <= 0) {
            Thread.currentThread().join();
        }
        SmsTraffic traffic = new SmsTraffic(smsc, env("SMSC_SIM_SHORT_CODE", "1708"));
        while (true) {
            Thread.sleep(every * 1000);
            try {
                traffic.next();
            } catch (Exception e) {
                System.err.println("SMSC simulator: " + e.getMessage());
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
