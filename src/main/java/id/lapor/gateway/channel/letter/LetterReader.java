package id.lapor.gateway.channel.letter;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.MediaTypes;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDInlineImage;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.EmptyParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParser;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.parser.odf.OpenDocumentParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.sax.SecureContentHandler;
import org.apache.tika.sax.WriteOutContentHandler;
import org.xml.sax.SAXException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Turns a letter's file into text, page by page. The type comes from the bytes (Tika), never from the
 * name: a PDF's own text layer, DOCX, DOC, ODT, RTF and plain text are read by Tika's parsers; scanned
 * PDF pages (rendered at the configured dpi), TIFF (every page), PNG and JPEG are read by Tesseract.
 * OCR pages run side by side on the shared OCR pool. Anything that cannot be read is an
 * {@link UnreadableLetter} with the reason: encrypted, corrupt, over a limit, not a letter's type,
 * blank.
 */
public class LetterReader {

    public static final String OCR = "OCR";
    public static final String TEXT = "TEXT";

    static final String PDF = "application/pdf";
    private static final Set<String> SCANS = Set.of("image/png", "image/jpeg", "image/tiff", "image/bmp", "image/x-ms-bmp");
    private static final Map<String, Parser> DOCUMENTS = Map.of(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", new OOXMLParser(),
            "application/msword", new OfficeParser(),
            "application/vnd.oasis.opendocument.text", new OpenDocumentParser(),
            "application/rtf", new RTFParser(),
            "text/plain", new TXTParser());
    private static final Set<String> ENCRYPTED = Set.of("application/x-tika-ooxml-protected", "application/x-tika-msoffice-encrypted");

    /** What was read: the file's detected type and each page. */
    public record Read(String mediaType, List<Complaint.Page> pages) {

        /** Word confidence over the OCR'd pages, weighted by their text; null when no page was OCR'd. */
        public Double meanConfidence() {
            double sum = 0;
            long weight = 0;
            for (Complaint.Page p : pages) {
                if (p.confidence() == null) continue;
                long w = Math.max(1, p.text().split("\\s+").length);
                sum += p.confidence() * w;
                weight += w;
            }
            return weight == 0 ? null : Math.round(sum / weight * 1000) / 1000.0;
        }

        public String text() {
            return String.join("\n\n", pages.stream().map(Complaint.Page::text).filter(t -> !t.isBlank()).toList());
        }
    }

    private final LetterProperties.Limits limits;
    private final LetterProperties.Ocr ocrSettings;
    private final TesseractOcr ocr;
    private final ExecutorService pool;

    private final ReadTimeLimit timeLimit;

    /** A reader without a time limit per file: each file is read on the caller's thread (decision tests). */
    public LetterReader(LetterProperties.Limits limits, LetterProperties.Ocr ocrSettings, TesseractOcr ocr, ExecutorService pool) {
        this(limits, ocrSettings, ocr, pool, null);
    }

    /**
     * @param pool      the OCR workers, shared by every letter being read (bounded by {@code ocr.workers})
     * @param timeLimit how long one file may be read ({@code ocr.file-timeout}); null for no limit
     */
    public LetterReader(LetterProperties.Limits limits, LetterProperties.Ocr ocrSettings, TesseractOcr ocr, ExecutorService pool,
                        ReadTimeLimit timeLimit) {
        this.limits = limits;
        this.ocrSettings = ocrSettings;
        this.ocr = ocr;
        this.pool = pool;
        this.timeLimit = timeLimit;
    }

    /**
     * Reads one file within the time limit per file.
     *
     * @param detectedType the bytes' media type when the caller already detected it (with {@link MediaTypes}); null to detect
     * @throws UnreadableLetter why the file cannot be a letter's text, "took longer than N s" included
     */
    public Read read(byte[] bytes, String detectedType) throws UnreadableLetter {
        if (timeLimit == null) return readNow(bytes, detectedType);
        return timeLimit.call(() -> readNow(bytes, detectedType));
    }

