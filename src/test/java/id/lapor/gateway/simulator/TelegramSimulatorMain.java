package id.lapor.gateway.simulator;

/**
 * Runs the Telegram Bot API simulator on its own (docker-compose, manual tests):
 * {@code java -cp 'target/app/lapor-gateway-0.1.0-SNAPSHOT.jar:target/app/sim/*' id.lapor.gateway.simulator.TelegramSimulatorMain}.
 * Settings from the environment: TELEGRAM_SIM_PORT (8091), TELEGRAM_BOT_TOKEN (required: the token the gateway uses),
 * TELEGRAM_SIM_BIND (0.0.0.0). Point the gateway's TELEGRAM_BASE_URL at it.
 */
public final class TelegramSimulatorMain {

    private TelegramSimulatorMain() {}

    public static void main(String[] args) throws Exception {
        String token = System.getenv("TELEGRAM_BOT_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("Telegram simulator: environment variable TELEGRAM_BOT_TOKEN is required");
            System.exit(2);
        }
        String port = System.getenv().getOrDefault("TELEGRAM_SIM_PORT", "8091");
        String bind = System.getenv().getOrDefault("TELEGRAM_SIM_BIND", "0.0.0.0");
        TelegramSimulator sim = new TelegramSimulator(bind, Integer.parseInt(port), token);
        System.out.println("Telegram Bot API simulator listening on port " + sim.port());
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        Thread.currentThread().join();
    }
}
