package id.lapor.gateway.channel.letter;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

/** The letters reader as channel-config/letters.yaml configures it, with the installed Tesseract. */
final class Letters {

    static final LetterProperties.Limits LIMITS = new LetterProperties.Limits(LetterFixture.MAX_FILE_BYTES, 20, 40_000_000, 200_000, 100, 100);
    static final LetterProperties.Ocr OCR = new LetterProperties.Ocr("ind+eng", "tesseract", 300, 120, 2, 0.70, 20, java.time.Duration.ofMinutes(10));

    private Letters() {}

    static TesseractOcr tesseract() {
        Path dir = TesseractOcr.writeLauncher("tesseract", Path.of("target", "letter-ocr-bin"));
        return new TesseractOcr(dir, OCR.language(), OCR.secondsPerPage());
    }

    static LetterReader reader(ExecutorService pool) {
        return new LetterReader(LIMITS, OCR, tesseract(), pool);
    }
}
