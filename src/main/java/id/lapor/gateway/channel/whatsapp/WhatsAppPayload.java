package id.lapor.gateway.channel.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading of a WhatsApp Cloud API webhook body (Meta for Developers, "WhatsApp Cloud API: Webhooks
 * components" and the "messages" field reference):
 * <pre>
 * {"object":"whatsapp_business_account",
 *  "entry":[{"id":"&lt;WABA id&gt;","changes":[{"field":"messages","value":{
 *      "messaging_product":"whatsapp",
 *      "metadata":{"display_phone_number":"…","phone_number_id":"…"},
 *      "contacts":[{"profile":{"name":"…"},"wa_id":"628…"}],
 *      "messages":[{"from":"628…","id":"wamid.…","timestamp":"1717000000","type":"text","text":{"body":"…"}}],
 *      "statuses":[{"id":"wamid.…","status":"sent|delivered|read|failed","timestamp":"…","recipient_id":"628…","errors":[…]}]}}]}]}
 * </pre>
 * One body may carry several entries, changes, messages and statuses. Each inbound message is cut out
 * into an <em>envelope</em> of its own (the same shape holding only that message, its contact and
 * metadata) so it can be deduplicated, normalised, quarantined and replayed alone; Jackson writes the
 * strings back exactly (every script and emoji kept). Jackson, no own JSON code; no I/O.
 */
public final class WhatsAppPayload {

    /** Jackson for webhook bodies; strict about duplicate keys so an ambiguous body is refused, not guessed. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private WhatsAppPayload() {}

    /**
     * One inbound message of a webhook.
     *
     * @param wamid     the message id ({@code messages[].id}, "wamid.…"); the transport dedup key; null when the message
     *                  has none (it is then quarantined alone, {@link WhatsAppParts})
     * @param from      the sender's WhatsApp id ({@code wa_id}: country code and number, digits only)
     * @param type      {@code messages[].type}: text, image, document, audio, video, location, interactive, button,
     *                  reaction, sticker, contacts, unsupported, unknown, …
     * @param timestamp {@code messages[].timestamp} (Unix seconds), null when absent or unreadable
     * @param envelope  a webhook body holding only this message (with its contact and metadata), UTF-8 JSON
     * @param parsed    the same message as read from the body, so the webhook reads it without parsing the envelope
     *                  again ({@link WhatsAppParts#read(Inbound, String, Instant)})
     */
    public record Inbound(String wamid, String from, String type, Instant timestamp, byte[] envelope, Message parsed) {}

    /**
     * One delivery status of a message this gateway sent.
     *
     * @param wamid  the id the messages endpoint returned for our message
     * @param status sent, delivered, read or failed
     * @param error  the first error's code and title for failed, else null
     */
    public record Status(String wamid, String status, String error) {}

    /** What a webhook body holds; {@code otherChanges} counts changes of other fields (account updates, templates). */
    public record Parsed(List<Inbound> messages, List<Status> statuses, int otherChanges) {}

    /** The body is not a WhatsApp webhook body (not JSON, or not the documented shape). */
    public static final class Malformed extends Exception {
        public Malformed(String message) {
            super(message);
        }
    }

    /**
     * @param body the webhook body as received
     * @throws Malformed when it is not JSON (also: a key twice in one object, nesting deeper than Jackson's limit) or not
     *                   {@code object: whatsapp_business_account} with an {@code entry} array, or {@code messages} is there
     *                   and no array. A single message that cannot
     *                   be used (no id, no object) does not make the body Malformed; its {@link Inbound} is read as invalid.
     */
    public static Parsed parse(byte[] body) throws Malformed {
        JsonNode root = tree(body);
        if (!"whatsapp_business_account".equals(root.path("object").asText(null))) {
            throw new Malformed("object is not whatsapp_business_account");
        }
        if (!root.path("entry").isArray()) throw new Malformed("no entry array");
        List<Inbound> messages = new ArrayList<>();
        List<Status> statuses = new ArrayList<>();
        int other = 0;
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                if (!"messages".equals(change.path("field").asText(null))) {
                    other++;
                    continue;
                }
                JsonNode value = change.path("value");
                // an object here would be iterated by its values, each cut out as a "message" of its own
                JsonNode list = value.path("messages");
                if (!list.isMissingNode() && !list.isNull() && !list.isArray()) throw new Malformed("messages is not an array");
                for (JsonNode m : value.path("messages")) {
                    // a message without id (or no object at all) is not the whole body's fault: it is quarantined
                    // on its own (WhatsAppParts reads it as Invalid) and the other messages of the body are kept
                    messages.add(new Inbound(text(m, "id"), text(m, "from"), text(m, "type"), timestamp(m),
                            envelope(root, entry, change, value, m),
                            new Message(m, contactOf(value, text(m, "from")), value.path("metadata"))));
                }
                for (JsonNode s : value.path("statuses")) {
                    JsonNode err = s.path("errors").path(0);
                    String error = err.isMissingNode() ? null : err.path("code").asText("") + " " + err.path("title").asText("");
                    statuses.add(new Status(text(s, "id"), text(s, "status"), error == null ? null : error.strip()));
                }
            }
        }
        return new Parsed(messages, statuses, other);
    }

    /** The one message of an envelope made by {@link #parse}, with its contact and metadata. */
    public record Message(JsonNode message, JsonNode contact, JsonNode metadata) {
        public String type() {
            return message.path("type").asText("unknown");
        }
    }

    /**
     * @param envelope a body holding one message (as {@link Inbound#envelope()}; a whole webhook body is read the same:
     *                 its first message)
     * @throws Malformed when it is not JSON or holds no message
     */
    public static Message message(byte[] envelope) throws Malformed {
        JsonNode root = tree(envelope);
        if (!"whatsapp_business_account".equals(root.path("object").asText(null))) {
            throw new Malformed("object is not whatsapp_business_account");
        }
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                JsonNode m = value.path("messages").path(0);
                // a message that is no object is still the message (WhatsAppParts finds it invalid, as on the webhook)
                if (!m.isMissingNode() && !m.isNull()) return new Message(m, contactOf(value, text(m, "from")), value.path("metadata"));
            }
        }
        throw new Malformed("no message in the webhook body");
    }

    private static JsonNode tree(byte[] body) throws Malformed {
        if (body == null || body.length == 0) throw new Malformed("empty body");
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) throw new Malformed("not a JSON object");
            return root;
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input around the error (an unrecognised token is the citizen's words): only
            // what kind of error and where goes into the reason, which is logged and shown (as TelegramUpdates does)
            String kind = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field") ? "a key twice in one object"
                    : e.getClass().getSimpleName();
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw new Malformed("not JSON (" + kind + " at byte " + at + ")");
        } catch (IOException e) {
            throw new Malformed("unreadable body: " + e.getMessage());
        }
    }

    private static byte[] envelope(JsonNode root, JsonNode entry, JsonNode change, JsonNode value, JsonNode m) {
        ObjectNode v = JSON.createObjectNode();
        if (value.has("messaging_product")) v.set("messaging_product", value.get("messaging_product"));
        if (value.has("metadata")) v.set("metadata", value.get("metadata"));
        JsonNode contact = contactOf(value, text(m, "from"));
        if (!contact.isMissingNode()) v.putArray("contacts").add(contact);
        v.putArray("messages").add(m);
        ObjectNode c = JSON.createObjectNode().put("field", "messages");
        c.set("value", v);
        ObjectNode e = JSON.createObjectNode();
        if (entry.has("id")) e.set("id", entry.get("id"));
        e.putArray("changes").add(c);
        ObjectNode out = JSON.createObjectNode().put("object", root.path("object").asText());
        ArrayNode entries = out.putArray("entry");
        entries.add(e);
        try {
            return JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a tree read from JSON writes back", ex);
        }
    }

    private static JsonNode contactOf(JsonNode value, String from) {
        JsonNode first = null;
        for (JsonNode c : value.path("contacts")) {
            if (first == null) first = c;
            if (from != null && from.equals(text(c, "wa_id"))) return c;
        }
        return first == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : first;
    }

    private static final java.util.regex.Pattern UNIX_SECONDS = java.util.regex.Pattern.compile("\\d{1,12}");

    /**
     * {@code messages[].timestamp}: Unix seconds as a string of at most 12 digits (year 33658), or null when absent or
     * anything else. Bounded so that no value throws ({@code Instant.ofEpochSecond} of 17 digits did, failing the whole
     * body with 503 on every retry of Meta's).
     */
    static Instant timestamp(JsonNode m) {
        String t = text(m, "timestamp");
        if (t == null || !UNIX_SECONDS.matcher(t.strip()).matches()) return null;
        return Instant.ofEpochSecond(Long.parseLong(t.strip()));
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }
}
