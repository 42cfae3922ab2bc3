package id.lapor.gateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Telegram Bot API server for tests and demo mode (https://core.telegram.org/bots/api), over real HTTP:
 * {@code getUpdates} long polling with the Bot API's offset semantics (an offset confirms every update
 * below it; confirmed updates are never returned again; {@code limit} 1-100; {@code timeout} seconds held
 * when nothing is waiting; 409 while a webhook is set), {@code getFile} and the file download
 * ({@code /file/bot<token>/<file_path>}), {@code sendMessage} (recorded: {@link #sent()}), {@code setWebhook}
 * and {@code deleteWebhook}; with a webhook set, each new update is POSTed to it with
 * {@code X-Telegram-Bot-Api-Secret-Token} (the answers are recorded: {@link #webhookAnswers()}).
 * A wrong token answers 401 like Telegram. Faults: a file can answer 503 a number of times, or 404.
 *
 * <p>Several clients (gateway nodes) can be told apart: a base URL {@link #baseUrl(String) baseUrl(client)}
 * ({@code …/c/<client>}) puts the client's name before {@code /bot…}; each getUpdates call is recorded with its
 * client, start, end and the update_ids it returned ({@link #polls()}).
 *
 * <p>Citizens are scripted with {@link #text}, {@link #photo}, {@link #document}, {@link #location},
 * {@link #edit}, {@link #groupText} or any raw update JSON ({@link #raw}).
 */
public final class TelegramSimulator implements AutoCloseable {

    /** One sendMessage the gateway made. */
    public record Sent(String chatId, String text, long messageId) {}

    /**
     * One getUpdates call: the client named in its base URL ({@code ""} when none), when it came and when it
     * was answered ({@link System#nanoTime()}), and the update_ids of the answer.
     */
    public record Poll(String client, long startNanos, long endNanos, List<Long> updateIds) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String token;
    private final Object lock = new Object();
    /** Unconfirmed updates, oldest first: (update_id, raw JSON). */
    private final Deque<Map.Entry<Long, String>> pending = new ArrayDeque<>();
    private final AtomicLong nextUpdateId = new AtomicLong(700_000_001L);
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final AtomicLong nextSentId = new AtomicLong(5001);
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> filePaths = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fileFailures = new ConcurrentHashMap<>();
    private final Map<String, Integer> fileStatus = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Integer> webhookAnswers = new CopyOnWriteArrayList<>();
    private final AtomicInteger getUpdatesCalls = new AtomicInteger();
    private final AtomicInteger fileDownloads = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String webhookUrl;
    private volatile String webhookSecret;
    private volatile long highestOffset;
    private final List<Long> offsets = new CopyOnWriteArrayList<>();
    private final Map<Long, String> everyUpdate = new ConcurrentHashMap<>();
    private final List<Poll> polls = new CopyOnWriteArrayList<>();

    public TelegramSimulator(int port, String token) throws IOException {
        this("127.0.0.1", port, token);
    }

    public TelegramSimulator(String bind, int port, String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "telegram-sim");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The Bot API base URL to configure as {@code channels.telegram.base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The base URL for one named client (a gateway node): {@code …/c/<client>}; its getUpdates calls carry the name in {@link #polls()}. */
    public String baseUrl(String client) {
        return baseUrl() + "/c/" + client;
    }

    // ---- scripting citizens ------------------------------------------------------------------------------

    /** A private-chat text message from user {@code userId} (chat id = user id); returns its message_id. */
    public long text(long userId, String firstName, String text) {
        ObjectNode m = message(userId, firstName, userId, "private");
        m.put("text", text);
        return deliver("message", m);
    }

    /** A photo (three sizes, the largest with these bytes) with an optional caption and album id; returns its message_id. */
    public long photo(long userId, String firstName, byte[] jpeg, String caption, String mediaGroupId) {
        String id = "AgAC" + Long.toHexString(nextMessageId.get()) + "photo";
        ObjectNode m = message(userId, firstName, userId, "private");
        ArrayNode sizes = m.putArray("photo");
        sizes.addObject().put("file_id", id + "-s").put("file_unique_id", id + "s").put("width", 90).put("height", 67).put("file_size", 1200);
        sizes.addObject().put("file_id", id + "-m").put("file_unique_id", id + "m").put("width", 320).put("height", 240).put("file_size", 9000);
        sizes.addObject().put("file_id", id + "-x").put("file_unique_id", id + "x").put("width", 1280).put("height", 960)
                .put("file_size", jpeg.length);
        addFile(id + "-x", "photos/file_" + id + ".jpg", jpeg);
        addFile(id + "-s", "photos/file_" + id + "_s.jpg", new byte[] {1});
        addFile(id + "-m", "photos/file_" + id + "_m.jpg", new byte[] {2});
        if (caption != null) m.put("caption", caption);
        if (mediaGroupId != null) m.put("media_group_id", mediaGroupId);
        return deliver("message", m);
    }

    /** A document with its file name and declared MIME type; returns its message_id. */
    public long document(long userId, String firstName, byte[] bytes, String fileName, String mimeType, String caption) {
        String id = "BQAC" + Long.toHexString(nextMessageId.get()) + "doc";
        ObjectNode m = message(userId, firstName, userId, "private");
        m.putObject("document").put("file_id", id).put("file_unique_id", id + "u").put("file_name", fileName)
                .put("mime_type", mimeType).put("file_size", bytes.length);
        addFile(id, "documents/file_" + id, bytes);
        if (caption != null) m.put("caption", caption);
        return deliver("message", m);
    }

    /** A shared location; returns its message_id. */
    public long location(long userId, String firstName, double lat, double lon) {
        ObjectNode m = message(userId, firstName, userId, "private");
        m.putObject("location").put("latitude", lat).put("longitude", lon);
        return deliver("message", m);
    }

    /** An {@code edited_message}: message {@code messageId} now reads {@code text}. */
    public void edit(long userId, String firstName, long messageId, String text) {
        ObjectNode m = message(userId, firstName, userId, "private");
        m.put("message_id", messageId);
        m.put("edit_date", Instant.now().getEpochSecond());
        m.put("text", text);
        deliverUpdate("edited_message", m);
    }

    /** A text in a group chat (the gateway ignores it). */
    public long groupText(long groupId, long userId, String firstName, String text) {
        ObjectNode m = message(userId, firstName, groupId, "group");
        m.with("chat").put("title", "Warga RT 05");
        m.put("text", text);
        return deliver("message", m);
    }

    /** Any update JSON, with {@code update_id} set to the next id (the object must not carry one); returns the update_id. */
    public long raw(ObjectNode updateWithoutId) {
        long id = nextUpdateId.getAndIncrement();
        ObjectNode u = JSON.createObjectNode().put("update_id", id);
        u.setAll(updateWithoutId);
        push(id, u.toString());
        return id;
    }

    /** The exact update text as Telegram would deliver it (a redelivery may reuse an update_id). */
    public void rawText(long updateId, String json) {
        nextUpdateId.updateAndGet(n -> Math.max(n, updateId + 1));
        push(updateId, json);
    }

    /** A fresh update id, for {@link #rawText}. */
    public long nextUpdateId() {
        return nextUpdateId.getAndIncrement();
    }

    private ObjectNode message(long userId, String firstName, long chatId, String chatType) {
        ObjectNode m = JSON.createObjectNode();
        m.put("message_id", nextMessageId.getAndIncrement());
        ObjectNode from = m.putObject("from").put("id", userId).put("is_bot", false).put("first_name", firstName).put("language_code", "id");
        ObjectNode chat = m.putObject("chat").put("id", chatId).put("type", chatType);
        if (chatType.equals("private")) chat.put("first_name", firstName);
        from.put("username", "u" + userId);
        m.put("date", Instant.now().getEpochSecond());
        return m;
    }

    private long deliver(String field, ObjectNode m) {
        deliverUpdate(field, m);
        return m.get("message_id").asLong();
    }

    private void deliverUpdate(String field, ObjectNode m) {
        long id = nextUpdateId.getAndIncrement();
        ObjectNode u = JSON.createObjectNode().put("update_id", id);
        u.set(field, m);
        push(id, u.toString());
    }

    private void push(long id, String json) {
        everyUpdate.put(id, json);
        String url = webhookUrl;
        if (url != null) {
            webhookAnswers.add(post(url, json));
            return;
        }
        synchronized (lock) {
            pending.addLast(Map.entry(id, json));
            lock.notifyAll();
        }
    }

    /** POSTs one update to the webhook with the secret header (or {@code secretOverride} when not null); returns the HTTP status. */
    public int postToWebhook(String url, String json, String secret) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            if (secret != null) b.header("X-Telegram-Bot-Api-Secret-Token", secret);
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private int post(String url, String json) {
        return postToWebhook(url, json, webhookSecret);
    }

    /** Registers a file the gateway may fetch by {@code fileId}. */
    public void addFile(String fileId, String path, byte[] bytes) {
        files.put(fileId, bytes);
        filePaths.put(fileId, path);
    }

    /** The next {@code times} downloads of the file answer 503, then it is served. */
    public void failFile(String fileIdOrPrefix, int times) {
        fileFailures.put(fileIdOrPrefix, new AtomicInteger(times));
    }

    /** Every download of the file answers {@code status} (404: the file is gone). */
    public void fileStatus(String fileIdOrPrefix, int status) {
        fileStatus.put(fileIdOrPrefix, status);
    }

    /** The file id of the largest size of the photo sent as message {@code messageId}. */
    public static String photoFileId(long messageId) {
        return "AgAC" + Long.toHexString(messageId) + "photo-x";
    }

    /** The file id of the document sent as message {@code messageId}. */
    public static String documentFileId(long messageId) {
        return "BQAC" + Long.toHexString(messageId) + "doc";
    }

    // ---- what the gateway did ----------------------------------------------------------------------------

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Integer> webhookAnswers() {
        return List.copyOf(webhookAnswers);
    }

    public int getUpdatesCalls() {
        return getUpdatesCalls.get();
    }

    public int fileDownloads() {
        return fileDownloads.get();
    }

    /** The highest offset the gateway confirmed with getUpdates. */
    public long highestOffset() {
        return highestOffset;
    }

    /** Updates not yet confirmed. */
    public int unconfirmed() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** Every getUpdates call so far, in the order they were answered. */
    public List<Poll> polls() {
        return List.copyOf(polls);
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    /** Sets the webhook as setWebhook would (null URL: deleted). */
    public void setWebhook(String url, String secret) {
        webhookUrl = url;
        webhookSecret = secret;
    }

    /** The offset of every getUpdates call in order (0 when the call had none). */
    public List<Long> offsets() {
        return List.copyOf(offsets);
    }

    /** The exact JSON of an update scripted before, to deliver it again ({@link #rawText}) as Telegram redelivers an unconfirmed one. */
    public String updateJson(long updateId) {
        return everyUpdate.get(updateId);
    }

    /** The update_id of the most recent scripted update. */
    public long lastUpdateId() {
        return nextUpdateId.get() - 1;
    }

    // ---- HTTP --------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String client = "";
            if (path.startsWith("/c/")) {
                int end = path.indexOf('/', 3);
                client = end < 0 ? path.substring(3) : path.substring(3, end);
                path = end < 0 ? "/" : path.substring(end);
            }
            if (path.startsWith("/file/bot")) {
                download(ex, path.substring("/file/bot".length()));
                return;
            }
            if (!path.startsWith("/bot")) {
                reply(ex, 404, error(404, "Not Found"));
                return;
            }
            String rest = path.substring(4);
            int slash = rest.indexOf('/');
            if (slash < 0 || !rest.substring(0, slash).equals(token)) {
                reply(ex, 401, error(401, "Unauthorized"));
                return;
            }
            String method = rest.substring(slash + 1);
            Map<String, String> params = params(ex);
            switch (method) {
                case "getUpdates" -> getUpdates(ex, params, client);
                case "getFile" -> getFile(ex, params);
                case "sendMessage" -> sendMessage(ex, params);
                case "setWebhook" -> {
                    webhookUrl = params.get("url") == null || params.get("url").isBlank() ? null : params.get("url");
                    webhookSecret = params.get("secret_token");
                    reply(ex, 200, "{\"ok\":true,\"result\":true,\"description\":\"Webhook was set\"}");
                }
                case "deleteWebhook" -> {
                    webhookUrl = null;
                    reply(ex, 200, "{\"ok\":true,\"result\":true}");
                }
                case "getMe" -> reply(ex, 200, "{\"ok\":true,\"result\":{\"id\":1,\"is_bot\":true,\"first_name\":\"LAPOR Bot\",\"username\":\"lapor_sim_bot\"}}");
                default -> reply(ex, 404, error(404, "Not Found: method not found"));
            }
        } catch (RuntimeException e) {
            reply(ex, 500, error(500, "Internal Server Error"));
        }
    }

    private void getUpdates(HttpExchange ex, Map<String, String> p, String client) throws IOException {
        long start = System.nanoTime();
        getUpdatesCalls.incrementAndGet();
        if (webhookUrl != null) {
            reply(ex, 409, error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
            return;
        }
        long offset = p.containsKey("offset") ? Long.parseLong(p.get("offset")) : 0;
        offsets.add(offset);
        int limit = Math.max(1, Math.min(100, p.containsKey("limit") ? Integer.parseInt(p.get("limit")) : 100));
        long timeoutMs = 1000L * Math.max(0, Math.min(50, p.containsKey("timeout") ? Long.parseLong(p.get("timeout")) : 0));
        List<String> out = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        synchronized (lock) {
            if (offset > 0) {
                highestOffset = Math.max(highestOffset, offset);
                while (!pending.isEmpty() && pending.peekFirst().getKey() < offset) pending.removeFirst();
            }
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (pending.isEmpty() && System.currentTimeMillis() < deadline) {
                try {
                    lock.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (Map.Entry<Long, String> e : pending) {
                if (out.size() >= limit) break;
                out.add(e.getValue());
                ids.add(e.getKey());
            }
        }
        polls.add(new Poll(client, start, System.nanoTime(), List.copyOf(ids)));
        reply(ex, 200, "{\"ok\":true,\"result\":[" + String.join(",", out) + "]}");
    }

    private void getFile(HttpExchange ex, Map<String, String> p) throws IOException {
        String id = p.get("file_id");
        byte[] bytes = id == null ? null : files.get(id);
        if (bytes == null) {
            reply(ex, 400, error(400, "Bad Request: invalid file_id"));
            return;
        }
        ObjectNode r = JSON.createObjectNode().put("ok", true);
        r.putObject("result").put("file_id", id).put("file_unique_id", id + "u").put("file_size", bytes.length)
                .put("file_path", filePaths.get(id));
        reply(ex, 200, r.toString());
    }

    private void download(HttpExchange ex, String rest) throws IOException {
        fileDownloads.incrementAndGet();
        int slash = rest.indexOf('/');
        if (slash < 0 || !rest.substring(0, slash).equals(token)) {
            reply(ex, 401, error(401, "Unauthorized"));
            return;
        }
        String filePath = rest.substring(slash + 1);
        String id = filePaths.entrySet().stream().filter(e -> e.getValue().equals(filePath)).map(Map.Entry::getKey).findFirst().orElse(null);
        if (id == null) {
            reply(ex, 404, error(404, "Not Found"));
            return;
        }
        for (Map.Entry<String, Integer> s : fileStatus.entrySet()) {
            if (id.startsWith(s.getKey())) {
                reply(ex, s.getValue(), error(s.getValue(), "Not Found"));
                return;
            }
        }
        for (Map.Entry<String, AtomicInteger> f : fileFailures.entrySet()) {
            if (id.startsWith(f.getKey()) && f.getValue().getAndDecrement() > 0) {
                reply(ex, 503, error(503, "Service Unavailable"));
                return;
            }
        }
        byte[] bytes = files.get(id);
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    private void sendMessage(HttpExchange ex, Map<String, String> p) throws IOException {
        String chatId = p.get("chat_id");
        String text = p.get("text");
        if (chatId == null || text == null || text.isEmpty()) {
            reply(ex, 400, error(400, "Bad Request: message text is empty"));
            return;
        }
        long id = nextSentId.getAndIncrement();
        sent.add(new Sent(chatId, text, id));
        ObjectNode r = JSON.createObjectNode().put("ok", true);
        ObjectNode m = r.putObject("result").put("message_id", id).put("date", Instant.now().getEpochSecond()).put("text", text);
        m.putObject("chat").put("id", Long.parseLong(chatId)).put("type", "private");
        reply(ex, 200, r.toString());
    }

    /** Parameters from the query string, a form body or a JSON body (the Bot API takes all three). */
    private static Map<String, String> params(HttpExchange ex) throws IOException {
        Map<String, String> out = new HashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) form(q, out);
        byte[] body = ex.getRequestBody().readAllBytes();
        if (body.length == 0) return out;
        String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        if (type.startsWith("application/json")) {
            JsonNode n = JSON.readTree(body);
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        } else {
            form(new String(body, StandardCharsets.UTF_8), out);
        }
        return out;
    }

    private static void form(String s, Map<String, String> out) {
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
    }

    private static String error(int code, String description) {
        return JSON.createObjectNode().put("ok", false).put("error_code", code).put("description", description).toString();
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            lock.notifyAll();
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** For demo pacing: how many updates were scripted. */
    public long updatesScripted() {
        return nextUpdateId.get() - 700_000_001L;
    }
}
