package id.lapor.gateway.channel.letter;

import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineStore;
import id.lapor.gateway.intake.TextFingerprint;
import id.lapor.gateway.simulator.ScannerSimulator;
import id.lapor.gateway.support.GatewayIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #15 kind 10 in the running gateway, with short limits: a file that never settles is refused
 * with its reason after {@code give-up-after}, and a file whose reading takes longer than
 * {@code ocr.file-timeout} (a real 20-page scan, real Tesseract) is refused with "took longer than",
 * while plain letters dropped after either are read at once. Its own context, for the short limits.
 */
@GatewayIntegrationTest
@TestPropertySource(properties = {
        "channels.letters.inbox.settle-timeout=1s",
        "channels.letters.inbox.give-up-after=4s",
        "channels.letters.ocr.file-timeout=4s",
        "channels.letters.inbox.max-attempts=3"})
class LetterInboxStallTest {

    @Autowired Ledger ledger;
    @Autowired QuarantineStore quarantine;
    @Autowired MeterRegistry meters;
    @Autowired org.apache.camel.CamelContext camel;
    @Value("${channels.letters.inbox.dir}") Path inbox;

    /** As a scanner does: write under a temporary name, then rename into the inbox. */
    private void drop(String name, byte[] bytes) throws Exception {
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] letter(String subject, String signer) {
        return ("Perihal: " + subject + "\n\nDengan hormat,\nKami mohon " + subject.toLowerCase() + " segera ditangani oleh dinas terkait.\n\n"
                + "Hormat saya,\n" + signer + "\n0817-5555-0199\n").getBytes(StandardCharsets.UTF_8);
    }

    private String ticketOf(byte[] bytes) {
        // a letter's transport key is per intake point: the file's sha256 there
        return ledger.ticketByTransportKey(TextFingerprint.transportKey("LETTER", "loket-surat", "letter:loket-surat",
                "sha256:" + TextFingerprint.sha256Hex(bytes))).orElse(null);
    }

    private double givenUp(String why) {
        var c = meters.find("gateway.inputs.given.up").tag("channel", "letter").tag("why", why).counter();
        return c == null ? 0 : c.count();
    }

    private QuarantineStore.Item quarantinedFor(Path reasonFile) throws Exception {
        String text = Files.readString(reasonFile);
        long qid = Long.parseLong(text.replaceAll("(?s).*quarantine id: (\\d+).*", "$1"));
        return quarantine.find(qid).orElseThrow();
    }

    @Test
    void aFileThatNeverSettlesIsRefusedWithItsReasonAfterGiveUpAfterWhileTheLettersAfterItAreRead() throws Exception {
        Path growing = inbox.resolve("macet.pdf");
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Long> written = new ArrayList<>();
        Thread writer = new Thread(() -> {
            // a copy that hangs: a few bytes every 100 ms, for ever
            try (OutputStream out = Files.newOutputStream(growing)) {
                out.write("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
                while (writing.get()) {
                    out.write(new byte[64]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        double before = givenUp("unsettled");
        long t0 = System.nanoTime();
        writer.start();
        try {
            Thread.sleep(300);
            byte[] surat = letter("Sampah menumpuk di Pasar Kebon Roek", "Siti Aminah");
            long dropped = System.nanoTime();
            drop("surat.txt", surat);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("processed/surat.txt")));
            long read = System.nanoTime();
            assertThat(ticketOf(surat)).as("the letter dropped after it became a complaint").isNotNull();
            assertThat(growing).as("the never-settling file is still pending while the letter is read").exists();

            Path reason = inbox.resolve("failed/macet.pdf.reason.txt");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("failed/macet.pdf")) && Files.exists(reason));
            long refused = System.nanoTime();
            System.out.printf("kind 10: surat.txt read %d ms after its drop while macet.pdf kept growing; macet.pdf refused %d ms after "
                    + "it was first written (give-up-after 4 s, settle-timeout 1 s)%n", (read - dropped) / 1_000_000, (refused - t0) / 1_000_000);
            assertThat(growing).as("moved out of the inbox").doesNotExist();
            String text = Files.readString(reason);
            assertThat(text).containsPattern("reason: the file was still changing after [4-9] s \\(a copy or scan that never finished\\); "
                    + "refused as it was then, \\d+ bytes").contains("quarantine id: ");
            QuarantineStore.Item item = quarantinedFor(reason);
            assertThat(item.reasonClass()).isEqualTo(ReasonClass.PARSE);
            byte[] kept = quarantine.raw(item).orElseThrow();
            assertThat(kept.length).as("its bytes as read when the wait ended").isGreaterThan(9);
            assertThat(new String(Arrays.copyOf(kept, 9), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.7\n");
            assertThat(givenUp("unsettled")).isEqualTo(before + 1);
        } finally {
            writing.set(false);
            writer.join();
        }
        byte[] after = letter("Lampu jalan padam di Gang Kenari", "Baiq Sumarni");
        drop("sesudah.txt", after);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("processed/sesudah.txt")));
        assertThat(ticketOf(after)).isNotNull();
    }

    @Test
    void aFileWhoseReadingTakesLongerThanTheLimitIsRefusedAndTheLetterAfterItIsReadMeanwhile() throws Exception {
        // a real slow input: 20 scanned pages for real Tesseract, about 10 s of OCR on two workers, over a 4 s limit
        List<String> pages = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            pages.add("Halaman " + i + "\n\nLampiran daftar warga penerima bantuan yang belum menerima haknya di RT " + i
                    + ".\nMohon diperiksa oleh Dinas Sosial.\n");
        }
        byte[] scan = ScannerSimulator.render(pages, ScannerSimulator.Scan.clean(ScannerSimulator.Format.PDF_SCAN));
        double before = givenUp("read-timeout");
        drop("lampiran-tebal.pdf", scan);
        // the scan is being read (Camel's marker file is there while it is in the route)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(inbox.resolve("lampiran-tebal.pdf.camelLock")));
        byte[] surat = letter("Jembatan Kali Ancar retak", "Lalu Wirahadi");
        long dropped = System.nanoTime();
        drop("jembatan.txt", surat);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("processed/jembatan.txt")));
        long read = System.nanoTime();
        assertThat(inbox.resolve("failed/lampiran-tebal.pdf")).as("the slow file was still being read when the letter after it was done")
                .doesNotExist();
        assertThat(ticketOf(surat)).isNotNull();

