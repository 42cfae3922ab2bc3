package id.lapor.gateway.packaging;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml read as YAML (this machine has no Docker engine to start it): the services refer to what
 * exists, and the gateway is wired to the chat simulators with the same secrets and the variable names the
 * channel configuration reads (a typo in an environment variable would silently leave a channel on its default).
 */
class DockerComposeTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, Object> e = (Map<String, Object>) service.getOrDefault("environment", Map.of());
        Map<String, String> out = new java.util.TreeMap<>();
        e.forEach((k, v) -> out.put(k, resolved(String.valueOf(v))));
        return out;
    }

    /** {@code ${X:-default}} as compose resolves it with X unset. */
    private static String resolved(String v) {
        Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}").matcher(v);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySimulatorServiceStartsAMainClassOfTheTestTreeAndEveryDependencyIsAService() throws Exception {
        Map<String, Map<String, Object>> services = services();
        assertThat(services).containsKeys("gateway", "telegram-sim", "whatsapp-sim");
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
            Object entrypoint = s.getValue().get("entrypoint");
            if (entrypoint instanceof List<?> args) {
                String main = args.stream().map(String::valueOf).filter(a -> a.startsWith("id.lapor.gateway.")).findFirst().orElseThrow();
                assertThat(Class.forName(main).getMethod("main", String[].class)).as(s.getKey()).isNotNull();
            }
            Object deps = s.getValue().get("depends_on");
            if (deps instanceof Map<?, ?> d) assertThat(services).as(s.getKey() + " depends on").containsKeys(d.keySet().toArray(String[]::new));
        }
        assertThat((Map<String, Object>) services.get("gateway").get("depends_on")).containsKeys("telegram-sim", "whatsapp-sim");
    }

    @Test
    void theGatewayReachesTheChatSimulatorsWithTheirSecretsAndTheSimulatorPostsToTheGatewaysWebhook() throws Exception {
        Map<String, Map<String, Object>> services = services();
        Map<String, String> gw = env(services.get("gateway"));
        Map<String, String> tg = env(services.get("telegram-sim"));
        Map<String, String> wa = env(services.get("whatsapp-sim"));

        assertThat(gw).containsEntry("TELEGRAM_ENABLED", "true").containsEntry("WHATSAPP_ENABLED", "true");
        URI telegram = URI.create(gw.get("TELEGRAM_BASE_URL"));
        assertThat(telegram.getHost()).isEqualTo("telegram-sim");
        assertThat(telegram.getPort()).isEqualTo(Integer.parseInt(tg.get("TELEGRAM_SIM_PORT")));
        assertThat(gw.get("TELEGRAM_BOT_TOKEN")).isNotBlank().isEqualTo(tg.get("TELEGRAM_BOT_TOKEN"));

        URI graph = URI.create(gw.get("WHATSAPP_GRAPH_BASE_URL"));
        assertThat(graph.getHost()).isEqualTo("whatsapp-sim");
        assertThat(graph.getPort()).isEqualTo(Integer.parseInt(wa.get("WHATSAPP_SIM_PORT")));
        for (String shared : List.of("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_PHONE_NUMBER_ID")) {
            assertThat(gw.get(shared)).as(shared).isNotBlank().isEqualTo(wa.get(shared));
        }
        assertThat(gw.get("WHATSAPP_VERIFY_TOKEN")).isNotBlank();
        URI webhook = URI.create(wa.get("WHATSAPP_SIM_WEBHOOK_URL"));
        assertThat(webhook.getHost()).isEqualTo("gateway");
        assertThat(webhook.getPath()).isEqualTo("/webhooks/whatsapp");

        // every TELEGRAM_/WHATSAPP_ variable given to the gateway is one its channel configuration reads
        String config = Files.readString(Path.of("channel-config/telegram.yaml")) + Files.readString(Path.of("channel-config/whatsapp.yaml"));
        gw.keySet().stream().filter(k -> k.startsWith("TELEGRAM_") || k.startsWith("WHATSAPP_"))
                .forEach(k -> assertThat(config).as("channel-config reads %s", k).contains("${" + k + ":"));
    }
}
