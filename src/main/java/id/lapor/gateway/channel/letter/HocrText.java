package id.lapor.gateway.channel.letter;

import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Tesseract's hOCR as Tika passes it through: the text line by line (a blank line between
 * paragraphs), each word's confidence ({@code x_wconf}) and the angle Tesseract read the lines at
 * ({@code textangle}, present when it turned the page: 90, 180, 270).
 */
class HocrText extends DefaultHandler {

    private static final Pattern WCONF = Pattern.compile("x_wconf (\\d+)");
    private static final Pattern ANGLE = Pattern.compile("textangle (\\d+)");
    private static final Pattern BBOX = Pattern.compile("bbox (\\d+) (\\d+) (\\d+) (\\d+)");

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder word = new StringBuilder();
    private final Map<Integer, Integer> linesByAngle = new HashMap<>();
    private boolean inWord;
    private boolean lineHasWords;
    private String pendingBreak = "";
    private int lines;
    private int verticalLines;
    private long confidenceSum;
    private int words;

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        String cls = atts.getValue("class");
        if (cls == null) return;
        String title = atts.getValue("title");
        switch (cls) {
            case "ocr_par" -> pendingBreak = text.isEmpty() ? "" : "\n\n";
            case "ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat" -> {
                lineHasWords = false;
                if (!text.isEmpty() && pendingBreak.isEmpty()) pendingBreak = "\n";
                int angle = 0;
                if (title != null) {
                    Matcher m = ANGLE.matcher(title);
                    if (m.find()) angle = Integer.parseInt(m.group(1)) % 360;
                    Matcher b = BBOX.matcher(title);
                    if (b.find()) {
                        lines++;
                        int w = Integer.parseInt(b.group(3)) - Integer.parseInt(b.group(1));
                        int h = Integer.parseInt(b.group(4)) - Integer.parseInt(b.group(2));
                        if (h > 2 * w) verticalLines++;
                    }
                }
                linesByAngle.merge(angle, 1, Integer::sum);
            }
            case "ocrx_word" -> {
                inWord = true;
                word.setLength(0);
                if (title != null) {
                    Matcher m = WCONF.matcher(title);
                    if (m.find()) {
                        confidenceSum += Integer.parseInt(m.group(1));
                        words++;
                    }
                }
            }
            default -> { }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        if (inWord && ("span".equals(localName) || "span".equals(qName))) {
            inWord = false;
            String w = word.toString().strip();
            if (w.isEmpty()) return;
            text.append(lineHasWords ? " " : pendingBreak).append(w);
            pendingBreak = "";
            lineHasWords = true;
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (inWord) word.append(ch, start, length);
    }

    /** The page's text: lines as Tesseract found them, paragraphs apart by a blank line. */
    String text() {
        return text.toString().strip();
    }

    /** Mean word confidence 0..1; null when no word was read. */
    Double confidence() {
        return words == 0 ? null : Math.round(confidenceSum * 10.0 / words) / 1000.0;
    }

    /** Most lines run top to bottom: the page lay sideways (read without orientation detection, no angle is reported). */
    boolean sideways() {
        return lines > 0 && verticalLines * 2 > lines;
    }

    /** The angle most lines were read at: how far the page was turned to be read. */
    int rotation() {
        return linesByAngle.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
    }
}