        Path reason = inbox.resolve("failed/lampiran-tebal.pdf.reason.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("failed/lampiran-tebal.pdf")) && Files.exists(reason));
        long refused = System.nanoTime();
        System.out.printf("kind 10: jembatan.txt read %d ms after its drop while a 20-page scan was being OCR'd; the scan refused %d ms "
                + "after the letter's drop (file-timeout 4 s)%n", (read - dropped) / 1_000_000, (refused - dropped) / 1_000_000);
        assertThat(Files.readString(reason)).contains("reason: reading the file took longer than 4 s (the limit per file); "
                + "stopped so that the letters after it are read");
        QuarantineStore.Item item = quarantinedFor(reason);
        assertThat(item.reasonClass()).isEqualTo(ReasonClass.TOO_LARGE);
        assertThat(quarantine.raw(item)).as("the whole file kept for replay").hasValue(scan);
        assertThat(givenUp("read-timeout")).isEqualTo(before + 1);
    }

    /**
     * A file whose intake fails at every poll for a reason of its own (a bug it trips) used to stay in
     * the inbox and be read, OCR and all, at every poll for ever. At the third attempt it is quarantined
     * with its bytes and moved to failed/ with its reason; the letter dropped after it is read meanwhile.
     */
    @Test
    void aFileWhoseIntakeFailsAtEveryPollIsRefusedAfterMaxAttempts() throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.camel.builder.AdviceWith.adviceWith(camel, "letter-inbox", a -> a.weaveByToUri("direct:normalise").before().process(e -> {
            if ("racun.txt".equals(e.getMessage().getBody(LetterFile.class).filename())) {
                attempts.incrementAndGet();
                throw new IllegalStateException("a bug this letter trips");
            }
        }));
        try {
            byte[] bad = letter("Banjir di Kelurahan Dasan Agung", "Made Sudarsana");
            drop("racun.txt", bad);
            Thread.sleep(200);
            byte[] good = letter("Saluran irigasi jebol di Subak Jangkok", "Ni Luh Sari");
            drop("irigasi.txt", good);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("processed/irigasi.txt")));
            assertThat(ticketOf(good)).isNotNull();
            Path reason = inbox.resolve("failed/racun.txt.reason.txt");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("failed/racun.txt")) && Files.exists(reason));
            assertThat(attempts).hasValue(3);
            assertThat(Files.readString(reason)).contains("reason: intake failed on this input at 3 attempts in a row (IllegalStateException)");
            QuarantineStore.Item item = quarantinedFor(reason);
            assertThat(item.reasonClass()).isEqualTo(ReasonClass.INTERNAL);
            assertThat(quarantine.raw(item)).hasValue(bad);
            assertThat(ticketOf(bad)).as("no complaint of it").isNull();
        } finally {
            org.apache.camel.builder.AdviceWith.adviceWith(camel, "letter-inbox",
                    a -> a.weaveByType(org.apache.camel.model.ProcessDefinition.class).remove());
        }
    }
}
