package id.lapor.gateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.lapor.gateway.channel.whatsapp.WhatsAppSignature;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WhatsApp Cloud API stand-in over real HTTP, for tests and demo mode, in both directions:
 * <ul>
 *   <li><b>Meta → gateway</b>: webhook bodies shaped as Meta sends them (text, image, location, interactive,
 *       reaction, statuses…) POSTed to the gateway's webhook with {@code X-Hub-Signature-256} computed with the app
 *       secret ({@link #post}), or a forged one ({@link #postForged}); the GET verification handshake
 *       ({@link #verify}).</li>
 *   <li><b>gateway → Graph API</b> (this server): {@code GET /{version}/{media-id}} answering the media URL,
 *       {@code GET /_media/{media-id}} the bytes (both need the Bearer token; fault modes: fail n times with a status,
 *       then succeed; an unknown id is 404 as for an expired one), and {@code POST /{version}/{phone-number-id}/messages}
 *       recording each message sent (text or template) and answering its wamid; with {@link #autoStatuses} it then
 *       POSTs sent and delivered statuses for it to the webhook.</li>
 * </ul>
 */
public final class WhatsAppSimulator implements AutoCloseable {

    /** One message the gateway sent: {@code type} text or template; {@code text} the body or the template's parameters joined by " | ". */
    public record Sent(String wamid, String to, String type, String text, String templateName, String templateLanguage) {}

    private record Media(byte[] bytes, String mimeType) {}

    private record Fault(int status, AtomicInteger remaining) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String accessToken;
    private final WhatsAppSignature signature;
    private final String phoneNumberId;
    private final Clock clock;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Media> media = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mediaRequests = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile URI webhook;
    private volatile boolean autoStatuses;

    /**
     * @param port          0 for any free port
     * @param accessToken   the Bearer token the gateway must send (WHATSAPP_ACCESS_TOKEN)
     * @param appSecret     the app secret webhooks are signed with (WHATSAPP_APP_SECRET)
     * @param phoneNumberId the business number's id messages are sent from
     * @param clock         message timestamps
     */
    public WhatsAppSimulator(int port, String accessToken, String appSecret, String phoneNumberId, Clock clock) throws IOException {
        this("127.0.0.1", port, accessToken, appSecret, phoneNumberId, clock);
    }

    public WhatsAppSimulator(String bind, int port, String accessToken, String appSecret, String phoneNumberId, Clock clock) throws IOException {
        this.accessToken = accessToken;
        this.signature = new WhatsAppSignature(appSecret);
        this.phoneNumberId = phoneNumberId;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "whatsapp-sim");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What to configure as {@code channels.whatsapp.graph-base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The gateway's webhook ({@code http://host:port/webhooks/whatsapp}) statuses are sent to. */
    public WhatsAppSimulator webhook(URI uri) {
        this.webhook = uri;
        return this;
    }

    /** After each message sent, POST its "sent" and "delivered" statuses to the webhook. */
    public WhatsAppSimulator autoStatuses(boolean on) {
        this.autoStatuses = on;
        return this;
    }

    // ---- media and faults

    /** Makes {@code mediaId} downloadable. */
    public void media(String mediaId, byte[] bytes, String mimeType) {
        media.put(mediaId, new Media(bytes, mimeType));
    }

    /** The next {@code times} requests for {@code mediaId}'s URL answer {@code status} (503: temporary), then it works. */
    public void failMedia(String mediaId, int times, int status) {
        faults.put(mediaId, new Fault(status, new AtomicInteger(times)));
    }

    /** How many times the media id was looked up. */
    public int mediaRequests(String mediaId) {
        AtomicInteger n = mediaRequests.get(mediaId);
        return n == null ? 0 : n.get();
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Sent> sentTo(String waId) {
        return sent.stream().filter(s -> s.to().equals(waId)).toList();
    }

    // ---- Meta → gateway

    /** Signs {@code body} with the app secret as Meta does. */
    public String sign(byte[] body) {
        return signature.sign(body);
    }

    /** POSTs {@code body} to the webhook, correctly signed; returns the HTTP status. */
    public int post(byte[] body) throws IOException, InterruptedException {
        return post(body, sign(body));
    }

    /** POSTs {@code body} with a signature made with another secret. */
    public int postForged(byte[] body) throws IOException, InterruptedException {
        return post(body, new WhatsAppSignature("not-the-app-secret").sign(body));
    }

    /** POSTs {@code body} with the given {@code X-Hub-Signature-256} (null: none). */
    public int post(byte[] body, String signatureHeader) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signatureHeader != null) b.header(WhatsAppSignature.HEADER, signatureHeader);
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The GET handshake Meta makes when the webhook is registered: status and body. */
    public HttpResponse<String> verify(String verifyToken, String challenge) throws IOException, InterruptedException {
        String q = "hub.mode=subscribe&hub.verify_token=" + URLEncoder.encode(verifyToken, StandardCharsets.UTF_8)
                + "&hub.challenge=" + URLEncoder.encode(challenge, StandardCharsets.UTF_8);
        return client.send(HttpRequest.newBuilder(URI.create(webhook + "?" + q)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A new wamid, as Meta makes them (base64-looking, prefixed "wamid."). */
    public String newWamid() {
        return "wamid.HBgNSIM" + Long.toString(ids.incrementAndGet(), 36).toUpperCase() + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    }

    /** A text message's webhook body from {@code waId} (digits) named {@code name}. */
    public byte[] textMessage(String wamid, String waId, String name, String text) {
        ObjectNode m = message(wamid, waId, "text");
        m.putObject("text").put("body", text);
        return envelope(waId, name, m, null);
    }

    /** An image (or {@code type} video/audio/document) message with an optional caption. */
    public byte[] mediaMessage(String wamid, String waId, String name, String type, String mediaId, String mimeType, String caption) {
        ObjectNode m = message(wamid, waId, type);
        ObjectNode o = m.putObject(type).put("id", mediaId).put("mime_type", mimeType).put("sha256", "c2ltdWxhdG9y");
        if (caption != null) o.put("caption", caption);
        if ("document".equals(type)) o.put("filename", mediaId + ".pdf");
        return envelope(waId, name, m, null);
    }

    /** A location pin. */
    public byte[] locationMessage(String wamid, String waId, String name, double lat, double lon, String place, String address) {
        ObjectNode m = message(wamid, waId, "location");
        m.putObject("location").put("latitude", lat).put("longitude", lon).put("name", place).put("address", address);
        return envelope(waId, name, m, null);
    }

    /** A reaction to one of the gateway's messages (not a complaint). */
    public byte[] reactionMessage(String wamid, String waId, String name, String toWamid, String emoji) {
        ObjectNode m = message(wamid, waId, "reaction");
        m.putObject("reaction").put("message_id", toWamid).put("emoji", emoji);
        return envelope(waId, name, m, null);
    }

    /** A status of a message the gateway sent. */
    public byte[] statusUpdate(String wamid, String waId, String status) {
        ObjectNode s = JSON.createObjectNode().put("id", wamid).put("status", status)
                .put("timestamp", Long.toString(clock.instant().getEpochSecond())).put("recipient_id", waId);
        if ("failed".equals(status)) s.putArray("errors").addObject().put("code", 131026).put("title", "Message undeliverable");
        return envelope(null, null, null, s);
    }

    private ObjectNode message(String wamid, String waId, String type) {
        return JSON.createObjectNode().put("from", waId).put("id", wamid)
                .put("timestamp", Long.toString(clock.instant().getEpochSecond())).put("type", type);
    }

    private byte[] envelope(String waId, String name, ObjectNode message, ObjectNode status) {
        ObjectNode value = JSON.createObjectNode().put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "6281100001708").put("phone_number_id", phoneNumberId);
        if (message != null) {
            value.putArray("contacts").addObject().put("wa_id", waId).putObject("profile").put("name", name);
            value.putArray("messages").add(message);
        }
        if (status != null) value.putArray("statuses").add(status);
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ArrayNode entry = root.putArray("entry");
        ObjectNode change = entry.addObject().put("id", "102290129340398").putArray("changes").addObject().put("field", "messages");
        change.set("value", value);
        try {
            // as characters, then UTF-8: every character raw (Jackson's byte writer would escape emoji as surrogate pairs)
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code body} as Meta writes it: every non-ASCII character as a {@code \\uXXXX} escape. */
    public static byte[] metaEscaped(byte[] body) {
        try {
            return JSON.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                    .writeValueAsBytes(JSON.readTree(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Graph API

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + accessToken).equals(auth)) {
                error(ex, 401, 190, "Invalid OAuth access token");
                return;
            }
            String[] seg = path.substring(1).split("/");
            if (seg.length == 2 && seg[0].equals("_media") && "GET".equals(ex.getRequestMethod())) {
                download(ex, seg[1]);
            } else if (seg.length == 3 && seg[2].equals("messages") && "POST".equals(ex.getRequestMethod())) {
                if (!seg[1].equals(phoneNumberId)) error(ex, 400, 100, "Unsupported post request: unknown phone number id");
                else messages(ex);
            } else if (seg.length == 2 && "GET".equals(ex.getRequestMethod())) {
                mediaInfo(ex, seg[1]);
            } else {
                error(ex, 404, 100, "Unknown path");
            }
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    private void mediaInfo(HttpExchange ex, String mediaId) throws IOException {
        mediaRequests.computeIfAbsent(mediaId, k -> new AtomicInteger()).incrementAndGet();
        Fault f = faults.get(mediaId);
        if (f != null && f.remaining().getAndDecrement() > 0) {
            error(ex, f.status(), f.status() >= 500 ? 2 : 100, "Service temporarily unavailable");
            return;
        }
        Media m = media.get(mediaId);
        if (m == null) {
            error(ex, 404, 100, "Unsupported get request. Object with ID '" + mediaId + "' does not exist");
            return;
        }
        ObjectNode o = JSON.createObjectNode().put("url", baseUrl() + "/_media/" + mediaId).put("mime_type", m.mimeType())
                .put("sha256", "simulated").put("file_size", m.bytes().length).put("id", mediaId)
                .put("messaging_product", "whatsapp");
        json(ex, 200, o);
    }

    private void download(HttpExchange ex, String mediaId) throws IOException {
        Media m = media.get(mediaId);
        if (m == null) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", m.mimeType());
        ex.sendResponseHeaders(200, m.bytes().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(m.bytes());
        }
    }

    private void messages(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        String to = body.path("to").asText();
        String type = body.path("type").asText();
        if (!"whatsapp".equals(body.path("messaging_product").asText()) || to.isBlank()) {
            error(ex, 400, 100, "Invalid parameter");
            return;
        }
        String wamid = newWamid();
        if ("text".equals(type)) {
            sent.add(new Sent(wamid, to, type, body.path("text").path("body").asText(), null, null));
        } else if ("template".equals(type)) {
            JsonNode t = body.path("template");
            List<String> params = new ArrayList<>();
            for (JsonNode p : t.path("components").path(0).path("parameters")) params.add(p.path("text").asText(""));
            sent.add(new Sent(wamid, to, type, params.isEmpty() ? null : String.join(" | ", params),
                    t.path("name").asText(), t.path("language").path("code").asText()));
        } else {
            error(ex, 400, 100, "Unsupported message type " + type);
            return;
        }
        ObjectNode o = JSON.createObjectNode().put("messaging_product", "whatsapp");
        o.putArray("contacts").addObject().put("input", to).put("wa_id", to);
        o.putArray("messages").addObject().put("id", wamid);
        json(ex, 200, o);
        if (autoStatuses && webhook != null) {
            Thread t = new Thread(() -> statuses(wamid, to), "whatsapp-sim-status");
            t.setDaemon(true);
            t.start();
        }
    }

    private void statuses(String wamid, String to) {
        try {
            Thread.sleep(100);
            post(statusUpdate(wamid, to, "sent"));
            post(statusUpdate(wamid, to, "delivered"));
        } catch (Exception e) {
            // a status that does not arrive is what Meta also does at times
        }
    }

    private static void error(HttpExchange ex, int status, int code, String message) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("error").put("message", message).put("type", "OAuthException").put("code", code).put("fbtrace_id", "SIM");
        json(ex, status, o);
    }

    private static void json(HttpExchange ex, int status, JsonNode o) throws IOException {
        byte[] b = JSON.writeValueAsBytes(o);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
