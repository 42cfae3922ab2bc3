package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.intake.IntakeInput;

import java.util.List;

/**
 * Typed raw payload of the WHATSAPP channel: one inbound Cloud API message as its own webhook envelope
 * ({@link WhatsAppPayload#parse}), or a whole webhook body that could not be read (then {@code wamid} is
 * null and the normaliser rejects it, so quarantine keeps the very bytes Meta signed).
 *
 * @param instance   the intake point ({@code channels.whatsapp.instance})
 * @param wamid      the message id ("wamid.…"), the transport dedup key; null for an unreadable body
 * @param raw        the envelope (UTF-8 JSON) or the unreadable body as received; never null
 * @param media      the message's media as fetched from the Graph API (empty when it has none or it could not be fetched)
 * @param mediaFlags flags about media left out: {@code WHATSAPP_MEDIA_UNAVAILABLE:<media id>},
 *                   {@code WHATSAPP_MEDIA_TOO_LARGE:<media id>}
 */
public record WhatsAppMessage(String instance, String wamid, byte[] raw, List<ComplaintDraft.AttachmentContent> media,
                              List<String> mediaFlags) implements IntakeInput {

    /** Quarantined WhatsApp input is webhook JSON. */
    public static final String RAW_MEDIA_TYPE = "application/json";

    public WhatsAppMessage {
        if (raw == null) raw = new byte[0];
        media = media == null ? List.of() : List.copyOf(media);
        mediaFlags = mediaFlags == null ? List.of() : List.copyOf(mediaFlags);
    }

    /** A message with no media fetched (text, location, replies; or an unreadable body with a null wamid). */
    public WhatsAppMessage(String instance, String wamid, byte[] raw) {
        this(instance, wamid, raw, List.of(), List.of());
    }

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public String externalId() {
        return wamid;
    }

    @Override
    public String rawMediaType() {
        return RAW_MEDIA_TYPE;
    }
}
