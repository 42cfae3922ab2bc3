package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;

import java.time.Instant;
import java.util.List;

/**
 * One message of a chat (a Telegram update, a WhatsApp message), as stored by {@link ChatConversations#append}
 * before the platform is acknowledged.
 *
 * @param channel           TELEGRAM or WHATSAPP
 * @param instance          the intake point (canonical {@code source.instance}), for example {@code telegram-bot}
 * @param conversationKey   the chat the message belongs to: {@code telegram:<chat id>}, {@code whatsapp:+62…}; parts of
 *                          one key within the quiet period form one conversation
 * @param externalId        the transport dedup key, unique per channel and instance: Telegram {@code update_id} as a
 *                          decimal string, WhatsApp {@code wamid}
 * @param providerMessageId the platform's id of the message that an edit names (Telegram {@code message_id}, the wamid);
 *                          null when none, and when longer than {@link ChatText#ID_MAX} (no platform's id is; it could not
 *                          be stored)
 * @param receivedAt        when the platform says it was sent (Telegram {@code date}, WhatsApp {@code timestamp}), else, and
 *                          when that is later, when it arrived
 * @param reporter          who wrote it
 * @param text              the text or caption exactly as sent (any length, any script, emoji) but for NUL characters and
 *                          unpaired surrogates, which no store holds ({@link ChatText#storable}); null when none
 * @param media             declared media, in the order sent (an album arrives as several parts)
 * @param location          a shared location, or null
 * @param raw               the update / message JSON exactly as received; never null
 */
public record ChatPart(
        Channel channel,
        String instance,
        String conversationKey,
        String externalId,
        String providerMessageId,
        Instant receivedAt,
        ChatReporter reporter,
        String text,
        List<ChatMedia> media,
        ChatLocation location,
        byte[] raw) {

    public ChatPart {
        if (channel == null) throw new IllegalArgumentException("channel is required");
        if (instance == null || instance.isBlank()) throw new IllegalArgumentException("instance is required");
        if (conversationKey == null || conversationKey.isBlank()) throw new IllegalArgumentException("conversationKey is required");
        if (externalId == null || externalId.isBlank()) throw new IllegalArgumentException("externalId is required");
        if (receivedAt == null) throw new IllegalArgumentException("receivedAt is required");
        if (reporter == null) throw new IllegalArgumentException("reporter is required");
        if (raw == null) throw new IllegalArgumentException("raw is required");
        media = media == null ? List.of() : List.copyOf(media);
        text = ChatText.storable(text);
        if (providerMessageId != null && providerMessageId.length() > ChatText.ID_MAX) providerMessageId = null;
    }
}
