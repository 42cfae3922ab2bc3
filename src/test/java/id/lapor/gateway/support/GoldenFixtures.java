package id.lapor.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Courier-style golden fixtures: every input file in a folder is one dynamic test, compared with the
 * {@code <name>.expected.json} beside it. {@code -Dfixtures.record=true} writes a missing expected file
 * (for review before it is committed).
 */
public final class GoldenFixtures {

    public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenFixtures() {}

    /** One test per file in {@code dir} whose name ends with {@code inputSuffix} and is not an expected file. */
    public static Stream<DynamicTest> each(Path dir, String inputSuffix, ThrowingConsumer<Path> check) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(inputSuffix) && !p.toString().endsWith(".expected.json"))
                    .sorted().toList().stream()
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check.accept(p)));
        }
    }

    /** A stored complaint's canonical JSON with what differs per run (ticket, times) as placeholders. */
    public static ObjectNode stable(JsonNode canonical) {
        ObjectNode tree = (ObjectNode) canonical;
        tree.put("ticket", "<ticket>").put("received_at", "<received_at>").put("sla_due_at", "<received_at + 30d>");
        return tree;
    }

    /** Asserts that {@code actual} is what {@code <input without suffix>.expected.json} holds. */
    public static void assertExpected(Path input, String inputSuffix, JsonNode actual) throws IOException {
        String name = input.getFileName().toString();
        Path expectedFile = input.resolveSibling(name.substring(0, name.length() - inputSuffix.length()) + ".expected.json");
        if (!Files.exists(expectedFile) && Boolean.getBoolean("fixtures.record")) {
            Files.writeString(expectedFile, PRETTY.writeValueAsString(actual) + "\n");
        }
        assertThat(expectedFile).as("expected file for " + name).exists();
        assertThat(PRETTY.writeValueAsString(actual)).isEqualTo(PRETTY.writeValueAsString(PRETTY.readTree(expectedFile.toFile())));
    }
}
