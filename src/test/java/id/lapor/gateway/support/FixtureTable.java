package id.lapor.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.ChannelReplayer;
import id.lapor.gateway.intake.Enrichment;
import id.lapor.gateway.intake.IntakeInput;
import id.lapor.gateway.intake.OperatorFiles;
import id.lapor.gateway.intake.TextFingerprint;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one runner of the golden fixtures of every channel, as a table: each {@link Row} is a label, an
 * input file and an expected file ({@code fixtures/<channel>/<label><suffix>} beside
 * {@code <label>.expected.json}), and becomes one dynamic test that runs the channel's normaliser
 * without Spring, Camel or a store and compares what it made with the expected JSON. Adding a case is
 * adding two files. An input is any file: raw bytes as a channel receives them (an {@code .eml}, a
 * flagged-post {@code .json}, a scanned {@code .pdf}, {@code .tif} or {@code .docx}), or a recipe a
 * channel's test turns into raw bytes (SMS {@code .hex} PDUs, a letter's {@code .letter.yaml}); a
 * table lists the suffixes it takes. {@code -Dfixtures.record=true} writes a missing expected file
 * (for review before it is committed).
 *
 * <p>What an accepted input becomes is shown as intake would store it: {@link Enrichment} (the same
 * code intake runs) over the draft, with the raw input's and attachments' sha256 as intake computes
 * them, checked against the canonical schema; ticket and times are placeholders ({@link GoldenFixtures#stable}).
 */
public final class FixtureTable {

    /** One case: its label (the file name without suffix), its input and its expected file. */
    public record Row(String label, Path input, Path expected) {
        @Override
        public String toString() {
            return input.getFileName().toString();
        }
    }

    /** How a row's actual outcome is made. */
    @FunctionalInterface
    public interface Outcome {
        JsonNode of(Row row) throws Exception;
    }

    private static final CanonicalJson JSON = new CanonicalJson();
    /** As the gateway runs it: the shipped categories, category model and dispositions, SLA follow-up 30 days. */
    private static final Enrichment ENRICHMENT = enrichment();

    private static Enrichment enrichment() {
        var lexicon = OperatorFiles.categories(Path.of("channel-config"));
        var model = id.lapor.gateway.classify.ClassifierConfiguration.shipped(Path.of("channel-config"), lexicon,
                new id.lapor.gateway.classify.ClassifierProperties(null, null, null, null), java.time.Clock.systemUTC());
        return new Enrichment(lexicon, model, OperatorFiles.dispositions(Path.of("channel-config")), Duration.ofDays(30));
    }

    private FixtureTable() {}

    /**
     * The rows of {@code dir}: every file whose name ends with one of {@code inputSuffixes} (and is no
     * expected file), in name order, labelled by its name without that suffix.
     */
    public static List<Row> rows(Path dir, String... inputSuffixes) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".expected.json")) continue;
                for (String suffix : inputSuffixes) {
                    if (name.endsWith(suffix)) {
                        String label = name.substring(0, name.length() - suffix.length());
                        rows.add(new Row(label, p, dir.resolve(label + ".expected.json")));
                        break;
                    }
                }
            }
        }
        return rows;
    }

    /** One dynamic test per row: the outcome must be what the row's expected file holds. */
    /** One routed check of a row; may throw what reading its files throws. */
    public interface RoutedCheck {
        void check(Row row) throws Exception;
    }

    /**
     * Runs {@code check} on every row through the real routes while the LAPOR! forwarder route is
     * suspended: it would otherwise turn a stored complaint FORWARDED (status, LAPOR! id) while the
     * test compares it with what intake stored. The forwarder is resumed whatever happens.
     */
    public static void throughRoutes(org.apache.camel.CamelContext context, List<Row> rows, RoutedCheck check) throws Exception {
        context.getRouteController().suspendRoute("lapor-forwarder");
        try {
            for (Row row : rows) check.check(row);
        } finally {
            context.getRouteController().resumeRoute("lapor-forwarder");
        }
    }

    public static Stream<DynamicTest> run(List<Row> rows, Outcome outcome) {
        assertThat(rows).as("fixture rows").isNotEmpty();
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.toString(), row.input().toUri(),
                () -> assertExpected(row, outcome.of(row))));
    }

    /** Asserts that {@code actual} is what the row's expected file holds (written first in record mode). */
    public static void assertExpected(Row row, JsonNode actual) throws IOException {
        if (!Files.exists(row.expected()) && Boolean.getBoolean("fixtures.record")) {
            Files.writeString(row.expected(), GoldenFixtures.PRETTY.writeValueAsString(actual) + "\n");
        }
        assertThat(row.expected()).as("expected file for " + row).exists();
        assertThat(GoldenFixtures.PRETTY.writeValueAsString(actual))
                .isEqualTo(GoldenFixtures.PRETTY.writeValueAsString(expected(row)));
    }

    /** The row's expected JSON. */
    public static JsonNode expected(Row row) throws IOException {
        return GoldenFixtures.PRETTY.readTree(row.expected().toFile());
    }

    /**
     * The usual view of a normaliser's answer: an Accepted draft as the canonical complaint intake
     * would store ({@link #canonical}); Ignored as {@code {outcome: IGNORED, reason}}; Rejected as
     * {@code {outcome: QUARANTINED, [channel,] reason_class, reason}}, after showing that replaying the
     * raw bytes quarantine keeps gives the same reason.
     *
     * @param replayer    the channel's normaliser as quarantine replay runs it
     * @param withChannel whether the quarantine view names the channel (the SMS and social fixtures do)
     */
    public static JsonNode view(Normalisation n, IntakeInput input, ChannelReplayer replayer, boolean withChannel) {
        if (n instanceof Normalisation.Accepted a) {
            Complaint c = complaint(a.draft(), input.raw());
            List<String> violations = JSON.violations(c);
            if (!violations.isEmpty()) {
                return quarantined(input, Normalisation.ReasonClass.VALIDATION,
                        "canonical complaint invalid: " + String.join("; ", violations), withChannel);
            }
            return canonical(c);
        }
        if (n instanceof Normalisation.Ignored i) {
            return GoldenFixtures.PRETTY.createObjectNode().put("outcome", "IGNORED").put("reason", i.reason());
        }
        Normalisation.Rejected r = (Normalisation.Rejected) n;
        // what quarantine keeps is the raw input: replaying it gives the same decision and reason
        Normalisation replayed = replayer.normaliseRaw(input.raw(), input.instance());
        assertThat(replayed).as("replay of the raw input quarantine keeps").isInstanceOf(Normalisation.Rejected.class);
        assertThat(((Normalisation.Rejected) replayed).reason()).isEqualTo(r.reason());
        return quarantined(input, r.reasonClass(), r.reason(), withChannel);
    }

    private static ObjectNode quarantined(IntakeInput input, Normalisation.ReasonClass reasonClass, String reason, boolean withChannel) {
        ObjectNode o = GoldenFixtures.PRETTY.createObjectNode().put("outcome", "QUARANTINED");
        if (withChannel) o.put("channel", input.channel().name());
        return o.put("reason_class", reasonClass.name()).put("reason", reason);
    }

    /**
     * The complaint intake would store for {@code draft} (status RECEIVED: no earlier complaint in the
     * way), with the raw input's and each attachment's sha256 as intake computes them.
     */
    public static Complaint complaint(ComplaintDraft draft, byte[] raw) {
        List<Complaint.Attachment> attachments = new ArrayList<>();
        for (ComplaintDraft.AttachmentContent a : draft.attachments()) {
            attachments.add(Enrichment.attachment(a, TextFingerprint.sha256Hex(a.bytes())));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String rawRef = raw == null ? null : "sha256:" + TextFingerprint.sha256Hex(raw);
        Complaint c = ENRICHMENT.complaint(draft, Ticket.generate(), now, rawRef, attachments);
        assertThat(Duration.between(c.receivedAt(), c.slaDueAt())).as("SLA due date").isEqualTo(Duration.ofDays(30));
        return c;
    }

    /** A complaint's canonical JSON with ticket and times as placeholders. */
    public static ObjectNode canonical(Complaint c) {
        return GoldenFixtures.stable(JSON.toTree(c));
    }
}
