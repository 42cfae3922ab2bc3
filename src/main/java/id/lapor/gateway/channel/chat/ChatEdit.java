package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;

import java.time.Instant;

/**
 * An edit of a message sent before (Telegram {@code edited_message}), for {@link ChatConversations#edit}.
 *
 * @param externalId        the edit's own transport id (its {@code update_id}); a redelivered edit is stored once
 * @param providerMessageId the edited message's id (Telegram {@code message_id}), which finds the original part
 * @param conversationKey   the chat, as in {@link ChatPart#conversationKey()}
 * @param editedAt          when it was edited (Telegram {@code edit_date}), else when it arrived
 * @param text              the new text or caption exactly but for what no store holds ({@link ChatText#storable}); null
 *                          when the edit removed it
 * @param raw               the update JSON exactly as received
 */
public record ChatEdit(Channel channel, String instance, String conversationKey, String externalId, String providerMessageId,
                       Instant editedAt, String text, byte[] raw) {
    public ChatEdit {
        if (channel == null || instance == null || conversationKey == null || externalId == null || providerMessageId == null
                || editedAt == null || raw == null) {
            throw new IllegalArgumentException("channel, instance, conversationKey, externalId, providerMessageId, editedAt and raw are required");
        }
        text = ChatText.storable(text);
    }
}
