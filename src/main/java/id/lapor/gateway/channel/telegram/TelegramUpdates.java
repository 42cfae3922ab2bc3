package id.lapor.gateway.channel.telegram;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.channel.chat.ChatEdit;
import id.lapor.gateway.channel.chat.ChatLocation;
import id.lapor.gateway.channel.chat.ChatMedia;
import id.lapor.gateway.channel.chat.ChatPart;
import id.lapor.gateway.channel.chat.ChatReporter;
import id.lapor.gateway.complaint.Channel;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reads one Bot API {@code Update} (https://core.telegram.org/bots/api#update) from its raw JSON, with
 * Jackson's tree model so that nothing the gateway does not model is lost (camel-telegram's {@code Update}
 * ignores unknown properties and has no {@code edited_message}). Plain Java, no I/O.
 *
 * <ul>
 *   <li>{@code message} from a user in a private chat → a {@link ChatPart}: text or caption exactly, the
 *       largest {@code photo} size, {@code document}, {@code voice}, {@code audio}, {@code video},
 *       {@code video_note}, {@code location}; {@code telegram:<chat id>} / {@code telegram:<user id>}.</li>
 *   <li>{@code edited_message} → a {@link ChatEdit} of {@code message_id}.</li>
 *   <li>Group, supergroup and channel chats, {@code channel_post}, messages from bots, other update types and
 *       messages with nothing the gateway keeps (sticker, contact, poll, service messages) → Ignore with a reason.</li>
 *   <li>Not JSON, no {@code update_id} → Malformed (quarantined with the raw bytes).</li>
 * </ul>
 */
public final class TelegramUpdates {

    /** What one update is. */
    public sealed interface Parsed {
        /** {@code update_id} as a decimal string (the transport dedup key); null only for Malformed. */
        String updateId();

        record Message(String updateId, ChatPart part) implements Parsed {}

        /**
         * @param asMessage the edited message read as a new message (for an edit whose original closed without a
         *                  complaint, {@code ChatConversations.Edited.NO_COMPLAINT}); null when it holds nothing to keep
         */
        record Edit(String updateId, ChatEdit edit, ChatPart asMessage) implements Parsed {}

        record Ignore(String updateId, String reason) implements Parsed {}

        record Malformed(String updateId, String reason) implements Parsed {}
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TelegramUpdates() {}