    private Read readNow(byte[] bytes, String detectedType) throws UnreadableLetter {
        if (bytes.length == 0) throw new UnreadableLetter(ReasonClass.PARSE, "empty file (0 bytes)");
        if (bytes.length > limits.maxFileBytes()) {
            throw new UnreadableLetter(ReasonClass.TOO_LARGE, "file of " + bytes.length + " bytes is over the limit of " + limits.maxFileBytes());
        }
        String type = detectedType != null ? detectedType : MediaTypes.detect(bytes);
        if (ENCRYPTED.contains(type)) throw new UnreadableLetter(ReasonClass.POLICY, "the document is password-protected (" + type + ")");
        List<Complaint.Page> pages;
        if (PDF.equals(type)) pages = readPdf(bytes);
        else if (SCANS.contains(type)) pages = readImage(bytes, type);
        else if (DOCUMENTS.containsKey(type)) pages = List.of(textPage(1, String.join("\n\n", parseText(DOCUMENTS.get(type), bytes, type))));
        else throw new UnreadableLetter(ReasonClass.UNSUPPORTED, "the content is " + type
                    + ", not a letter (PDF, TIFF, PNG, JPEG, DOCX, DOC, ODT, RTF or plain text)");
        if (pages.stream().allMatch(p -> p.text().isBlank())) {
            throw new UnreadableLetter(ReasonClass.VALIDATION, pages.size() == 1
                    ? "no text on the page: it is blank or unreadable"
                    : "no text on any of the " + pages.size() + " pages: they are blank or unreadable");
        }
        return new Read(type, pages);
    }

    private static Complaint.Page textPage(int number, String text) {
        return new Complaint.Page(number, TEXT, null, 0, text);
    }

    // ---------------------------------------------------------------- PDF

