package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.channel.chat.ChatMedia;
import id.lapor.gateway.channel.chat.ChatMediaSource;
import id.lapor.gateway.complaint.Channel;

/**
 * How the chat core fetches a WhatsApp media item: one try of {@link WhatsAppGraphClient#media} (GET
 * {@code /{media-id}}, then its URL, both with the Bearer token). 5xx, 429, resets and timeouts are
 * Temporary (the core retries with backoff, without holding the text back); 404, 400 (unknown or expired id:
 * Meta keeps media 30 days) and other refusals are Permanent; a file over the limit is Permanent "TOO_LARGE".
 */
public class WhatsAppMediaSource implements ChatMediaSource {

    private final WhatsAppGraphClient graph;

    public WhatsAppMediaSource(WhatsAppGraphClient graph) {
        this.graph = graph;
    }

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public Fetch fetch(String instance, ChatMedia media, long maxBytes) {
        WhatsAppGraphClient.MediaResult r = graph.media(media.fileId(), maxBytes);
        if (r instanceof WhatsAppGraphClient.MediaResult.Fetched f) return new Fetch.Fetched(f.bytes());
        if (r instanceof WhatsAppGraphClient.MediaResult.TooLarge t) return new Fetch.Permanent("TOO_LARGE: " + t.size() + " bytes");
        if (r instanceof WhatsAppGraphClient.MediaResult.Temporary t) return new Fetch.Temporary(t.reason());
        return new Fetch.Permanent(((WhatsAppGraphClient.MediaResult.Permanent) r).reason());
    }
}