    /**
     * @param raw      one update's JSON exactly as received
     * @param instance the intake point
     * @param now      arrival time, used when the update carries no {@code date}
     */
    public static Parsed parse(byte[] raw, String instance, Instant now) {
        JsonNode u;
        try {
            u = MAPPER.readTree(raw);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Jackson's message quotes the input around the error: only where it is goes into the reason (and the log)
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            return new Parsed.Malformed(null, "not JSON (" + e.getClass().getSimpleName() + " at byte " + at + ")");
        } catch (IOException e) {
            return new Parsed.Malformed(null, "not JSON: " + e.getClass().getSimpleName());
        }
        if (u == null || !u.isObject()) return new Parsed.Malformed(null, "an update is a JSON object");
        JsonNode id = u.get("update_id");
        if (id == null || !id.canConvertToLong()) return new Parsed.Malformed(null, "no numeric update_id");
        String updateId = Long.toString(id.asLong());
        if (u.has("message")) return message(updateId, u.get("message"), instance, now, raw);
        if (u.has("edited_message")) return edit(updateId, u.get("edited_message"), instance, now, raw);
        if (u.has("channel_post") || u.has("edited_channel_post")) return new Parsed.Ignore(updateId, "channel post");
        Iterator<String> names = u.fieldNames();
        String type = "none";
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("update_id")) {
                type = n;
                break;
            }
        }
        return new Parsed.Ignore(updateId, "unsupported update type " + type);
    }

    private static Parsed message(String updateId, JsonNode m, String instance, Instant now, byte[] raw) {
        String problem = notFromACitizen(m);
        if (problem != null) return problem.startsWith("!") ? new Parsed.Malformed(updateId, problem.substring(1)) : new Parsed.Ignore(updateId, problem);
        JsonNode from = m.get("from");
        String text = textOf(m);
        List<ChatMedia> media = new ArrayList<>();
        String caption = m.path("caption").isTextual() ? m.get("caption").asText() : null;
        JsonNode photo = m.get("photo");
        if (photo != null && photo.isArray() && !photo.isEmpty()) {
            JsonNode largest = null;
            long best = -1;
            for (JsonNode size : photo) {
                long area = size.path("width").asLong(0) * size.path("height").asLong(0);
                long bytes = size.path("file_size").asLong(0);
                long score = area > 0 ? area : bytes;
                if (score >= best) {
                    best = score;
                    largest = size;
                }
            }
            addMedia(media, largest, "image/jpeg", null, caption);
        }
        for (String kind : List.of("document", "video", "voice", "audio", "video_note", "animation")) {
            JsonNode f = m.get(kind);
            if (f != null && f.isObject()) addMedia(media, f, f.path("mime_type").asText(null), f.path("file_name").asText(null), caption);
        }
        ChatLocation location = null;
        JsonNode loc = m.get("location");
        if (loc != null && loc.path("latitude").isNumber() && loc.path("longitude").isNumber()) {
            location = new ChatLocation(loc.get("latitude").asDouble(), loc.get("longitude").asDouble());
        }
        if ((text == null || text.isEmpty()) && media.isEmpty() && location == null) {
            return new Parsed.Ignore(updateId, "message without text, media or location (" + contentKind(m) + ")");
        }
        Instant at = platformTime(m.path("date"), now);
        ChatReporter reporter = new ChatReporter("telegram:" + from.get("id").asLong(), name(from), null);
        return new Parsed.Message(updateId, new ChatPart(Channel.TELEGRAM, instance, "telegram:" + m.path("chat").path("id").asLong(),
                updateId, messageId(m), at, reporter, text, media, location, raw));
    }

    private static Parsed edit(String updateId, JsonNode m, String instance, Instant now, byte[] raw) {
        String problem = notFromACitizen(m);
        if (problem != null) return problem.startsWith("!") ? new Parsed.Malformed(updateId, problem.substring(1)) : new Parsed.Ignore(updateId, problem);
        String messageId = messageId(m);
        if (messageId == null) return new Parsed.Malformed(updateId, "edited_message without message_id");
        ChatPart asMessage = message(updateId, m, instance, now, raw) instanceof Parsed.Message p ? p.part() : null;
        return new Parsed.Edit(updateId, new ChatEdit(Channel.TELEGRAM, instance, "telegram:" + m.path("chat").path("id").asLong(),
                updateId, messageId, platformTime(m.path("edit_date"), now), textOf(m), raw), asMessage);
    }

    /** {@code message_id} (Bot API: Integer) as a decimal string, or null when it is missing or no integer. */
    private static String messageId(JsonNode m) {
        JsonNode id = m.path("message_id");
        return id.isIntegralNumber() && id.canConvertToLong() ? Long.toString(id.asLong()) : null;
    }

    /**
     * A Bot API time ({@code date}, {@code edit_date}: Unix seconds), or {@code now} when it is missing, not a positive
     * integer, or later than {@code now}. Never trusted further: a time past {@code Instant.MAX} (about 3.2e16 s) would
     * throw and one past PostgreSQL's year 294276 would fail the insert, on every redelivery alike (the polling offset
     * would stop there for good); a future one would misdate the complaint. The WhatsApp channel reads its
     * {@code timestamp} the same way.
     */
    static Instant platformTime(JsonNode seconds, Instant now) {
        if (!seconds.isIntegralNumber() || !seconds.canConvertToLong()) return now;
        long s = seconds.asLong();
        return s > 0 && s <= now.getEpochSecond() ? Instant.ofEpochSecond(s) : now;
    }

    /** Why this message is not a citizen's ("!…" when it is malformed), or null when it is. */
    private static String notFromACitizen(JsonNode m) {
        if (m == null || !m.isObject()) return "!message is not an object";
        JsonNode chat = m.get("chat");
        if (chat == null || !chat.path("id").canConvertToLong()) return "!message without chat.id";
        String type = chat.path("type").asText("");
        if (!type.equals("private")) return type.isEmpty() ? "chat of unknown type" : type + " chat";
        JsonNode from = m.get("from");
        if (from == null || !from.path("id").canConvertToLong()) return "!message without from.id";
        if (from.path("is_bot").asBoolean(false)) return "message from a bot";
        return null;
    }

    private static String textOf(JsonNode m) {
        if (m.path("text").isTextual()) return m.get("text").asText();
        if (m.path("caption").isTextual()) return m.get("caption").asText();
        return null;
    }

    private static void addMedia(List<ChatMedia> media, JsonNode f, String declaredType, String fileName, String caption) {
        if (f == null || !f.path("file_id").isTextual() || f.get("file_id").asText().isBlank()) return;
        Long size = f.path("file_size").canConvertToLong() ? f.get("file_size").asLong() : null;
        media.add(new ChatMedia(f.get("file_id").asText(), declaredType, fileName, size, caption));
    }

    private static String contentKind(JsonNode m) {
        for (String k : List.of("sticker", "contact", "poll", "dice", "game", "venue", "new_chat_members", "left_chat_member",
                "pinned_message", "story")) {
            if (m.has(k)) return k;
        }
        return "other";
    }

    private static String name(JsonNode from) {
        String first = from.path("first_name").asText("").strip();
        String last = from.path("last_name").asText("").strip();
        String n = (first + " " + last).strip();
        return n.isEmpty() ? null : n;
    }

    /**
     * The updates of a {@code getUpdates} answer ({@code {"ok":true,"result":[…]}}), each as the exact bytes
     * it had in the answer (cut by the parser's byte offsets, not re-serialised), with its update_id (null when
     * it has none). An answer that is not {@code ok} or not JSON throws.
     */
    public static List<Raw> split(byte[] answer) throws IOException {
        List<Raw> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(answer)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("getUpdates answer is not a JSON object");
            boolean ok = false;
            boolean sawResult = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("ok")) {
                    ok = t == JsonToken.VALUE_TRUE;
                } else if (field.equals("result") && t == JsonToken.START_ARRAY) {
                    sawResult = true;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        Long updateId = null;
                        int depth = 1;
                        while (depth > 0) {
                            JsonToken x = p.nextToken();
                            if (x == null) throw new IOException("getUpdates answer ends inside an update");
                            if (x == JsonToken.START_OBJECT || x == JsonToken.START_ARRAY) depth++;
                            else if (x == JsonToken.END_OBJECT || x == JsonToken.END_ARRAY) depth--;
                            else if (depth == 1 && x == JsonToken.FIELD_NAME && p.currentName().equals("update_id")) {
                                if (p.nextToken().isNumeric()) updateId = p.getLongValue();
                            }
                        }
                        int end = (int) p.currentLocation().getByteOffset();
                        out.add(new Raw(updateId, Arrays.copyOfRange(answer, start, end)));
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!ok || !sawResult) throw new IOException("getUpdates answer not ok");
        }
        return out;
    }

    /** One update's exact bytes and its update_id (null when it has none). */
    public record Raw(Long updateId, byte[] bytes) {}
}
