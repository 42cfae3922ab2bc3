package id.lapor.gateway.channel.letter;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code channel-config/letters.yaml}: scanned and typed paper letters, dropped into a watched folder
 * by scanners or uploaded by counter staff ({@code POST /api/letters}). No secrets.
 */
@Validated
@ConfigurationProperties("channels.letters")
public record LetterProperties(
        boolean enabled,
        @NotBlank String instance,
        @Valid @NotNull Inbox inbox,
        @Valid @NotNull Limits limits,
        @Valid @NotNull Ocr ocr) {

    /**
     * @param dir          the folder scanners write into; {@code processed/} and {@code failed/} are made inside it
     * @param pollInterval how often the folder is looked at
     * @param settleTime   a file is read only when its size and time have not changed for this long
     * @param settleTimeout at most this long one poll waits for one file to settle; a file still changing
     *                     is left for the next poll, so it never holds back the letters after it
     * @param giveUpAfter  a file that has not settled for this long (across polls: a copy that hangs, a
     *                     file something keeps touching) is taken as it is, refused with that reason and
     *                     moved to {@code failed/}, never left in the inbox unnoticed
     * @param maxAttempts  a file whose intake fails at this many polls in a row (for a reason of its own: a
     *                     store outage fails the quarantine too) is quarantined and moved to {@code failed/},
     *                     instead of being read (and OCR'd) again at every poll for ever
     */
    public record Inbox(boolean watch, @NotBlank String dir, @NotNull Duration pollInterval, @NotNull Duration settleTime,
                        @NotNull Duration settleTimeout, @NotNull Duration giveUpAfter, @Min(1) @Max(100) int maxAttempts) {}

    /**
     * @param maxFileBytes        bigger files are refused whole (and kept in quarantine)
     * @param maxPages            a letter with more pages is refused
     * @param maxPixelsPerPage    a page image claiming more pixels is a decompression bomb (A4 at 300 dpi is 8.7 M)
     * @param maxTextChars        Tika's write limit: extracted text beyond this is a bomb, not a letter
     * @param maxCompressionRatio Tika's zip-bomb guard for DOCX/ODT: output characters per input byte
     * @param maxPackageDepth     Tika's zip-bomb guard: nesting depth of XML elements
     */
    public record Limits(
            @Min(1) long maxFileBytes,
            @Min(1) @Max(500) int maxPages,
            @Min(1) long maxPixelsPerPage,
            @Min(1000) int maxTextChars,
            @Min(10) long maxCompressionRatio,
            @Min(10) int maxPackageDepth) {}

    /**
     * @param language          Tesseract languages ({@code ind+eng})
     * @param tesseract         the tesseract program (on PATH or absolute)
     * @param dpi               PDF pages without a text layer are rendered at this resolution
     * @param secondsPerPage    OCR of one page is stopped after this
     * @param workers           pages OCR'd in parallel (one single-threaded tesseract process each)
     * @param lowConfidence     below this mean confidence (0..1) the complaint is flagged OCR_LOW_CONFIDENCE
     * @param minTextLayerChars a PDF page with fewer letters in its text layer is treated as scanned
     * @param fileTimeout       reading one file (Tika parsing, page rendering and the OCR of all its pages)
     *                          is stopped after this, and the file refused ("took longer than N s"), so a
     *                          slow or hanging file never holds back the others
     */
    public record Ocr(
            @NotBlank @Pattern(regexp = "[a-z_]+(\\+[a-z_]+)*", message = "must be Tesseract language codes joined by +") String language,
            @NotBlank String tesseract,
            @Min(72) @Max(600) int dpi,
            @Min(1) @Max(600) int secondsPerPage,
            @Min(1) @Max(32) int workers,
            @DecimalMin("0") @DecimalMax("1") double lowConfidence,
            @Min(0) int minTextLayerChars,
            @NotNull Duration fileTimeout) {}
}
