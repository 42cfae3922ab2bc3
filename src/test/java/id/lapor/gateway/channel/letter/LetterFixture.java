package id.lapor.gateway.channel.letter;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.lapor.gateway.simulator.ScannerSimulator;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One letter fixture ({@code fixtures/letter/<case>.letter.yaml}): the text of each page (the ground
 * truth) and how the scanner simulator renders it, or a {@code hostile} file made to break the
 * reader. Rendering is reproducible: the same YAML gives the same bytes.
 */
record LetterFixture(String format, Integer dpi, Integer rotation, Double skew, Double noise, Long seed, String filename,
                     Boolean clean, Double minAccuracy, List<String> pages, String hostile, String codec, Integer unsettledSeconds) {

    /** For a file the inbox took before it settled ({@link LetterReadLock}): how long it was waited for; else null. */
    java.time.Duration unsettledFor() {
        return unsettledSeconds == null ? null : java.time.Duration.ofSeconds(unsettledSeconds);
    }

    static final long MAX_FILE_BYTES = 26_214_400;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static LetterFixture load(Path file) throws IOException {
        return YAML.readValue(file.toFile(), LetterFixture.class);
    }

    /** Clean scans are held to the 95 % word accuracy; noisy, skewed photos to 90 %; a poor copy to what it says. */
    double requiredAccuracy() {
        if (minAccuracy != null) return minAccuracy;
        return clean == null || clean ? 0.95 : 0.90;
    }

    ScannerSimulator.Scan scan() {
        return new ScannerSimulator.Scan(ScannerSimulator.Format.valueOf(format), dpi == null ? 300 : dpi,
                rotation == null ? 0 : rotation, skew == null ? 0 : skew, noise == null ? 0 : noise, seed == null ? 1 : seed);
    }

    boolean ocr() {
        return hostile == null && Arrays.asList("PNG", "JPEG", "TIFF", "PDF_SCAN").contains(format);
    }

    byte[] bytes() throws IOException {
        if (hostile == null && codec != null) {
            // a scanned PDF whose page images are stored with this codec (format PDF_SCAN, pages rendered as PNG)
            ScannerSimulator.Scan png = new ScannerSimulator.Scan(ScannerSimulator.Format.PNG, scan().dpi(), scan().rotation(),
                    scan().skewDegrees(), scan().noise(), scan().seed());
            List<byte[]> images = new java.util.ArrayList<>();
            for (String page : pages) images.add(ScannerSimulator.render(List.of(page), png));
            return ScannedPdfs.of(images, png.dpi(), ScannedPdfs.Codec.valueOf(codec));
        }
        if (hostile == null) return ScannerSimulator.render(pages, scan());
        return switch (hostile) {
            case "empty" -> new byte[0];
            case "exe" -> exe();
            case "encrypted-pdf" -> encryptedPdf();
            case "corrupt-png" -> corruptPng();
            case "pixel-bomb" -> pixelBomb();
            case "docx-bomb" -> docxBomb();
            case "many-pages" -> manyPages(21);
            case "oversize" -> oversize();
            case "truncated-pdf" -> truncatedPdf();
            case "corrupt-jpx-pdf" -> corruptJpxPdf();
            case "unknown-codec-pdf" -> ScannedPdfs.withStream(new byte[4096], "XYZDecode", 64, 64, 72);
            case "text-bomb" -> "Pengaduan jalan rusak. ".repeat(13_100).getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("unknown hostile kind " + hostile);
        };
    }

    /** A DOS/PE header: what Windows programs begin with. */
    private static byte[] exe() {
        byte[] b = new byte[4096];
        new Random(3).nextBytes(b);
        b[0] = 'M';
        b[1] = 'Z';
        b[0x3c] = (byte) 0x80;
        b[0x3d] = 0;
        b[0x3e] = 0;
        b[0x3f] = 0;
        b[0x80] = 'P';
        b[0x81] = 'E';
        b[0x82] = 0;
        b[0x83] = 0;
        return b;
    }

    private static byte[] encryptedPdf() throws IOException {
        byte[] plain = ScannerSimulator.render(List.of("Rahasia\nIsi surat yang dikunci dengan kata sandi."),
                ScannerSimulator.Scan.clean(ScannerSimulator.Format.PDF_TEXT));
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(plain)) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] corruptPng() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(800, 600, BufferedImage.TYPE_BYTE_GRAY), "png", png);
        byte[] b = png.toByteArray();
        byte[] garbage = new byte[20_000];
        new Random(5).nextBytes(garbage);
        byte[] out = Arrays.copyOf(b, 33 + garbage.length);
        System.arraycopy(garbage, 0, out, 33, garbage.length);
        return out;
    }

    /** 20000 × 20000 one-bit white pixels: a few dozen KB that would decode to 400 megapixels. */
    private static byte[] pixelBomb() throws IOException {
        BufferedImage img = new BufferedImage(20_000, 20_000, BufferedImage.TYPE_BYTE_BINARY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** A DOCX whose document.xml is 60 MB of one repeated paragraph, deflated to well under a megabyte. */
    private static byte[] docxBomb() throws IOException {
        byte[] valid = ScannerSimulator.render(List.of("Surat"), ScannerSimulator.Scan.clean(ScannerSimulator.Format.DOCX));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(valid)); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("word/document.xml")) {
                    String doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    int body = doc.indexOf("<w:body>") + "<w:body>".length();
                    zip.write(doc.substring(0, body).getBytes(StandardCharsets.UTF_8));
                    byte[] para = "<w:p><w:r><w:t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</w:t></w:r></w:p>"
                            .getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < 500_000; i++) zip.write(para);
                    zip.write(doc.substring(body).getBytes(StandardCharsets.UTF_8));
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] manyPages(int n) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            w.prepareWriteSequence(null);
            for (int i = 0; i < n; i++) w.writeToSequence(new IIOImage(new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_GRAY), null, null), p);
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] oversize() {
        byte[] b = new byte[(int) MAX_FILE_BYTES + 1];
        byte[] head = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    /** A JPEG 2000 codestream (SOC, SIZ markers) cut off after its header: the page image cannot be decoded. */
    private static byte[] corruptJpxPdf() throws IOException {
        byte[] head = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51, 0x00, 0x29, 0x00, 0x00};
        byte[] data = new byte[2048];
        new Random(13).nextBytes(data);
        System.arraycopy(head, 0, data, 0, head.length);
        return ScannedPdfs.withStream(data, "JPXDecode", 1654, 2339, 200);
    }

    private static byte[] truncatedPdf() {
        byte[] full = ScannerSimulator.render(List.of("Surat yang terpotong di tengah."),
                new ScannerSimulator.Scan(ScannerSimulator.Format.PDF_SCAN, 150, 0, 0, 0, 1));
        return Arrays.copyOf(full, full.length / 2);
    }
}
