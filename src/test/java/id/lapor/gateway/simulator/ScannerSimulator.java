package id.lapor.gateway.simulator;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A counter's scanner, simulated: typed letters rendered reproducibly (same text, settings and seed →
 * same bytes) as the files scanners and word processors produce: A4 page images at a given dpi with
 * speckle noise, a slight skew or the page turned sideways or upside down (PNG, JPEG, multi-page TIFF,
 * image-only PDF), and born-digital PDF, DOCX, ODT, RTF and plain text. Used by the tests' fixtures,
 * the OCR benchmark and the demo, which drops its scans into the letters inbox.
 */
public final class ScannerSimulator {

    public enum Format { PNG, JPEG, TIFF, PDF_SCAN, PDF_TEXT, DOCX, ODT, RTF, TXT }

    /**
     * @param rotation    degrees the sheet lay turned on the scanner (0, 90, 180, 270)
     * @param skewDegrees how crooked it lay (a few tenths of a degree is usual)
     * @param noise       fraction of pixels turned into speckles
     */
    public record Scan(Format format, int dpi, int rotation, double skewDegrees, double noise, long seed) {
        public static Scan clean(Format format) {
            return new Scan(format, 300, 0, 0, 0, 1);
        }
    }

    private static final String FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
    private static final double A4_W_IN = 8.27;
    private static final double A4_H_IN = 11.69;

    private ScannerSimulator() {}

    /** The file a scanner or word processor would write for these pages of text. */
    public static byte[] render(List<String> pages, Scan how) {
        try {
            return switch (how.format()) {
                case PNG -> image(page(pages.get(0), how, 0), "png");
                case JPEG -> jpeg(page(pages.get(0), how, 0));
                case TIFF -> tiff(pages, how);
                case PDF_SCAN -> pdfScan(pages, how);
                case PDF_TEXT -> pdfText(pages);
                case DOCX -> docx(pages);
                case ODT -> odt(pages);
                case RTF -> rtf(pages);
                case TXT -> String.join("\n\f\n", pages).getBytes(StandardCharsets.UTF_8);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One A4 page at {@code how.dpi()}: 12 pt serif, 2.5 cm margins, then turned, skewed and speckled. */
    public static BufferedImage page(String text, Scan how, int pageIndex) {
        int w = (int) Math.round(A4_W_IN * how.dpi());
        int h = (int) Math.round(A4_H_IN * how.dpi());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        float px = 12f * how.dpi() / 72f;
        g.setFont(font().deriveFont(px));
        int margin = (int) Math.round(how.dpi() / 2.54 * 2.5);
        float y = margin + px;
        for (String line : text.split("\n", -1)) {
            g.drawString(line, margin, y);
            y += px * 1.45f;
        }
        g.dispose();
        BufferedImage out = turn(img, how.rotation() % 360, how.skewDegrees());
        speckle(out, how.noise(), how.seed() + pageIndex);
        return out;
    }

    private static Font cached;

    private static synchronized Font font() {
        if (cached == null) {
            try {
                cached = new File(FONT_FILE).canRead() ? Font.createFont(Font.TRUETYPE_FONT, new File(FONT_FILE))
                        : new Font(Font.SERIF, Font.PLAIN, 12);
            } catch (java.awt.FontFormatException | IOException e) {
                cached = new Font(Font.SERIF, Font.PLAIN, 12);
            }
        }
        return cached;
    }

    private static BufferedImage turn(BufferedImage src, int rotation, double skew) {
        if (rotation == 0 && skew == 0) return src;
        boolean swap = rotation == 90 || rotation == 270;
        int w = swap ? src.getHeight() : src.getWidth();
        int h = swap ? src.getWidth() : src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        t.translate(w / 2.0, h / 2.0);
        t.rotate(Math.toRadians(rotation + skew));
        t.translate(-src.getWidth() / 2.0, -src.getHeight() / 2.0);
        g.drawImage(src, t, null);
        g.dispose();
        return out;
    }

    private static void speckle(BufferedImage img, double noise, long seed) {
        if (noise <= 0) return;
        Random r = new Random(seed);
        WritableRaster ras = img.getRaster();
        long n = Math.round(img.getWidth() * (double) img.getHeight() * noise);
        for (long i = 0; i < n; i++) {
            ras.setSample(r.nextInt(img.getWidth()), r.nextInt(img.getHeight()), 0, r.nextBoolean() ? 0 : 96 + r.nextInt(128));
        }
    }

    private static byte[] image(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.85f);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] tiff(List<String> pages, Scan how) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType("Deflate");
            w.prepareWriteSequence(null);
            for (int i = 0; i < pages.size(); i++) w.writeToSequence(new IIOImage(page(pages.get(i), how, i), null, null), p);
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] pdfScan(List<String> pages, Scan how) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            for (int i = 0; i < pages.size(); i++) {
                PDPage p = new PDPage(PDRectangle.A4);
                doc.addPage(p);
                PDImageXObject img = LosslessFactory.createFromImage(doc, page(pages.get(i), how, i));
                try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
                    cs.drawImage(img, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
                }
            }
            return save(doc);
        }
    }

    private static byte[] pdfText(List<String> pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            File ttf = new File(FONT_FILE);
            PDFont font = ttf.canRead() ? PDType0Font.load(doc, ttf) : new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
            for (String text : pages) {
                PDPage p = new PDPage(PDRectangle.A4);
                doc.addPage(p);
                try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
                    cs.beginText();
                    cs.setFont(font, 11);
                    cs.setLeading(16);
                    cs.newLineAtOffset(71, PDRectangle.A4.getHeight() - 85);
                    for (String line : text.split("\n", -1)) {
                        cs.showText(line);
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            return save(doc);
        }
    }

    private static byte[] save(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    private static byte[] docx(List<String> pages) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) for (String line : text.split("\n", -1)) doc.createParagraph().createRun().setText(line);
            doc.write(out);
            return out.toByteArray();
        }
    }

    /** A minimal OpenDocument text: mimetype first and stored, one paragraph per line. */
    private static byte[] odt(List<String> pages) throws IOException {
        StringBuilder body = new StringBuilder();
        for (String text : pages) {
            for (String line : text.split("\n", -1)) {
                body.append("<text:p>").append(line.replace("&", "&amp;").replace("<", "&lt;")).append("</text:p>");
            }
        }
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
                + "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                + "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                + "<office:body><office:text>" + body + "</office:text></office:body></office:document-content>";
        String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest "
                + "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                + "</manifest:manifest>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] mime = "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);
            ZipEntry m = new ZipEntry("mimetype");
            m.setMethod(ZipEntry.STORED);
            m.setSize(mime.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(mime);
            m.setCrc(crc.getValue());
            zip.putNextEntry(m);
            zip.write(mime);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("content.xml"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("META-INF/manifest.xml"));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static byte[] rtf(List<String> pages) {
        StringBuilder s = new StringBuilder("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24\n");
        for (int i = 0; i < pages.size(); i++) {
            if (i > 0) s.append("\\page\n");
            for (String line : pages.get(i).split("\n", -1)) {
                s.append(line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")).append("\\par\n");
            }
        }
        return s.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }
}
