package id.lapor.gateway.simulator;

import java.net.URI;
import java.time.Clock;

/**
 * Runs the WhatsApp Cloud API simulator on its own (docker-compose, manual tests):
 * {@code java -cp 'target/app/lapor-gateway-0.1.0-SNAPSHOT.jar:target/app/sim/*' id.lapor.gateway.simulator.WhatsAppSimulatorMain}
 * after {@code bin/build-app}. It serves the Graph API (media, messages) and POSTs statuses of the messages it
 * receives to the gateway's webhook. Settings from the environment: WHATSAPP_SIM_PORT (8092),
 * WHATSAPP_SIM_BIND (0.0.0.0), WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_PHONE_NUMBER_ID (109999000000001),
 * WHATSAPP_SIM_WEBHOOK_URL (http://gateway:8080/webhooks/whatsapp). The gateway points
 * WHATSAPP_GRAPH_BASE_URL at it.
 */
public final class WhatsAppSimulatorMain {

    private WhatsAppSimulatorMain() {}

    public static void main(String[] args) throws Exception {
        WhatsAppSimulator sim = new WhatsAppSimulator(env("WHATSAPP_SIM_BIND", "0.0.0.0"), Integer.parseInt(env("WHATSAPP_SIM_PORT", "8092")),
                required("WHATSAPP_ACCESS_TOKEN"), required("WHATSAPP_APP_SECRET"), env("WHATSAPP_PHONE_NUMBER_ID", "109999000000001"),
                Clock.systemUTC());
        sim.webhook(URI.create(env("WHATSAPP_SIM_WEBHOOK_URL", "http://gateway:8080/webhooks/whatsapp"))).autoStatuses(true);
        System.out.println("WhatsApp Cloud API simulator listening on port " + sim.port());
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
            System.err.println("WhatsApp simulator: environment variable " + name + " is required");
            System.exit(2);
        }
        return v;
    }
}
