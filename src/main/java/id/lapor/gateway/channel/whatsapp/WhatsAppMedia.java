package id.lapor.gateway.channel.whatsapp;

import java.time.Duration;
import java.util.function.Function;

/**
 * Media of one message, fetched while its webhook is being answered: up to
 * {@code channels.whatsapp.media.max-tries} tries of the Graph API download ({@link WhatsAppGraphClient#media}),
 * waiting 200 ms, 400 ms, 800 ms … (at most 2 s) between tries that failed temporarily; a permanent failure
 * (unknown or expired id) or one too large is not tried again. What still fails is left out of the
 * complaint and flagged by the reception; the text is never held back for it.
 */
public class WhatsAppMedia {

    private final Function<String, WhatsAppGraphClient.MediaResult> download;
    private final int maxTries;
    private final Duration firstWait;

    /**
     * @param download  one try ({@link WhatsAppGraphClient#media})
     * @param maxTries  tries before a temporary failure counts as final
     * @param firstWait wait after the first failed try; doubled after each further one, at most 2 s
     */
    public WhatsAppMedia(Function<String, WhatsAppGraphClient.MediaResult> download, int maxTries, Duration firstWait) {
        this.download = download;
        this.maxTries = Math.max(1, maxTries);
        this.firstWait = firstWait;
    }

    /** The last try's result: Fetched, Permanent, TooLarge, or Temporary when every try failed temporarily. */
    public WhatsAppGraphClient.MediaResult fetch(String mediaId) {
        WhatsAppGraphClient.MediaResult r = null;
        long wait = firstWait.toMillis();
        for (int i = 1; i <= maxTries; i++) {
            r = download.apply(mediaId);
            if (!(r instanceof WhatsAppGraphClient.MediaResult.Temporary) || i == maxTries) return r;
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            wait = Math.min(2000, wait * 2);
        }
        return r;
    }
}
