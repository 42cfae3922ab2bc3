package id.lapor.gateway.intake;

import org.apache.tika.Tika;

/** Media type from the bytes (magic numbers), never from the file name. */
public final class MediaTypes {

    private static final Tika TIKA = new Tika();

    private MediaTypes() {}

    public static String detect(byte[] bytes) {
        if (bytes == null || bytes.length == 0) return "application/octet-stream";
        return TIKA.detect(bytes);
    }
}
