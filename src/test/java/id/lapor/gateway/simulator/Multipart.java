package id.lapor.gateway.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough multipart/form-data parsing for the simulator's upload endpoint. */
final class Multipart {

    record Part(String name, String filename, String contentType, byte[] data) {}

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private Multipart() {}

    static List<Part> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("not multipart/form-data");
        }
        Matcher bm = BOUNDARY.matcher(contentType);
        if (!bm.find()) throw new IllegalArgumentException("no boundary");
        byte[] delimiter = ("--" + bm.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) throw new IllegalArgumentException("boundary not found in body");
        while (true) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') break;
            start += 2; // CRLF
            int next = indexOf(body, delimiter, start);
            if (next < 0) throw new IllegalArgumentException("missing closing boundary");
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headerEnd < 0 || headerEnd > next) throw new IllegalArgumentException("part without headers");
            String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            String name = null;
            String filename = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    Matcher n = NAME.matcher(line);
                    if (n.find()) name = n.group(1);
                    Matcher f = FILENAME.matcher(line);
                    if (f.find()) filename = f.group(1);
                } else if (lower.startsWith("content-type:")) {
                    type = line.substring(13).strip();
                }
            }
            int dataEnd = next - 2; // CRLF before the delimiter
            parts.add(new Part(name, filename, type, Arrays.copyOfRange(body, headerEnd + 4, Math.max(headerEnd + 4, dataEnd))));
            pos = next;
        }
        return parts;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
