package id.lapor.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What runs where (#19, docs/ARCHITECTURE.md "Several nodes"), enforced on routes/*.yaml: the consumers that
 * must be single run under {@code master:}, the ones every node runs (their work claimed with
 * {@code FOR UPDATE SKIP LOCKED}, or their input balanced by the SMSC) do not, and every route that consumes
 * on its own (timer, folder, mailbox, SMSC, or {@code master:}) is in one of the two lists, so a new one has
 * to be placed here.
 */
class RoutePlacementTest {

    static final Map<String, String> LEADER_ONLY = Map.of(
            "email-intake", "email", "letter-inbox", "letters", "telegram-poll", "telegram",
            "chat-media", "chat-media", "chat-close", "chat-close", "lapor-status-sync", "status-sync",
            "sms-parts-timeout", "sms-parts");

    static final Set<String> EVERY_NODE = Set.of(
            "sms-intake", "lapor-forwarder", "sms-replies", "email-replies", "telegram-replies", "whatsapp-replies",
            // each node holds its own category model in memory, so each retrains it from the shared corrections
            // (deterministic training: the same corrections give every node the same model)
            "classifier-retrain");

    @Test
    void singletonsRunUnderMasterAndClaimedWorkOnEveryNode() throws Exception {
        Map<String, String> uris = new TreeMap<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (JsonNode item : yaml.readTree(f.toFile())) {
                    JsonNode route = item.path("route");
                    if (!route.isMissingNode()) uris.put(route.path("id").asText(), route.path("from").path("uri").asText());
                }
            }
        }
        LEADER_ONLY.forEach((id, namespace) ->
                assertThat(uris.get(id)).as("route %s", id).startsWith("master:" + namespace + ":"));
        EVERY_NODE.forEach(id -> assertThat(uris.get(id)).as("route %s", id).isNotNull().doesNotStartWith("master:"));
        Set<String> selfConsuming = new java.util.TreeSet<>();
        uris.forEach((id, uri) -> {
            if (!uri.startsWith("direct:") && !uri.startsWith("seda:")) selfConsuming.add(id);
        });
        Set<String> placed = new java.util.TreeSet<>(EVERY_NODE);
        placed.addAll(LEADER_ONLY.keySet());
        assertThat(selfConsuming).as("routes that consume on their own, each placed").isEqualTo(placed);
    }
}
