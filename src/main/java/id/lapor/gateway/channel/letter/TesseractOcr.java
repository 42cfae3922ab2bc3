package id.lapor.gateway.channel.letter;

import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.ocr.TesseractOCRParser;
import org.xml.sax.SAXException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OCR of one page image with Tesseract, through Tika's {@link TesseractOCRParser}: hOCR output, so each
 * page comes back with its text, its mean word confidence and the angle it was read at.
 *
 * <p>Orientation: a first pass uses page segmentation mode 3 (automatic, no orientation detection),
 * which costs what the bare CLI costs. An upright page reads well and is done. A page that reads
 * poorly (mean confidence under {@value #RETRY_BELOW}, which is what an upside-down page gives), or
 * whose lines run top to bottom (a sideways page), is read again with mode 1 (automatic with
 * orientation and script detection, about a third dearer), which turns it; the better of the two
 * reads is kept. So only turned, blank or poor pages pay for orientation detection.
 *
 * <p>Tika starts tesseract with the gateway's own environment, and Tesseract's OpenMP build is about
 * 8 times slower on 2 cores unless {@code OMP_THREAD_LIMIT=1}. So Tika is pointed at a launcher that
 * the gateway writes ({@link #writeLauncher}): it sets that variable and runs the real program.
 */
public class TesseractOcr {

    /** Below this mean word confidence a page is read again with orientation detection. */
    static final double RETRY_BELOW = 0.80;

    /** What Tesseract read off one page. */
    public record Result(String text, Double confidence, int rotation) {}

    private final TesseractOCRParser parser = new TesseractOCRParser();
    private final Path launcher;
    private final boolean installed;
    private final int secondsPerPage;

    /**
     * @param launcherDir a folder holding the {@code tesseract} launcher ({@link #writeLauncher})
     */
    public TesseractOcr(Path launcherDir, String language, int secondsPerPage) {
        this.launcher = launcherDir.resolve("tesseract");
        this.installed = Files.isExecutable(launcher);
        this.secondsPerPage = secondsPerPage;
        parser.setTesseractPath(launcherDir.toAbsolutePath().toString());
        parser.setLanguage(language);
        parser.setPageSegMode("3");
        parser.setOutputType("hocr");
        parser.setTimeout(secondsPerPage);
        parser.setPreloadLangs(false);
        try {
            parser.initialize(Collections.emptyMap());
        } catch (org.apache.tika.exception.TikaConfigException e) {
            throw new IllegalStateException("Tesseract cannot be set up: " + e.getMessage(), e);
        }
    }

    /**
     * Reads one page image (any format Leptonica reads: PNG, JPEG, TIFF, BMP, PNM).
     *
     * @param dpi the image's resolution when the file does not say it (rendered PDF pages); null to let
     *            Tesseract use the file's own or estimate it
     */
    public Result read(Path image, Integer dpi) throws IOException, TikaException {
        // Tika skips OCR without a word when it finds no tesseract: that must not look like a blank page
        if (!installed) throw new TikaException("Tesseract OCR is not installed on this gateway (run bin/setup)");
        long started = System.nanoTime();
        try {
            return readPage(image, dpi);
        } finally {
            java.util.function.Consumer<java.time.Duration> listener = pageListener;
            if (listener != null) listener.accept(java.time.Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Told how long each page took ({@code gateway_ocr_page_seconds}); set by ops.OpsWiring, null in unit tests. */
    private volatile java.util.function.Consumer<java.time.Duration> pageListener;

    /** Ops' hook (#18): {@code listener} is told the duration of every page read, read or failed. */
    public void onPage(java.util.function.Consumer<java.time.Duration> listener) {
        this.pageListener = listener;
    }

    private Result readPage(Path image, Integer dpi) throws IOException, TikaException {
        HocrText plain = pass(image, dpi, "3");
        if (plain.confidence() != null && plain.confidence() >= RETRY_BELOW && !plain.sideways()) return result(plain);
        HocrText turned = pass(image, dpi, "1");
        if (turned.confidence() == null) return result(plain);
        if (plain.confidence() == null || turned.confidence() >= plain.confidence() || plain.sideways()) return result(turned);
        return result(plain);
    }

    private static Result result(HocrText h) {
        return new Result(h.text(), h.confidence(), h.rotation());
    }

    private HocrText pass(Path image, Integer dpi, String pageSegMode) throws IOException, TikaException {
        TesseractOCRConfig perPage = new TesseractOCRConfig();
        perPage.setPageSegMode(pageSegMode);
        if (dpi != null) perPage.addOtherTesseractConfig("user_defined_dpi", Integer.toString(dpi));
        ParseContext context = new ParseContext();
        context.set(TesseractOCRConfig.class, perPage);
        HocrText hocr = new HocrText();
        try (TikaInputStream in = TikaInputStream.get(image)) {
            parser.parse(in, hocr, new Metadata(), context);
        } catch (SAXException e) {
            throw new TikaException("Tesseract's hOCR does not parse: " + e.getMessage(), e);
        }
        return hocr;
    }

    public boolean installed() {
        return installed;
    }

    public int secondsPerPage() {
        return secondsPerPage;
    }

    /** Languages the installed Tesseract has data for ({@code tesseract --list-langs}). */
    public List<String> installedLanguages() {
        List<String> out = new ArrayList<>();
        for (String line : run(launcher.toString(), "--list-langs").split("\\R")) {
            if (!line.isBlank() && !line.startsWith("List of available")) out.add(line.strip());
        }
        return out;
    }

    /** First line of {@code tesseract --version}, for health and the benchmark report. */
    public String version() {
        String out = run(launcher.toString(), "--version");
        return out.lines().findFirst().orElse("unknown").strip();
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not answer in 30 s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Writes {@code dir/tesseract}: a shell launcher that runs {@code program} single-threaded. Keeps
     * TESSDATA_PREFIX as the gateway was given it (Tika would otherwise point it into {@code dir}).
     *
     * @param program "tesseract" (looked up on PATH) or an absolute path
     * @throws IllegalStateException with what to install when the program is not there
     */
    public static Path writeLauncher(String program, Path dir) {
        Path real = resolve(program);
        if (real.toString().indexOf('\'') >= 0) throw new IllegalStateException("tesseract path has a quote: " + real);
        String tessdata = System.getenv("TESSDATA_PREFIX");
        String script = "#!/bin/sh\n"
                + "# written by the gateway at start-up: Tesseract's OpenMP build is ~8x slower on 2 cores\n"
                + "# unless it runs single-threaded; pages are OCR'd in parallel processes instead\n"
                + "OMP_THREAD_LIMIT=1\nexport OMP_THREAD_LIMIT\n"
                + (tessdata == null || tessdata.isBlank() || tessdata.indexOf('\'') >= 0
                        ? "unset TESSDATA_PREFIX\n"
                        : "TESSDATA_PREFIX='" + tessdata + "'\nexport TESSDATA_PREFIX\n")
                + "exec '" + real + "' \"$@\"\n";
        try {
            Files.createDirectories(dir);
            Path launcher = dir.resolve("tesseract");
            Path tmp = dir.resolve("tesseract.tmp");
            Files.writeString(tmp, script);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, launcher, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tesseract launcher in " + dir, e);
        }
    }

    static Path resolve(String program) {
        if (program.contains(File.separator)) {
            Path p = Path.of(program);
            if (Files.isExecutable(p)) return p.toAbsolutePath();
        } else {
            String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
            for (String d : path.split(File.pathSeparator)) {
                Path p = Path.of(d.isEmpty() ? "." : d, program);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("the letters channel needs Tesseract OCR, and '" + program + "' was not found: "
                + "run bin/setup (it installs the Debian packages tesseract-ocr and tesseract-ocr-ind), "
                + "or set LETTERS_TESSERACT to the program, or LETTERS_ENABLED=false");
    }
}
