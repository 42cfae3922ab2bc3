package id.lapor.gateway.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import id.lapor.gateway.channel.chat.ChatLocation;
import id.lapor.gateway.channel.chat.ChatMedia;
import id.lapor.gateway.channel.chat.ChatPart;
import id.lapor.gateway.channel.chat.ChatReporter;
import id.lapor.gateway.channel.chat.ChatText;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.PhoneNumbers;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One Cloud API message (an envelope of {@link WhatsAppPayload#parse}) as a part of a chat conversation
 * ({@link ChatPart}), by type (Cloud API "messages" object reference):
 * <ul>
 *   <li>{@code text}: {@code text.body}, exactly (WhatsApp allows 4,096 characters; kept whole, any script);</li>
 *   <li>{@code image}, {@code video}, {@code audio}, {@code document}: the caption as text and one {@link ChatMedia}
 *       (media id, declared {@code mime_type}, a document's {@code filename}); the bytes are fetched by the chat core;</li>
 *   <li>{@code location}: lat/lon, and the place's name and address as text;</li>
 *   <li>{@code interactive}: the title (and description) of the {@code button_reply} / {@code list_reply};
 *       {@code button} (a template's quick reply): {@code button.text}.</li>
 * </ul>
 * Reactions, stickers, contact cards, {@code unsupported}/{@code unknown} and other types are not parts
 * ({@link Read.Ignored}, with the reason counted). The reporter is {@code whatsapp:+<E.164>} (from {@code wa_id}, country
 * code and number, read by {@link PhoneNumbers}), the profile name, and the number as phone; a sender that is no
 * phone number is {@link Read.Invalid}. Plain Java, no I/O.
 */
public final class WhatsAppParts {

    /** Media message types whose bytes are fetched. */
    static final java.util.Set<String> MEDIA_TYPES = java.util.Set.of("image", "video", "audio", "document");

    private WhatsAppParts() {}

    /** What one message is. */
    public sealed interface Read {
        /** A part of the sender's conversation. */
        record Part(ChatPart part) implements Read {}

        /** Not a complaint part; {@code reason} is counted (a bounded set of words, for the metric tag). */
        record Ignored(String reason) implements Read {}

        /** Cannot be used: quarantined with the envelope. */
        record Invalid(ReasonClass reasonClass, String reason) implements Read {}
    }

    /**
     * @param envelope   a webhook body holding one message ({@link WhatsAppPayload.Inbound#envelope()})
     * @param instance   {@code channels.whatsapp.instance}
     * @param receivedAt when it arrived (used when the message has no timestamp, or one in the future)
     */
    public static Read read(byte[] envelope, String instance, Instant receivedAt) {
        WhatsAppPayload.Message msg;
        try {
            msg = WhatsAppPayload.message(envelope);
        } catch (WhatsAppPayload.Malformed e) {
            return new Read.Invalid(ReasonClass.PARSE, "WhatsApp webhook unreadable: " + e.getMessage());
        }
        return read(msg, envelope, instance, receivedAt);
    }

    /**
     * {@link #read(byte[], String, Instant)} of a message just cut from a webhook body by {@link WhatsAppPayload#parse}:
     * the same result, without parsing its envelope again (the webhook's path).
     */
    public static Read read(WhatsAppPayload.Inbound in, String instance, Instant receivedAt) {
        return read(in.parsed(), in.envelope(), instance, receivedAt);
    }

    private static Read read(WhatsAppPayload.Message msg, byte[] envelope, String instance, Instant receivedAt) {
        JsonNode m = msg.message();
        if (!m.isObject()) return new Read.Invalid(ReasonClass.PARSE, "WhatsApp message is not an object");
        String type = msg.type();
        Optional<String> ignored = ignoredType(type);
        if (ignored.isPresent()) return new Read.Ignored(ignored.get());
        String wamid = WhatsAppPayload.text(m, "id");
        if (wamid == null || wamid.isBlank()) return new Read.Invalid(ReasonClass.PARSE, "message without id");
        if (wamid.length() > ChatText.ID_MAX) {
            return new Read.Invalid(ReasonClass.PARSE, "message id longer than " + ChatText.ID_MAX + " characters");
        }
        Optional<String> e164 = e164(WhatsAppPayload.text(m, "from"));
        if (e164.isEmpty()) return new Read.Invalid(ReasonClass.VALIDATION, "sender wa_id is not a phone number");
        String key = "whatsapp:" + e164.get();
        ChatReporter reporter = new ChatReporter(key, WhatsAppPayload.text(msg.contact().path("profile"), "name"), e164.get());
        String text = null;
        List<ChatMedia> media = List.of();
        ChatLocation location = null;
        switch (type) {
            case "text" -> text = WhatsAppPayload.text(m.path("text"), "body");
            case "image", "video", "audio", "document" -> {
                JsonNode o = m.path(type);
                text = WhatsAppPayload.text(o, "caption");
                String id = WhatsAppPayload.text(o, "id");
                if (id == null || id.isBlank()) return new Read.Invalid(ReasonClass.PARSE, type + " message without media id");
                media = List.of(new ChatMedia(id, WhatsAppPayload.text(o, "mime_type"), WhatsAppPayload.text(o, "filename"), null, text));
            }
            case "location" -> {
                JsonNode l = m.path("location");
                String name = WhatsAppPayload.text(l, "name");
                String address = WhatsAppPayload.text(l, "address");
                text = name == null ? address : address == null ? name : name + ", " + address;
                if (l.path("latitude").isNumber() && l.path("longitude").isNumber()) {
                    double lat = l.path("latitude").asDouble();
                    double lon = l.path("longitude").asDouble();
                    if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) location = new ChatLocation(lat, lon);
                }
            }
            case "interactive" -> {
                JsonNode i = m.path("interactive");
                JsonNode reply = i.has("button_reply") ? i.path("button_reply") : i.path("list_reply");
                String title = WhatsAppPayload.text(reply, "title");
                String description = WhatsAppPayload.text(reply, "description");
                // either may be missing (a description without title was written "null — …")
                text = description == null ? title : title == null ? description : title + " — " + description;
            }
            case "button" -> text = WhatsAppPayload.text(m.path("button"), "text");
            default -> {
                return new Read.Ignored("other message type");
            }
        }
        Instant at = WhatsAppPayload.timestamp(m);
        if (at == null || at.isAfter(receivedAt)) at = receivedAt;
        return new Read.Part(new ChatPart(Channel.WHATSAPP, instance, key, wamid, wamid, at, reporter, text, media, location, envelope));
    }

    /**
     * The reason a message of {@code type} is no complaint part, or empty when it is one. Stickers and reactions are
     * feelings, not reports; {@code unsupported}/{@code unknown} are what Meta sends for types the Cloud API cannot
     * deliver (view-once media, polls, …).
     */
    public static Optional<String> ignoredType(String type) {
        if (type == null) return Optional.of("message without type");
        return switch (type) {
            case "text", "image", "video", "audio", "document", "location", "interactive", "button" -> Optional.empty();
            case "reaction" -> Optional.of("reaction");
            case "sticker" -> Optional.of("sticker");
            case "unknown", "unsupported" -> Optional.of("unsupported message type");
            default -> Optional.of("other message type");
        };
    }

    private static final java.util.regex.Pattern WA_ID = java.util.regex.Pattern.compile("\\+?\\d{6,15}");

    /** {@code +<digits>} in E.164 for a {@code wa_id} (country code and number, digits only); empty when it is none. */
    public static Optional<String> e164(String waId) {
        if (waId == null || !WA_ID.matcher(waId.strip()).matches()) return Optional.empty();
        String digits = waId.strip().startsWith("+") ? waId.strip() : "+" + waId.strip();
        return PhoneNumbers.toE164(digits);
    }

}
