package id.lapor.gateway.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.ChannelNormaliser;
import id.lapor.gateway.intake.CitizenCommands;
import id.lapor.gateway.intake.PhoneNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one WhatsApp Cloud API message ({@link WhatsAppMessage}) into a complaint draft. The reporter is
 * {@code whatsapp:+<E.164>} ({@code wa_id} is country code and number: read by {@link PhoneNumbers}),
 * with the profile name and the number as phone; a leading RAHASIA / ANONIM marks the complaint
 * confidential / anonymous as on SMS (an anonymous complaint keeps no name). Content by type (Cloud API
 * "messages" object reference): {@code text.body}; the caption of image, video, audio and document (their
 * bytes come fetched in the payload); a location's name and address with lat/lon; the title of an
 * interactive {@code button_reply} / {@code list_reply}; a template quick-reply {@code button.text}.
 * Reactions, stickers, contact cards, {@code unsupported}/{@code unknown} and other types are Ignored
 * with the type as reason; CEK/INFO texts are Ignored (the reception answered them). An unreadable body
 * is Rejected PARSE; a sender that is no phone number or a message with nothing in it, VALIDATION.
 * Text is kept whole and exact (WhatsApp allows 4,096 characters; more than {@value #MAX_TEXT} is TOO_LARGE).
 */
public class WhatsAppNormaliser implements ChannelNormaliser<WhatsAppMessage> {

    /** The canonical schema's content limit. */
    static final int MAX_TEXT = 100_000;
    /** Media types whose bytes are fetched and attached. */
    static final Set<String> MEDIA_TYPES = Set.of("image", "video", "audio", "document");
    /** Content of a media message without caption: the complaint needs a text, and this says what came. */
    static final String UNCAPTIONED = "(%s tanpa keterangan)";

    private static final Set<String> CONFIDENTIAL = Set.of("RAHASIA");
    private static final Set<String> ANONYMOUS = Set.of("ANONIM", "ANONYMOUS");
    private static final java.util.regex.Pattern LEADING_WORD = java.util.regex.Pattern.compile("^(\\p{L}+)[\\s#*.:,]*");

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public Class<WhatsAppMessage> inputType() {
        return WhatsAppMessage.class;
    }

    /** Quarantine replay: the raw input is a message envelope (its media is not fetched again: flagged). */
    @Override
    public Normalisation normaliseRaw(byte[] raw, String instance) {
        String wamid = null;
        try {
            wamid = WhatsAppPayload.text(WhatsAppPayload.message(raw).message(), "id");
        } catch (WhatsAppPayload.Malformed e) {
            // rejected below with the same reason
        }
        return normalise(new WhatsAppMessage(instance, wamid, raw));
    }

    @Override
    public Normalisation normalise(WhatsAppMessage m) {
        WhatsAppPayload.Message msg;
        try {
            msg = WhatsAppPayload.message(m.raw());
        } catch (WhatsAppPayload.Malformed e) {
            return Normalisation.rejected(ReasonClass.PARSE, "WhatsApp webhook unreadable: " + e.getMessage());
        }
        String type = msg.type();
        Optional<String> ignored = ignoredType(type);
        if (ignored.isPresent()) return Normalisation.ignored(ignored.get());
        String from = WhatsAppPayload.text(msg.message(), "from");
        Optional<String> e164 = e164(from);
        if (e164.isEmpty()) return Normalisation.rejected(ReasonClass.VALIDATION, "sender wa_id is not a phone number");
        Part part = part(msg);
        if (part.text() != null && part.text().length() > MAX_TEXT) {
            return Normalisation.rejected(ReasonClass.TOO_LARGE, "text of " + part.text().length() + " characters exceeds " + MAX_TEXT);
        }
        if (CitizenCommands.parse(part.text()).isPresent()) return Normalisation.ignored("command (CEK/INFO), answered on WhatsApp");
        Markers markers = markers(part.text());
        String content = markers.rest();
        boolean hasMedia = MEDIA_TYPES.contains(type);
        if ((content == null || content.isBlank()) && hasMedia) content = UNCAPTIONED.formatted(mediaWord(type));
        if ((content == null || content.isBlank()) && part.location() != null) content = "(lokasi)";
        if (content == null || content.isBlank()) return Normalisation.rejected(ReasonClass.VALIDATION, "empty " + type + " message");

        String phone = e164.get();
        String senderKey = "whatsapp:" + phone;
        String name = markers.anonymous() ? null : WhatsAppPayload.text(msg.contact().path("profile"), "name");
        Complaint.Reporter reporter = new Complaint.Reporter(name, phone, null, senderKey, markers.anonymous(), markers.confidential());
        List<String> flags = new ArrayList<>(m.mediaFlags());
        if (hasMedia && m.media().isEmpty() && m.mediaFlags().isEmpty()) {
            flags.add("WHATSAPP_MEDIA_NOT_FETCHED:" + WhatsAppPayload.text(msg.message().path(type), "id"));
        }
        java.time.Instant occurred = null;
        String ts = WhatsAppPayload.text(msg.message(), "timestamp");
        if (ts != null && ts.strip().matches("\\d{1,12}")) occurred = java.time.Instant.ofEpochSecond(Long.parseLong(ts.strip()));
        return Normalisation.accepted(ComplaintDraft.of(Channel.WHATSAPP, senderKey).instance(m.instance())
                .externalId(WhatsAppPayload.text(msg.message(), "id")).occurredAt(occurred).reporter(reporter)
                .content(content).language("id").location(part.location()).attachments(m.media()).flags(flags).build());
    }

    /**
     * The reason a message of {@code type} is not a complaint part, or empty when it is one. Stickers and
     * reactions are feelings, not reports; {@code unsupported}/{@code unknown} are what Meta sends for types
     * the Cloud API cannot deliver (view-once media, polls, …).
     */
    public static Optional<String> ignoredType(String type) {
        if (type == null) return Optional.of("message without type");
        return switch (type) {
            case "text", "image", "video", "audio", "document", "location", "interactive", "button" -> Optional.empty();
            case "reaction" -> Optional.of("reaction");
            case "sticker" -> Optional.of("sticker");
            case "unknown", "unsupported" -> Optional.of("unsupported message type (" + type + ")");
            default -> Optional.of("other message type");
        };
    }

    /** What one message contributes: its text (body, caption, reply title) and a location. */
    public record Part(String text, Complaint.Location location) {}

    /** The text and location of one message of a taken type (see the class comment). */
    public static Part part(WhatsAppPayload.Message msg) {
        JsonNode m = msg.message();
        String type = msg.type();
        return switch (type) {
            case "text" -> new Part(WhatsAppPayload.text(m.path("text"), "body"), null);
            case "image", "video", "audio", "document" -> new Part(WhatsAppPayload.text(m.path(type), "caption"), null);
            case "location" -> {
                JsonNode l = m.path("location");
                String name = WhatsAppPayload.text(l, "name");
                String address = WhatsAppPayload.text(l, "address");
                String text = name == null ? address : address == null ? name : name + ", " + address;
                Double lat = l.path("latitude").isNumber() ? l.path("latitude").asDouble() : null;
                Double lon = l.path("longitude").isNumber() ? l.path("longitude").asDouble() : null;
                boolean valid = lat != null && lon != null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
                yield new Part(text, valid || text != null ? new Complaint.Location(text, valid ? lat : null, valid ? lon : null) : null);
            }
            case "interactive" -> {
                JsonNode i = m.path("interactive");
                JsonNode reply = i.has("button_reply") ? i.path("button_reply") : i.path("list_reply");
                String title = WhatsAppPayload.text(reply, "title");
                String description = WhatsAppPayload.text(reply, "description");
                yield new Part(description == null ? title : title + " — " + description, null);
            }
            case "button" -> new Part(WhatsAppPayload.text(m.path("button"), "text"), null);
            default -> new Part(null, null);
        };
    }

    /** Leading RAHASIA / ANONIM words (any order, any case) and the text after them. */
    public record Markers(String rest, boolean anonymous, boolean confidential) {}

    public static Markers markers(String text) {
        if (text == null) return new Markers(null, false, false);
        String rest = text.strip();
        boolean anonymous = false;
        boolean confidential = false;
        while (true) {
            var mm = LEADING_WORD.matcher(rest);
            if (!mm.find()) break;
            String w = mm.group(1).toUpperCase(Locale.ROOT);
            if (CONFIDENTIAL.contains(w)) confidential = true;
            else if (ANONYMOUS.contains(w)) anonymous = true;
            else break;
            rest = rest.substring(mm.end());
        }
        return new Markers(rest.strip(), anonymous, confidential);
    }

    /** {@code +<digits>} in E.164 for a {@code wa_id} (country code and number, digits only), empty when it is none. */
    public static Optional<String> e164(String waId) {
        if (waId == null || !waId.strip().matches("\\+?\\d{6,15}")) return Optional.empty();
        String digits = waId.strip().startsWith("+") ? waId.strip() : "+" + waId.strip();
        return PhoneNumbers.toE164(digits);
    }

    private static String mediaWord(String type) {
        return switch (type) {
            case "image" -> "foto";
            case "video" -> "video";
            case "audio" -> "pesan suara";
            default -> "dokumen";
        };
    }
}
