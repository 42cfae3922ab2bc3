package id.lapor.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How golden fixtures' JSON is written and compared ({@link FixtureTable} runs them): pretty-printed,
 * with what differs per run (ticket, times) as placeholders.
 */
public final class GoldenFixtures {

    public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenFixtures() {}

    /** A stored complaint's canonical JSON with what differs per run (ticket, times) as placeholders. */
    public static ObjectNode stable(JsonNode canonical) {
        ObjectNode tree = (ObjectNode) canonical;
        tree.put("ticket", "<ticket>").put("received_at", "<received_at>").put("sla_due_at", "<received_at + 30d>");
        return tree;
    }
}
