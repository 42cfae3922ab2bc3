package id.lapor.gateway.channel.letter;

import id.lapor.gateway.support.MutableClock;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #15 kind 10, "one bad file never stalls a channel", the decisions without Camel: when to stop
 * waiting for a file that never settles ({@link SettleWatch}), the time limit on reading one file
 * ({@link ReadTimeLimit}, with deliberately slow and hanging reads), and the refusal of a file taken
 * before it settled.
 */
class LetterStallDecisionsTest {

    final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-read");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stop() {
        readers.shutdownNow();
    }

    // ---------------------------------------------------------------- never settling

    @Test
    void aFileThatNeverSettlesIsGivenUpOnOnceItHasWaitedGiveUpAfterCountedFromTheFirstPoll() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        SettleWatch watch = new SettleWatch(Duration.ofMinutes(5), clock);
        assertThat(watch.notSettled("/inbox/macet.pdf")).as("first poll: skipped").isEmpty();
        clock.advance(Duration.ofSeconds(35));
        assertThat(watch.notSettled("/inbox/macet.pdf")).isEmpty();
        clock.advance(Duration.ofSeconds(35));
        assertThat(watch.notSettled("/inbox/lain.pdf")).as("another file has its own count").isEmpty();
        clock.advance(Duration.ofSeconds(230));
        assertThat(watch.notSettled("/inbox/macet.pdf")).as("300 s after it was first seen").hasValue(Duration.ofSeconds(300));
        assertThat(watch.notSettled("/inbox/macet.pdf")).as("forgotten once given up: a new file of that name starts afresh").isEmpty();
        assertThat(watch.notSettled("/inbox/lain.pdf")).isEmpty();
    }

    @Test
    void aFileThatSettlesOrGoesAwayStartsAfresh() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        SettleWatch watch = new SettleWatch(Duration.ofSeconds(10), clock);
        watch.notSettled("/inbox/a.pdf");
        clock.advance(Duration.ofSeconds(9));
        watch.settled("/inbox/a.pdf");
        clock.advance(Duration.ofSeconds(5));
        assertThat(watch.notSettled("/inbox/a.pdf")).as("counted from after it settled, not from before").isEmpty();

        watch.notSettled("/inbox/gone.pdf");
        assertThat(watch.pending()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(21));
        watch.notSettled("/inbox/b.pdf");
        assertThat(watch.pending()).as("files not seen for twice give-up-after were taken away: forgotten").isEqualTo(1);
        assertThatThrownBy(() -> new SettleWatch(Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileTakenBeforeItSettledIsRefusedWithItsReasonAndNeverRead() {
        LetterReader mustNotRead = new LetterReader(Letters.LIMITS, Letters.OCR, null, null) {
            @Override
            public Read read(byte[] bytes, String detectedType) {
                throw new AssertionError("half a file must not be read as a letter");
            }
        };
        byte[] half = "Perihal: Jalan rusak\n\nJalan di depan rumah kami".getBytes(StandardCharsets.UTF_8);
        Normalisation n = new LetterNormaliser(mustNotRead, 0.7, ZoneId.of("Asia/Jakarta"))
                .normalise(new LetterFile("loket-surat", "macet.txt", half, null, null, Duration.ofSeconds(302)));
        assertThat(n).isEqualTo(Normalisation.rejected(ReasonClass.PARSE, "the file was still changing after 302 s (a copy or scan "
                + "that never finished); refused as it was then, " + half.length + " bytes"));
    }

    // ---------------------------------------------------------------- slow and hanging reads

    @Test
    void aSlowReadIsStoppedAtTheLimitWithItsReasonAndInterrupted() throws Exception {
        AtomicInteger timeouts = new AtomicInteger();
        ReadTimeLimit limit = new ReadTimeLimit(Duration.ofMillis(200), readers, timeouts::incrementAndGet);
        CountDownLatch interrupted = new CountDownLatch(1);
        assertThatThrownBy(() -> limit.call(() -> {
            try {
                Thread.sleep(60_000); // an OCR that would take a minute
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "never";
        })).isInstanceOfSatisfying(UnreadableLetter.class, u -> {
            assertThat(u.reasonClass()).isEqualTo(ReasonClass.TOO_LARGE);
            assertThat(u.getMessage()).isEqualTo("reading the file took longer than 0.2 s (the limit per file); stopped so that the letters after it are read");
        });
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the slow read was interrupted (Tesseract's process is destroyed then)").isTrue();
        assertThat(timeouts).hasValue(1);
    }

    @Test
    void aReadThatIgnoresItsInterruptHoldsOnlyItsOwnThreadAndTheNextFileIsRead() throws Exception {
        ReadTimeLimit limit = new ReadTimeLimit(Duration.ofMillis(200), readers, null);
        AtomicBoolean release = new AtomicBoolean();
        try {
            assertThatThrownBy(() -> limit.call(() -> {
                while (!release.get()) Thread.onSpinWait(); // a parser in an endless loop, deaf to interrupts
                return "never";
            })).isInstanceOf(UnreadableLetter.class).hasMessageContaining("took longer than 0.2 s");
            assertThat(limit.call(() -> "surat berikutnya")).as("the next file is read while the hung one still runs").isEqualTo("surat berikutnya");
        } finally {
            release.set(true);
        }
    }

    @Test
    void whatTheReadSaysPassesThroughUnchanged() {
        ReadTimeLimit limit = new ReadTimeLimit(Duration.ofSeconds(30), readers, null);
        assertThatThrownBy(() -> limit.call(() -> {
            throw new UnreadableLetter(ReasonClass.POLICY, "the PDF is encrypted with a password");
        })).isInstanceOfSatisfying(UnreadableLetter.class, u -> assertThat(u.reasonClass()).isEqualTo(ReasonClass.POLICY))
                .hasMessage("the PDF is encrypted with a password");
        assertThatThrownBy(() -> limit.call(() -> {
            throw new IllegalArgumentException("parser bug");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("parser bug");
        assertThatThrownBy(() -> new ReadTimeLimit(Duration.ZERO, readers, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLetterReaderAppliesTheLimitToTheWholeFile() throws Exception {
        // a real reader with a real limit: a 0-byte file is refused at once, well inside it
        LetterReader reader = new LetterReader(Letters.LIMITS, Letters.OCR, null, null, new ReadTimeLimit(Duration.ofSeconds(30), readers, null));
        assertThatThrownBy(() -> reader.read(new byte[0], null)).isInstanceOf(UnreadableLetter.class).hasMessage("empty file (0 bytes)");
        assertThat(reader.read("Perihal: Lampu jalan\n\nLampu jalan di Gang Kenari mati.".getBytes(StandardCharsets.UTF_8), null).text())
                .contains("Lampu jalan di Gang Kenari mati.");
    }
}
