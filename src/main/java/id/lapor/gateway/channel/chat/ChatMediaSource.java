package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;

/**
 * How one chat channel fetches one media item (Telegram: getFile, then the file URL; WhatsApp: GET
 * {@code /{media-id}}, then its URL with the bearer token). The core ({@link ChatMediaFetcher}) keeps
 * the state, attempts and backoff; a source only says what one try gave.
 */
public interface ChatMediaSource {

    /** The channel whose media this fetches. */
    Channel channel();

    /**
     * Fetches one media item once.
     *
     * @param instance the intake point the part came in by
     * @param media    what the platform declared
     * @param maxBytes the most bytes to read; a longer body is {@link Fetch.Permanent} (reason starting "TOO_LARGE")
     * @return never null; a {@link RuntimeException} thrown counts as {@link Fetch.Temporary}
     */
    Fetch fetch(String instance, ChatMedia media, long maxBytes);

    /** What one fetch gave. */
    sealed interface Fetch {
        /** The bytes. */
        record Fetched(byte[] bytes) implements Fetch {}

        /** A failure that may pass (5xx, timeout, reset): tried again after the core's backoff. */
        record Temporary(String reason) implements Fetch {}

        /** A failure that will not pass (404, expired id, too large): the attachment is flagged unavailable now. */
        record Permanent(String reason) implements Fetch {}
    }
}
