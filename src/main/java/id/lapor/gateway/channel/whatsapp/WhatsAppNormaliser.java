package id.lapor.gateway.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Turns a closed WhatsApp conversation (the messages of one number within
 * {@code channels.whatsapp.conversation.quiet-period}) into one complaint draft by the chat core's shared rule
 * ({@link ChatDrafts}: the texts joined, RAHASIA/ANONIM, media screened as e-mail attachments are, media that could
 * not be fetched flagged, first location), or Ignored when it was only a greeting (answered with the help text), or
 * Rejected. Reporter {@code whatsapp:+62…} with the profile name and the number as phone ({@link WhatsAppParts}).
 */
public class WhatsAppNormaliser implements ChannelNormaliser<ChatConversation> {

    /** Why a webhook body with no message that could be a complaint part is ignored. */
    public static final String NO_MESSAGES = "webhook without messages";

    private final AttachmentScreen screen;
    private final Clock clock;

    public WhatsAppNormaliser(AttachmentScreen screen, Clock clock) {
        this.screen = screen;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
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
     * Quarantine replay. The raw input is a conversation's JSON array of message envelopes, or one webhook body
     * (what the webhook quarantined: unreadable, or a message that could not be used). Its messages become one
     * conversation again; media are not fetched on replay (flagged unavailable); the provider id is
     * {@code replay:<sha256 of the raw input>}.
     */
    @Override
    public Normalisation normaliseRaw(byte[] raw, String instance) {
        List<byte[]> envelopes = new ArrayList<>();
        try {
            if (isArray(raw)) {
                for (JsonNode e : WhatsAppPayload.JSON.readTree(raw)) envelopes.add(WhatsAppPayload.JSON.writeValueAsBytes(e));
            } else {
                for (WhatsAppPayload.Inbound in : WhatsAppPayload.parse(raw).messages()) envelopes.add(in.envelope());
            }
        } catch (IOException e) {
            return Normalisation.rejected(Normalisation.ReasonClass.PARSE, "WhatsApp conversation unreadable: not a JSON array");
        } catch (WhatsAppPayload.Malformed e) {
            return Normalisation.rejected(Normalisation.ReasonClass.PARSE, "WhatsApp webhook unreadable: " + e.getMessage());
        }
        List<ChatPart> parts = new ArrayList<>();
        List<ChatConversation.Attachment> attachments = new ArrayList<>();
        for (byte[] envelope : envelopes) {
            WhatsAppParts.Read read = WhatsAppParts.read(envelope, instance, clock.instant());
            if (read instanceof WhatsAppParts.Read.Invalid i) return Normalisation.rejected(i.reasonClass(), i.reason());
            if (read instanceof WhatsAppParts.Read.Part p) {
                for (var media : p.part().media()) {
                    attachments.add(new ChatConversation.Attachment(0, parts.size(), media, ChatConversation.MediaState.UNAVAILABLE,
                            null, null, "REPLAY: media are not fetched on replay"));
                }
                parts.add(p.part());
            }
        }
        if (parts.isEmpty()) return Normalisation.ignored(NO_MESSAGES);
        ChatPart first = parts.get(0);
        ChatConversation c = new ChatConversation(0, Channel.WHATSAPP, instance, first.conversationKey(), first.receivedAt(),
                parts.get(parts.size() - 1).receivedAt(), parts, attachments, 0);
        Normalisation n = normalise(c);
        if (n instanceof Normalisation.Accepted a) {
            return Normalisation.accepted(a.draft().toBuilder().externalId("replay:" + TextFingerprint.sha256Hex(raw)).build());
        }
        return n;
    }

    /** A conversation's raw input is a JSON array; a webhook body is an object. */
    private static boolean isArray(byte[] raw) {
        for (byte b : raw) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
            return b == '[';
        }
        return false;
    }
}
