package id.lapor.gateway.channel.letter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.intake.TextFingerprint;
import id.lapor.gateway.support.FixtureTable;
import id.lapor.gateway.support.GoldenFixtures;
import id.lapor.gateway.support.WordAccuracy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The letter fixtures as a table ({@link FixtureTable}), read by the real reader with the installed
 * Tesseract and compared with {@code <case>.expected.json}. An input is either a recipe,
 * {@code <case>.letter.yaml}: the text of each page (the ground truth) rendered by the scanner
 * simulator, or a {@code hostile} file made to break the reader; or a raw file as a scanner or the
 * counter would deliver it ({@code <case>.pdf}, {@code .tif}, {@code .docx} …, named in
 * {@link #RAW_SUFFIXES}). OCR'd text cannot be compared letter for letter: each page of a recipe is held
 * to word accuracy against the recipe's own text (95 % for clean 300 dpi scans), and the content to the
 * same accuracy against the expected body. The rendered files are left in target/letter-fixtures.
 */
class LetterFixturesTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/letter");
    static final Path OUT = Path.of("target", "letter-fixtures");
    static final String SUFFIX = ".letter.yaml";
    /** Raw files a letter arrives as; a raw case is a file with one of these beside its expected file. */
    static final String[] RAW_SUFFIXES = {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".docx", ".odt", ".rtf", ".txt"};
    /** Word accuracy an OCR'd raw file's content must reach against its expected content. */
    static final double RAW_OCR_ACCURACY = 0.95;

    static ExecutorService pool;
    static LetterNormaliser normaliser;

    @BeforeAll
    static void reader() throws Exception {
        pool = Executors.newFixedThreadPool(2);
        normaliser = new LetterNormaliser(Letters.reader(pool), 0.70, ZoneId.of("Asia/Jakarta"));
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @TestFactory
    Stream<DynamicTest> letters() throws Exception {
        String[] suffixes = Stream.concat(Stream.of(SUFFIX), Stream.of(RAW_SUFFIXES)).toArray(String[]::new);
        return FixtureTable.run(FixtureTable.rows(DIR, suffixes), row -> row.input().toString().endsWith(SUFFIX)
                ? rendered(row) : raw(row));
    }

    /** A recipe: rendered, read, each OCR'd page held to the recipe's own text. */
    private static JsonNode rendered(FixtureTable.Row row) throws Exception {
        LetterFixture fx = LetterFixture.load(row.input());
        byte[] bytes = fx.bytes();
        String name = row.label();
        if (bytes.length < 30_000_000) Files.write(OUT.resolve(name + "." + (fx.format() == null ? "bin" : fx.format().toLowerCase())), bytes);

        Normalisation n = normaliser.normalise(new LetterFile("loket-surat", fx.filename(), bytes, null, null, fx.unsettledFor()));
        JsonNode expected = Files.exists(row.expected()) ? FixtureTable.expected(row) : null;
        ObjectNode view = view(n, fx.ocr(), fx.requiredAccuracy(), expected);
        if (n instanceof Normalisation.Accepted a) {
            ComplaintDraft d = a.draft();
            assertThat(d.externalId()).isEqualTo("sha256:" + TextFingerprint.sha256Hex(bytes));
            assertThat(d.attachments().get(0).bytes()).as("the original file is the attachment").isEqualTo(bytes);
            if (fx.ocr()) {
                for (Complaint.Page p : d.document().pages()) {
                    String truth = fx.pages().get(p.number() - 1);
                    double acc = WordAccuracy.of(truth, p.text());
                    System.out.printf("%s page %d: word accuracy %.3f, confidence %s, rotation %d%n", name, p.number(), acc, p.confidence(), p.rotation());
                    if (truth.isBlank()) assertThat(p.text()).as("blank page").isBlank();
                    else assertThat(acc).as(name + " page " + p.number() + " word accuracy; read:\n" + p.text()).isGreaterThanOrEqualTo(fx.requiredAccuracy());
                }
                assertThat(d.document().meanConfidence()).isNotNull();
            }
        }
        return view;
    }

    /** A raw file: read as it is, under its own name; OCR'd content held to {@value #RAW_OCR_ACCURACY} of the expected. */
    private static JsonNode raw(FixtureTable.Row row) throws Exception {
        byte[] bytes = Files.readAllBytes(row.input());
        Normalisation n = normaliser.normalise(new LetterFile("loket-surat", row.input().getFileName().toString(), bytes, null));
        JsonNode expected = Files.exists(row.expected()) ? FixtureTable.expected(row) : null;
        boolean ocr = n instanceof Normalisation.Accepted a && a.draft().document().pages().stream().anyMatch(p -> "OCR".equals(p.method()));
        if (n instanceof Normalisation.Accepted a) {
            assertThat(a.draft().externalId()).isEqualTo("sha256:" + TextFingerprint.sha256Hex(bytes));
            assertThat(a.draft().attachments().get(0).bytes()).as("the original file is the attachment").isEqualTo(bytes);
        }
        return view(n, ocr, RAW_OCR_ACCURACY, expected);
    }

    @Test
    void aPageThatTakesLongerThanTheOcrLimitIsRefusedWithThatReason() throws Exception {
        LetterProperties.Ocr oneSecond = new LetterProperties.Ocr("ind+eng", "tesseract", 300, 1, 2, 0.70, 20, java.time.Duration.ofMinutes(10));
        Path dir = TesseractOcr.writeLauncher("tesseract", Path.of("target", "letter-ocr-bin"));
        LetterReader reader = new LetterReader(Letters.LIMITS, oneSecond, new TesseractOcr(dir, "ind+eng", 1), pool);
        // a dense 600 dpi page: Tesseract needs several seconds for it
        String dense = ("Jalan rusak di desa kami sudah lama tidak diperbaiki oleh dinas terkait.\n").repeat(60);
        byte[] scan = id.lapor.gateway.simulator.ScannerSimulator.render(java.util.List.of(dense),
                new id.lapor.gateway.simulator.ScannerSimulator.Scan(id.lapor.gateway.simulator.ScannerSimulator.Format.PNG, 600, 0, 0, 0, 1));
        assertThatThrownBy(() -> reader.read(scan, null)).isInstanceOf(UnreadableLetter.class)
                .hasMessage("OCR of page 1 took longer than 1 s")
                .satisfies(e -> assertThat(((UnreadableLetter) e).reasonClass()).isEqualTo(Normalisation.ReasonClass.TOO_LARGE));
    }

    /**
     * What the fixture pins down. OCR'd content counts as the expected body when its word accuracy
     * against it reaches {@code requiredAccuracy} (else the content as read shows in the diff).
     */
    static ObjectNode view(Normalisation n, boolean ocr, double requiredAccuracy, JsonNode expected) {
        ObjectNode v = GoldenFixtures.PRETTY.createObjectNode();
        if (n instanceof Normalisation.Rejected r) {
            return v.put("outcome", "REJECTED").put("reason_class", r.reasonClass().name()).put("reason", r.reason());
        }
        if (n instanceof Normalisation.Ignored i) return v.put("outcome", "IGNORED").put("reason", i.reason());
        ComplaintDraft d = ((Normalisation.Accepted) n).draft();
        v.put("outcome", "ACCEPTED");
        v.put("sender_key", d.senderKey());
        v.put("title", d.title());
        v.put("occurred_at", d.occurredAt() == null ? null : d.occurredAt().toString());
        v.set("reporter", GoldenFixtures.PRETTY.valueToTree(d.reporter()));
        String content = d.content();
        if (ocr && expected != null && expected.path("content").isTextual()
                && WordAccuracy.of(expected.path("content").asText(), content) >= requiredAccuracy) {
            content = expected.path("content").asText();
        }
        v.put("content", content);
        ArrayNode flags = v.putArray("flags");
        d.flags().forEach(f -> flags.add(f.startsWith("OCR_LOW_CONFIDENCE:") ? "OCR_LOW_CONFIDENCE:<mean>" : f));
        ComplaintDraft.AttachmentContent att = d.attachments().get(0);
        v.putObject("attachment").put("filename", att.filename()).put("media_type", att.mediaType());
        ObjectNode doc = v.putObject("document");
        doc.put("media_type", d.document().mediaType()).put("page_count", d.document().pageCount())
                .put("addressee", d.document().addressee());
        ArrayNode pages = doc.putArray("pages");
        for (Complaint.Page p : d.document().pages()) {
            pages.addObject().put("number", p.number()).put("method", p.method()).put("rotation", p.rotation())
                    .put("blank", p.text().isBlank());
        }
        return v;
    }
}
