package id.lapor.gateway.channel.letter;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Scanned PDFs as office scanners store them, one page image per page, with the codec under test:
 * CCITT G4 ({@code /CCITTFaxDecode}, encoded by PDFBox's {@link CCITTFactory}), JBIG2
 * ({@code /JBIG2Decode}) and a page whose image stream is given as it is under any filter (for codecs
 * that cannot be decoded). Pages are A4 at the image's resolution.
 */
final class ScannedPdfs {

    private ScannedPdfs() {
    }

    /** Codecs a page image can be stored with. */
    enum Codec { CCITT_G4, JBIG2 }

    /** @param pages one PNG per page (the scanner simulator's output), binarised here; {@code dpi} their resolution */
    static byte[] of(List<byte[]> pages, int dpi, Codec codec) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            for (byte[] png : pages) {
                BufferedImage bilevel = bilevel(ImageIO.read(new ByteArrayInputStream(png)));
                PDImageXObject g4 = CCITTFactory.createFromImage(pdf, bilevel);
                PDImageXObject image = codec == Codec.CCITT_G4 ? g4 : jbig2(pdf, g4, bilevel.getWidth(), bilevel.getHeight(), dpi);
                place(pdf, image, dpi);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        }
    }

    /** One page whose only image is {@code data} under {@code filter} (e.g. a damaged JPEG 2000 stream under JPXDecode). */
    static byte[] withStream(byte[] data, String filter, int width, int height, int dpi) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDStream stream = raw(pdf, data, COSName.getPDFName(filter));
            PDImageXObject image = new PDImageXObject(stream, null);
            image.setWidth(width);
            image.setHeight(height);
            image.setBitsPerComponent(8);
            image.setColorSpace(PDDeviceGray.INSTANCE);
            place(pdf, image, dpi);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        }
    }

    private static void place(PDDocument pdf, PDImageXObject image, int dpi) throws IOException {
        PDPage page = new PDPage(new PDRectangle(image.getWidth() * 72f / dpi, image.getHeight() * 72f / dpi));
        pdf.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(pdf, page)) {
            cs.drawImage(image, 0, 0, page.getMediaBox().getWidth(), page.getMediaBox().getHeight());
        }
    }

    private static BufferedImage bilevel(BufferedImage scan) {
        BufferedImage b = new BufferedImage(scan.getWidth(), scan.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        b.getGraphics().drawImage(scan, 0, 0, null);
        return b;
    }

    /**
     * The page as an embedded JBIG2 stream (ITU-T T.88 §7, PDF's embedded organisation: no file header)
     * made of a page information segment, one immediate generic region coded with MMR, and an end of
     * page. MMR is T.6 (G4) coding (T.88 §6.2.6), so PDFBox's G4 encoder makes the region's data and
     * only the segment headers are written here: there is no JBIG2 encoder on Maven Central.
     */
    private static PDImageXObject jbig2(PDDocument pdf, PDImageXObject g4, int width, int height, int dpi) throws IOException {
        byte[] mmr;
        try (InputStream in = g4.getStream().createInputStream(List.of(COSName.CCITTFAX_DECODE.getName()))) {
            mmr = in.readAllBytes();
        }
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        int ppm = (int) Math.round(dpi / 0.0254);
        ByteBuffer pageInfo = ByteBuffer.allocate(19).putInt(width).putInt(height).putInt(ppm).putInt(ppm).put((byte) 0).putShort((short) 0);
        segment(s, 0, 48, pageInfo.array());
        ByteBuffer region = ByteBuffer.allocate(18 + mmr.length).putInt(width).putInt(height).putInt(0).putInt(0)
                .put((byte) 0)   // external combination operator OR
                .put((byte) 1)   // generic region flags: MMR
                .put(mmr);
        segment(s, 1, 38, region.array());
        segment(s, 2, 49, new byte[0]);
        PDStream stream = raw(pdf, s.toByteArray(), COSName.JBIG2_DECODE);
        PDImageXObject image = new PDImageXObject(stream, null);
        image.setWidth(width);
        image.setHeight(height);
        image.setBitsPerComponent(1);
        image.setColorSpace(PDDeviceGray.INSTANCE);
        return image;
    }

    /** A stream holding {@code data} as already encoded with {@code filter} (PDFBox has no JBIG2 or JPX encoder to run). */
    private static PDStream raw(PDDocument pdf, byte[] data, COSName filter) throws IOException {
        COSStream cos = pdf.getDocument().createCOSStream();
        try (OutputStream out = cos.createRawOutputStream()) {
            out.write(data);
        }
        cos.setItem(COSName.FILTER, filter);
        return new PDStream(cos);
    }

    /** A segment header (T.88 §7.2): number, type, no referred-to segments, page 1, data length; then the data. */
    private static void segment(OutputStream s, int number, int type, byte[] data) throws IOException {
        s.write(ByteBuffer.allocate(11).putInt(number).put((byte) type).put((byte) 0).put((byte) 1).putInt(data.length).array());
        s.write(data);
    }
}
