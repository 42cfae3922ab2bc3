package id.lapor.gateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.channel.chat.ChatConversation;
import id.lapor.gateway.channel.chat.ChatDrafts;
import id.lapor.gateway.channel.chat.ChatPart;
import id.lapor.gateway.channel.email.AttachmentScreen;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.intake.ChannelNormaliser;
import id.lapor.gateway.intake.TextFingerprint;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a closed Telegram conversation into one complaint draft by the chat core's shared rule
 * ({@link ChatDrafts}: joined text, RAHASIA/ANONIM, attachments screened as e-mail attachments are,
 * unavailable files flagged, first location), or Ignored when it was only a greeting (answered with the
 * help text), or Rejected. Reporter {@code telegram:<user id>} with the user's first and last name.
 */
public class TelegramNormaliser implements ChannelNormaliser<ChatConversation> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AttachmentScreen screen;
    private final Clock clock;

    public TelegramNormaliser(AttachmentScreen screen, Clock clock) {
        this.screen = screen;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.TELEGRAM;
    }

    @Override
    public Class<ChatConversation> inputType() {
        return ChatConversation.class;
    }

    @Override
    public Normalisation normalise(ChatConversation conversation) {
        return ChatDrafts.normalise(conversation, screen);
    }

    /**
     * Quarantine replay: the raw input is a conversation's JSON array of updates (or one update). Its
     * messages become one conversation again; media are not fetched on replay (flagged unavailable), and
     * the provider id is {@code replay:<sha256 of the raw input>}.
     */
    @Override
    public Normalisation normaliseRaw(byte[] raw, String instance) {
        List<byte[]> updates = new ArrayList<>();
        try {
            JsonNode n = MAPPER.readTree(raw);
            if (n != null && n.isArray()) for (JsonNode u : n) updates.add(MAPPER.writeValueAsBytes(u));
            else updates.add(raw);
        } catch (IOException e) {
            return Normalisation.rejected(Normalisation.ReasonClass.PARSE, "not JSON");
        }
        List<ChatPart> parts = new ArrayList<>();
        List<ChatConversation.Attachment> attachments = new ArrayList<>();
        for (byte[] u : updates) {
            TelegramUpdates.Parsed p = TelegramUpdates.parse(u, instance, clock.instant());
            if (p instanceof TelegramUpdates.Parsed.Malformed m) return Normalisation.rejected(Normalisation.ReasonClass.PARSE, m.reason());
            if (p instanceof TelegramUpdates.Parsed.Message msg) {
                ChatPart part = msg.part();
                for (var media : part.media()) {
                    attachments.add(new ChatConversation.Attachment(0, parts.size(), media, ChatConversation.MediaState.UNAVAILABLE,
                            null, null, "REPLAY: media are not fetched on replay"));
                }
                parts.add(part);
            }
        }
        if (parts.isEmpty()) return Normalisation.ignored("no message to replay");
        ChatPart first = parts.get(0);
        ChatConversation c = new ChatConversation(0, Channel.TELEGRAM, instance, first.conversationKey(), first.receivedAt(),
                parts.get(parts.size() - 1).receivedAt(), parts, attachments, 0);
        Normalisation n = normalise(c);
        if (n instanceof Normalisation.Accepted a) {
            return Normalisation.accepted(a.draft().toBuilder().externalId("replay:" + TextFingerprint.sha256Hex(raw)).build());
        }
        return n;
    }
}
