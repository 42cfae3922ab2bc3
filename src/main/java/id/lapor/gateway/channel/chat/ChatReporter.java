package id.lapor.gateway.channel.chat;

/**
 * Who wrote in a chat, as the platform says.
 *
 * @param channelUserId {@code telegram:<user id>} (Bot API {@code User.id}) or {@code whatsapp:+62…} (E.164 of
 *                      the WhatsApp id); canonical {@code reporter.channel_user_id} and the reply recipient
 * @param displayName   the name the platform shows (first + last name, profile name); null when none. Made storable
 *                      ({@link ChatText}: no NUL or unpaired surrogate, at most {@link ChatText#NAME_MAX} characters)
 * @param phone         E.164 phone number when the platform gives one (WhatsApp), else null
 */
public record ChatReporter(String channelUserId, String displayName, String phone) {
    public ChatReporter {
        if (channelUserId == null || channelUserId.isBlank()) throw new IllegalArgumentException("channelUserId is required");
        displayName = ChatText.storable(displayName, ChatText.NAME_MAX);
    }
}