    private List<Complaint.Page> readPdf(byte[] bytes) throws UnreadableLetter {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            int n = pdf.getNumberOfPages();
            if (n == 0) throw new UnreadableLetter(ReasonClass.PARSE, "the PDF has no pages");
            checkPageCount(n);
            List<String> layer = parseText(new PDFParser(), bytes, PDF);
            List<Complaint.Page> pages = new ArrayList<>(n);
            List<Integer> scanned = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String text = i < layer.size() ? layer.get(i) : "";
                if (letters(text) >= ocrSettings.minTextLayerChars()) pages.add(textPage(i + 1, text));
                else {
                    pages.add(null);
                    scanned.add(i);
                }
            }
            if (!scanned.isEmpty()) {
                CodecWatchingRenderer renderer = new CodecWatchingRenderer(pdf);
                try (OcrBatch batch = new OcrBatch()) {
                    for (int i : scanned) {
                        PDRectangle box = pdf.getPage(i).getCropBox();
                        long pixels = Math.round(box.getWidth() / 72.0 * ocrSettings.dpi()) * Math.round(box.getHeight() / 72.0 * ocrSettings.dpi());
                        checkPixels(i + 1, pixels, " at " + ocrSettings.dpi() + " dpi");
                        renderer.failures.clear();
                        BufferedImage image = renderer.renderImageWithDPI(i, ocrSettings.dpi(), ImageType.GRAY);
                        if (!renderer.failures.isEmpty()) {
                            // PDFBox logs an image it cannot decode and draws nothing in its place: the
                            // page would look blank, so it is refused by codec instead (never "blank")
                            throw new UnreadableLetter(ReasonClass.UNSUPPORTED, "page " + (i + 1) + ": image codec "
                                    + renderer.failures.get(0) + " cannot be decoded");
                        }
                        batch.submit(i + 1, batch.writeGray(image, i + 1), ocrSettings.dpi());
                    }
                    for (Complaint.Page p : batch.results()) pages.set(p.number() - 1, p);
                }
            }
            return pages;
        } catch (InvalidPasswordException e) {
            throw new UnreadableLetter(ReasonClass.POLICY, "the PDF is encrypted with a password");
        } catch (IOException e) {
            throw new UnreadableLetter(ReasonClass.PARSE, "the PDF is damaged: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new UnreadableLetter(ReasonClass.TOO_LARGE, "the PDF needs more memory than a letter can have");
        }
    }

    /**
     * A renderer that notes each page image it could not decode, by codec (the image's PDF filter:
     * {@code JPXDecode} is "JPEG 2000", {@code JBIG2Decode} "JBIG2", {@code CCITTFaxDecode} "CCITT fax",
     * {@code DCTDecode} "JPEG"; ISO 32000-1 §7.4). PDFBox's content stream engine logs such a failure
     * and goes on ({@code PDFStreamEngine.operatorException} for {@code Do}), so without this a page of
     * JPEG 2000 with no JPEG 2000 reader renders white and would be called blank.
     */
    static final class CodecWatchingRenderer extends PDFRenderer {
        /** Codecs of the images that failed on the page being rendered, in drawing order. */
        final List<String> failures = new ArrayList<>();

        CodecWatchingRenderer(PDDocument pdf) {
            super(pdf);
        }

        @Override
        protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
            return new PageDrawer(parameters) {
                @Override
                public void drawImage(PDImage image) throws IOException {
                    try {
                        super.drawImage(image);
                    } catch (IOException | RuntimeException e) {
                        failures.add(codec(image));
                        throw e;
                    }
                }
            };
        }

        /** The codec an image is stored with, by its last filter; "unknown" when it has none. */
        static String codec(PDImage image) {
            List<String> filters = null;
            if (image instanceof PDImageXObject x) {
                filters = new ArrayList<>();
                for (org.apache.pdfbox.cos.COSName f : x.getStream().getFilters()) filters.add(f.getName());
            } else if (image instanceof PDInlineImage inline) {
                filters = inline.getFilters();
            }
            if (filters == null || filters.isEmpty()) return "raw (" + image.getSuffix() + ")";
            String last = filters.get(filters.size() - 1);
            return switch (last) {
                case "JPXDecode" -> "JPEG 2000";
                case "JBIG2Decode" -> "JBIG2";
                case "CCITTFaxDecode", "CCF" -> "CCITT fax";
                case "DCTDecode", "DCT" -> "JPEG";
                default -> last;
            };
        }
    }

    // ---------------------------------------------------------------- images

    private List<Complaint.Page> readImage(byte[] bytes, String type) throws UnreadableLetter {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new UnreadableLetter(ReasonClass.PARSE, "the " + type + " image cannot be decoded");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                int n = reader.getNumImages(true);
                if (n <= 0) throw new UnreadableLetter(ReasonClass.PARSE, "the " + type + " image has no pages");
                checkPageCount(n);
                for (int i = 0; i < n; i++) checkPixels(i + 1, (long) reader.getWidth(i) * reader.getHeight(i), "");
                try (OcrBatch batch = new OcrBatch()) {
                    if (n == 1 && !type.contains("bmp")) {
                        // Tesseract reads PNG, JPEG and TIFF itself, with the resolution the file states
                        batch.submit(1, batch.write(bytes, 1), null);
                    } else {
                        for (int i = 0; i < n; i++) batch.submit(i + 1, batch.writeGray(reader.read(i), i + 1), null);
                    }
                    return batch.results();
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableLetter(ReasonClass.PARSE, "the " + type + " image is damaged: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new UnreadableLetter(ReasonClass.TOO_LARGE, "the image needs more memory than a letter can have");
        }
    }

    private void checkPageCount(int n) throws UnreadableLetter {
        if (n > limits.maxPages()) {
            throw new UnreadableLetter(ReasonClass.TOO_LARGE, n + " pages is over the limit of " + limits.maxPages());
        }
    }

    private void checkPixels(int page, long pixels, String how) throws UnreadableLetter {
        if (pixels > limits.maxPixelsPerPage()) {
            throw new UnreadableLetter(ReasonClass.TOO_LARGE, "page " + page + " is " + pixels / 1_000_000 + " megapixels" + how
                    + ", over the limit of " + limits.maxPixelsPerPage() / 1_000_000 + " (a decompression bomb or a poster, not a letter)");
        }
    }

    /** Page images of one letter on their way through the OCR pool, in a temporary folder removed on close. */
    private final class OcrBatch implements AutoCloseable {
        private final Path dir;
        private final List<Future<Complaint.Page>> pending = new ArrayList<>();

        OcrBatch() throws IOException {
            dir = Files.createTempDirectory("letter-ocr-");
        }

        Path write(byte[] bytes, int page) throws IOException {
            Path f = dir.resolve("page-" + page);
            Files.write(f, bytes);
            return f;
        }

        /** A grey binary PGM: written in milliseconds, read by Leptonica without decoding. */
        Path writeGray(BufferedImage image, int page) throws IOException {
            BufferedImage gray = image;
            if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
                gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
                gray.getGraphics().drawImage(image, 0, 0, java.awt.Color.WHITE, null);
            }
            Path f = dir.resolve("page-" + page + ".pgm");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
                out.write(("P5\n" + gray.getWidth() + " " + gray.getHeight() + "\n255\n").getBytes(StandardCharsets.US_ASCII));
                byte[] row = new byte[gray.getWidth()];
                for (int y = 0; y < gray.getHeight(); y++) {
                    gray.getRaster().getDataElements(0, y, gray.getWidth(), 1, row);
                    out.write(row);
                }
            }
            return f;
        }

        void submit(int page, Path image, Integer dpi) {
            pending.add(pool.submit(() -> {
                TesseractOcr.Result r = ocr.read(image, dpi);
                Files.deleteIfExists(image);
                return new Complaint.Page(page, OCR, r.confidence(), r.rotation(), r.text());
            }));
        }

        List<Complaint.Page> results() throws UnreadableLetter {
            List<Complaint.Page> out = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                try {
                    out.add(pending.get(i).get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading a letter", e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    String msg = String.valueOf(cause.getMessage());
                    if (msg.contains("timeout")) {
                        throw new UnreadableLetter(ReasonClass.TOO_LARGE, "OCR of page " + (i + 1) + " took longer than "
                                + ocr.secondsPerPage() + " s");
                    }
                    if (cause instanceof TikaException || cause instanceof IOException) {
                        throw new UnreadableLetter(ReasonClass.PARSE, "page " + (i + 1) + " cannot be read by Tesseract: "
                                + msg.replaceAll("\\s+", " ").strip());
                    }
                    throw new IllegalStateException("OCR failed", cause);
                }
            }
            out.sort(Comparator.comparingInt(Complaint.Page::number));
            return out;
        }

        @Override
        public void close() {
            pending.forEach(f -> f.cancel(true));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---------------------------------------------------------------- text documents

    /**
     * Text of a born-digital document through Tika, page by page where the format has pages, under
     * Tika's guards: the write limit and the zip-bomb ratio and depth. Embedded files are not opened.
     */
    List<String> parseText(Parser parser, byte[] bytes, String type) throws UnreadableLetter {
        PagedText paged = new PagedText();
        WriteOutContentHandler limited = new WriteOutContentHandler(paged, limits.maxTextChars());
        ParseContext context = new ParseContext();
        context.set(Parser.class, new EmptyParser());
        if (parser instanceof PDFParser) {
            PDFParserConfig pdf = new PDFParserConfig();
            pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
            pdf.setExtractInlineImages(false);
            pdf.setSortByPosition(true);
            context.set(PDFParserConfig.class, pdf);
        }
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            SecureContentHandler secure = new SecureContentHandler(limited, in);
            secure.setMaximumCompressionRatio(limits.maxCompressionRatio());
            secure.setMaximumDepth(limits.maxPackageDepth());
            secure.setOutputThreshold(1_000_000);
            try {
                parser.parse(in, secure, new Metadata(), context);
            } catch (SAXException e) {
                secure.throwIfCauseOf(e);
                if (WriteLimitReachedException.isWriteLimitReached(e)) {
                    throw new UnreadableLetter(ReasonClass.TOO_LARGE, "more than " + limits.maxTextChars() + " characters of text: not a letter");
                }
                throw new UnreadableLetter(ReasonClass.PARSE, "the " + type + " cannot be read: " + e.getMessage());
            }
        } catch (EncryptedDocumentException e) {
            throw new UnreadableLetter(ReasonClass.POLICY, "the " + type + " is encrypted with a password");
        } catch (TikaException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("zip bomb")) throw new UnreadableLetter(ReasonClass.TOO_LARGE, "the " + type + " expands like a decompression bomb: " + msg);
            throw new UnreadableLetter(ReasonClass.PARSE, "the " + type + " is damaged: " + msg);
        } catch (IOException e) {
            throw new UnreadableLetter(ReasonClass.PARSE, "the " + type + " is damaged: " + e.getMessage());
        }
        List<String> pages = paged.pages();
        return pages.isEmpty() ? List.of("") : pages;
    }

    static int letters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (Character.isLetter(s.charAt(i))) n++;
        return n;
    }
}
