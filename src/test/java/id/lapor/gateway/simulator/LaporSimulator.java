package id.lapor.gateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.lapor.gateway.intake.TextFingerprint;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulator of the SP4N-LAPOR! v3 API as ARCHITECTURE.md describes it: the four endpoints under
 * {@code basePath}, 401 without both auth headers, Idempotency-Key honoured per endpoint (or ignored, as
 * LAPOR!'s public contract has none: {@link SimulatorFaults#ignoreIdempotencyKey()}), complaints
 * moving through the status names over time, and configurable faults ({@link SimulatorFaults}).
 * Reports are counted per gateway ticket as read from the report itself (the third of its
 * {@code tags_raw}), not from the key: {@link #creates(String)}.
 * Its own endpoints: {@code GET /_sim/complaints} (what it received), {@code GET /_sim/stats}
 * (with {@code tickets_with_several_reports}), {@code POST /_sim/faults}, {@code POST /_sim/reset}.
 */
public final class LaporSimulator implements AutoCloseable {

    public static final List<String> STATUS_NAMES = List.of("Belum Terverifikasi", "Terverifikasi", "Dalam Proses", "Selesai");
    /** The status log's note of each of {@link #STATUS_NAMES} as time moves a report (an agency's follow-up; none before). */
    static final List<String> AUTO_NOTES = java.util.Arrays.asList(null, null, "Laporan diteruskan ke {institution} dan sedang ditangani.",
            "Petugas {institution} telah menindaklanjuti laporan di lokasi.");

    /** One complaint the simulator created. */
    public record Received(long id, String idempotencyKey, JsonNode body, Instant createdAt) {}

    /**
     * One write request as it came over the wire (kept for the last {@link #RAW_KEPT} requests, bodies up to
     * {@link #RAW_MAX_BYTES}): what LAPOR! would see, for privacy tests.
     */
    public record RawRequest(String path, String idempotencyKey, String contentType, byte[] body) {}

    public static final int RAW_KEPT = 500;
    public static final int RAW_MAX_BYTES = 1 << 20;

    /** One file received by the upload endpoint: its upload id, name, declared type and the sha256 of its bytes. */
    public record Upload(long id, String idempotencyKey, String filename, String contentType, String sha256, int size) {}

    private static final Pattern STATUS_PATH = Pattern.compile("/complaints/(\\d+)/complaint");

    private final ObjectMapper mapper = new ObjectMapper();
    private final String bearer;
    private final String token;
    private final String basePath;
    private final Duration statusStep;
    private final Clock clock;
    private final HttpServer server;
    private final Random random = new Random(42);

    private final Object lock = new Object();
    private SimulatorFaults faults;
    private Instant outageUntil = Instant.EPOCH;
    private int burstLeft;
    private int withoutIdLeft;
    private final Deque<Integer> failNext = new ArrayDeque<>();

    private final AtomicLong nextComplaintId = new AtomicLong(4_200_000);
    private final AtomicLong nextUploadId = new AtomicLong(90_000);
    private final Map<Long, Received> complaints = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> createByKey = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> uploadByKey = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> createAttempts = new ConcurrentHashMap<>();
    private final AtomicLong apiCalls = new AtomicLong();
    private final AtomicLong uploadedFiles = new AtomicLong();
    private final Map<Long, Upload> uploads = new ConcurrentHashMap<>();
    private final Deque<RawRequest> raw = new ArrayDeque<>();
    /** Reports a test moved by hand ({@link #moveTo}): their status log, oldest first; time no longer moves them. */
    private final Map<Long, List<String[]>> moved = new ConcurrentHashMap<>();
    /** Reports deleted on LAPOR!'s side ({@link #forget}): status GET answers 404; their keys stay remembered. */
    private final Set<Long> forgotten = ConcurrentHashMap.newKeySet();
    /** Status GETs per report id, 404s included. */
    private final Map<Long, AtomicLong> statusRequests = new ConcurrentHashMap<>();

    public LaporSimulator(int port, String bearer, String token, String basePath, Duration statusStep,
                          SimulatorFaults faults, Clock clock) throws IOException {
        this("127.0.0.1", port, bearer, token, basePath, statusStep, faults, clock);
    }

    public LaporSimulator(String bindAddress, int port, String bearer, String token, String basePath, Duration statusStep,
                          SimulatorFaults faults, Clock clock) throws IOException {
        this.bearer = bearer;
        this.token = token;
        this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        this.statusStep = statusStep;
        this.clock = clock;
        setFaults(faults);
        // without TCP_NODELAY the JDK server's split header/body writes meet delayed ACKs: ~40 ms a call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 200);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "lapor-sim");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port() + basePath;
    }

    public void setFaults(SimulatorFaults f) {
        synchronized (lock) {
            this.faults = f;
            this.burstLeft = f.burst429();
            this.withoutIdLeft = f.createWithoutId();
            this.outageUntil = f.outageSeconds() > 0 ? clock.instant().plusSeconds(f.outageSeconds()) : Instant.EPOCH;
            failNext.clear();
            for (int s : f.failNext()) failNext.add(s);
        }
    }

    /**
     * Moves report {@code id} to {@code statusName} (any name: {@code Terverifikasi}, {@code Dalam Proses}, {@code Selesai},
     * {@code Ditolak}, …), as a LAPOR! admin or agency would, with {@code note} (the follow-up, tindak lanjut; null for
     * none) as its status log entry. From the first move on, time no longer moves the report: only further moves do.
     */
    public void moveTo(long id, String statusName, String note) {
        if (!complaints.containsKey(id)) throw new IllegalArgumentException("no report " + id);
        moved.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(new String[] {statusName, note});
    }

    /**
     * Deletes report {@code id} as a LAPOR! admin would (or merges it away): its status GET answers 404 from now on.
     * The worst case for a re-send: the report's Idempotency-Key stays remembered, so a create with the old key gets
     * the old (deleted) id back. It still counts in {@link #creates} and {@link #reportsFor}, not in
     * {@link #ticketsWithSeveralReports} (LAPOR! no longer holds it).
     */
    public void forget(long id) {
        if (!complaints.containsKey(id)) throw new IllegalArgumentException("no report " + id);
        forgotten.add(id);
    }

    /**
     * LAPOR! knows report {@code id} again after a {@link #forget} (restored, or the 404 was LAPOR!'s own mistake):
     * its status GET answers as before.
     */
    public void restore(long id) {
        forgotten.remove(id);
    }

    /**
     * Runs {@code hook} with the report id on each status GET after it is counted and before it is answered (null:
     * none): what happens in the gateway while status sync waits for LAPOR!'s answer. The answer is what the
     * simulator holds once the hook returns.
     */
    public void onStatusRequest(java.util.function.LongConsumer hook) {
        this.statusHook = hook;
    }

    private volatile java.util.function.LongConsumer statusHook;

    /** How many status GETs asked for report {@code id} (answered or 404). */
    public long statusRequests(long id) {
        AtomicLong n = statusRequests.get(id);
        return n == null ? 0 : n.get();
    }

    public void reset() {
        setFaults(SimulatorFaults.none());
        moved.clear();
        forgotten.clear();
        statusHook = null;
        statusRequests.clear();
        complaints.clear();
        createByKey.clear();
        uploadByKey.clear();
        createAttempts.clear();
        apiCalls.set(0);
        uploadedFiles.set(0);
        uploads.clear();
        synchronized (raw) {
            raw.clear();
        }
    }

    /** The create and upload requests that carried this Idempotency-Key, oldest first, as received (faulted ones excepted). */
    public List<RawRequest> rawRequests(String idempotencyKey) {
        synchronized (raw) {
            return raw.stream().filter(r -> idempotencyKey.equals(r.idempotencyKey())).toList();
        }
    }

    private void keepRaw(HttpExchange ex, String key, byte[] body) {
        if (body.length > RAW_MAX_BYTES) return;
        synchronized (raw) {
            raw.addLast(new RawRequest(ex.getRequestURI().getPath(), key, ex.getRequestHeaders().getFirst("Content-Type"), body));
            while (raw.size() > RAW_KEPT) raw.removeFirst();
        }
    }

    public List<Received> received() {
        List<Received> list = new ArrayList<>(complaints.values());
        list.sort((a, b) -> Long.compare(a.id(), b.id()));
        return list;
    }

    /** How many create requests carried this Idempotency-Key, faulted ones included. */
    public long createRequests(String idempotencyKey) {
        return createAttemptTimes(idempotencyKey).size();
    }

    /** When each create request with this Idempotency-Key arrived, faulted ones included. */
    public List<Instant> createAttemptTimes(String idempotencyKey) {
        List<Instant> l = createAttempts.get(idempotencyKey);
        if (l == null) return List.of();
        synchronized (l) {
            return List.copyOf(l);
        }
    }

    /**
     * Reports created for this gateway ticket, found by the ticket the report names in its
     * {@code tags_raw} ({@code gateway,<channel>,<ticket>[,<followed-up ticket>]}), whatever key it came with.
     */
    public long creates(String ticket) {
        return complaints.values().stream().filter(r -> ticket.equals(ticketOf(r))).count();
    }

    /** Gateway tickets with more than one report LAPOR! holds (a {@link #forget forgotten} one is not held). */
    public long ticketsWithSeveralReports() {
        return complaints.values().stream().filter(r -> !forgotten.contains(r.id()))
                .map(LaporSimulator::ticketOf).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.groupingBy(t -> t, java.util.stream.Collectors.counting()))
                .values().stream().filter(n -> n > 1).count();
    }

    /** The gateway ticket a report names in its tags, or null. */
    static String ticketOf(Received r) {
        String[] tags = r.body().path("tags_raw").asText("").split(",");
        return tags.length >= 3 && !tags[2].isBlank() ? tags[2].strip() : null;
    }

    /** Reports created for this Idempotency-Key (at most one while the simulator honours the key). */
    public long reportsFor(String idempotencyKey) {
        return complaints.values().stream().filter(r -> idempotencyKey.equals(r.idempotencyKey())).count();
    }

    public long apiCalls() {
        return apiCalls.get();
    }

    public long uploadedFiles() {
        return uploadedFiles.get();
    }

    /** A file the upload endpoint received, by the id it answered. */
    public java.util.Optional<Upload> upload(long id) {
        return java.util.Optional.ofNullable(uploads.get(id));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/_sim/")) {
                admin(ex, path.substring(5));
                return;
            }
            if (!path.startsWith(basePath + "/")) {
                send(ex, 404, error("not found"));
                return;
            }
            String api = path.substring(basePath.length());
            apiCalls.incrementAndGet();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String tok = ex.getRequestHeaders().getFirst("token");
            if (!("Bearer " + bearer).equals(auth) || !token.equals(tok)) {
                send(ex, 401, error("Unauthorized"));
                return;
            }
            if (ex.getRequestMethod().equals("POST") && api.equals("/complaints/complaint")) {
                String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
                if (key != null) {
                    List<Instant> l = createAttempts.computeIfAbsent(key, k -> new ArrayList<>());
                    synchronized (l) {
                        l.add(clock.instant());
                    }
                }
            }
            Integer fault = injectFault(ex);
            if (fault != null) return;
            String method = ex.getRequestMethod();
            Matcher m = STATUS_PATH.matcher(api);
            if (method.equals("POST") && api.equals("/complaints/complaint/file")) {
                upload(ex);
            } else if (method.equals("POST") && api.equals("/complaints/complaint")) {
                create(ex);
            } else if (method.equals("GET") && m.matches()) {
                status(ex, Long.parseLong(m.group(1)));
            } else if (method.equals("GET") && api.equals("/masters/institutions/external")) {
                institutions(ex);
            } else {
                send(ex, 404, error("not found"));
            }
        } catch (RuntimeException e) {
            send(ex, 500, error("simulator error: " + e));
        }
    }

    /** Returns non-null if a fault answered the call. */
    private Integer injectFault(HttpExchange ex) throws IOException {
        Integer status = null;
        int retryAfter;
        long latency;
        synchronized (lock) {
            latency = faults.latencyMillis();
            retryAfter = faults.retryAfterSeconds();
            if (clock.instant().isBefore(outageUntil)) {
                status = 503;
            } else if (!failNext.isEmpty() && ex.getRequestMethod().equals("POST")) {
                status = failNext.poll();
            } else if (burstLeft > 0) {
                burstLeft--;
                status = 429;
            } else if (faults.errorRate() > 0 && random.nextDouble() < faults.errorRate()) {
                status = 500;
            }
        }
        if (latency > 0) sleep(latency);
        if (status == null) return null;
        ex.getRequestBody().readAllBytes();
        if (status == 429) ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
        send(ex, status, status == 400 ? error("The given data was invalid.") : error("injected fault " + status));
        return status;
    }

    private void create(HttpExchange ex) throws IOException {
        String sentKey = ex.getRequestHeaders().getFirst("Idempotency-Key");
        String keyOrNull = sentKey;
        JsonNode body;
        try {
            byte[] bytes = ex.getRequestBody().readAllBytes();
            keepRaw(ex, sentKey, bytes);
            body = mapper.readTree(bytes);
        } catch (IOException e) {
            send(ex, 400, error("body is not JSON"));
            return;
        }
        List<String> invalid = new ArrayList<>();
        for (String f : List.of("title", "content", "channel", "user_id")) {
            if (body.path(f).isMissingNode() || body.path(f).isNull() || body.path(f).asText().isBlank()) invalid.add(f);
        }
        if (!body.path("attachments").isMissingNode() && !body.path("attachments").isTextual()) invalid.add("attachments");
        int maxContent;
        boolean withoutId;
        long hang;
        synchronized (lock) {
            if (faults.ignoreIdempotencyKey()) keyOrNull = null;
            maxContent = faults.maxContentChars();
            hang = faults.createThenHangMillis();
            withoutId = withoutIdLeft > 0;
            if (withoutId) withoutIdLeft--;
        }
        if (body.path("content").asText().length() > maxContent) invalid.add("content (max " + maxContent + " characters)");
        if (!invalid.isEmpty()) {
            ObjectNode err = error("The given data was invalid.");
            err.putPOJO("errors", invalid);
            send(ex, 400, err);
            return;
        }
        if (withoutId) {
            send(ex, 200, mapper.createObjectNode().set("results", mapper.createObjectNode()));
            return;
        }
        String key = keyOrNull;
        ObjectNode response;
        if (key != null && createByKey.containsKey(key)) {
            response = createByKey.get(key);
        } else {
            long id = nextComplaintId.incrementAndGet();
            complaints.put(id, new Received(id, sentKey, body, clock.instant()));
            response = mapper.createObjectNode();
            response.putObject("results").putObject("complaint").put("id", id);
            if (key != null) {
                ObjectNode prior = createByKey.putIfAbsent(key, response);
                if (prior != null) {
                    complaints.remove(id);
                    response = prior;
                }
            }
        }
        if (hang > 0) sleep(hang);
        send(ex, 200, response);
    }

    private void upload(HttpExchange ex) throws IOException {
        String sentKey = ex.getRequestHeaders().getFirst("Idempotency-Key");
        String key = sentKey;
        synchronized (lock) {
            if (faults.ignoreIdempotencyKey()) key = null;
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        keepRaw(ex, sentKey, body);
        if (key != null && uploadByKey.containsKey(key)) {
            send(ex, 200, uploadByKey.get(key));
            return;
        }
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        List<Multipart.Part> parts;
        try {
            parts = Multipart.parse(ct, body);
        } catch (IllegalArgumentException e) {
            send(ex, 400, error("bad multipart: " + e.getMessage()));
            return;
        }
        ObjectNode response = mapper.createObjectNode();
        ObjectNode results = response.putObject("results");
        ArrayNode docs = results.putArray("docs");
        ArrayNode images = results.putArray("images");
        int files = 0;
        for (Multipart.Part p : parts) {
            if (!"attachments[]".equals(p.name()) || p.filename() == null) continue;
            long id = nextUploadId.incrementAndGet();
            ObjectNode item = mapper.createObjectNode().put("id", id)
                    .put("name", p.filename()).put("size", p.data().length);
            uploads.put(id, new Upload(id, sentKey, p.filename(), p.contentType(), TextFingerprint.sha256Hex(p.data()), p.data().length));
            (p.contentType() != null && p.contentType().startsWith("image/") ? images : docs).add(item);
            files++;
        }
        if (files == 0) {
            send(ex, 400, error("no attachments[] part"));
            return;
        }
        uploadedFiles.addAndGet(files);
        if (key != null) {
            ObjectNode prior = uploadByKey.putIfAbsent(key, response);
            if (prior != null) response = prior;
        }
        send(ex, 200, response);
    }

    private void status(HttpExchange ex, long id) throws IOException {
        statusRequests.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
        java.util.function.LongConsumer hook = statusHook;
        if (hook != null) hook.accept(id);
        Received r = complaints.get(id);
        if (r == null || forgotten.contains(id)) {
            send(ex, 404, error("complaint not found"));
            return;
        }
        List<String[]> byHand = moved.get(id);
        if (byHand != null) {
            ObjectNode response = mapper.createObjectNode();
            ObjectNode data = response.putObject("results").putObject("data");
            String[] last = byHand.get(byHand.size() - 1);
            data.put("status_code", String.valueOf(byHand.size()));
            data.put("status_name", last[0]);
            data.put("disposition_id", r.body().path("disposition_id").asText(null));
            ArrayNode logs = data.putArray("status_logs");
            for (String[] e : byHand) {
                ObjectNode l = logs.addObject();
                if (e[1] == null) l.putNull("note");
                else l.put("note", e[1]);
                l.put("timestamp", clock.instant().toString());
            }
            send(ex, 200, response);
            return;
        }
        long steps = statusStep.isZero() ? 0 : Duration.between(r.createdAt(), clock.instant()).toMillis() / statusStep.toMillis();
        int idx = (int) Math.min(steps, STATUS_NAMES.size() - 1);
        ObjectNode response = mapper.createObjectNode();
        ObjectNode data = response.putObject("results").putObject("data");
        data.put("status_code", String.valueOf(idx));
        data.put("status_name", STATUS_NAMES.get(idx));
        data.put("disposition_id", r.body().path("disposition_id").asText(null));
        data.put("disposition_name", "Instansi " + r.body().path("disposition_id").asText("?"));
        ArrayNode logs = data.putArray("status_logs");
        for (int i = 0; i <= idx; i++) {
            ObjectNode l = logs.addObject();
            if (AUTO_NOTES.get(i) == null) l.putNull("note");
            else l.put("note", AUTO_NOTES.get(i).replace("{institution}", "Instansi " + r.body().path("disposition_id").asText("?")));
            l.put("timestamp", r.createdAt().plus(statusStep.multipliedBy(i)).toString());
        }
        send(ex, 200, response);
    }

    private void institutions(HttpExchange ex) throws IOException {
        ObjectNode response = mapper.createObjectNode();
        ArrayNode data = response.putObject("results").putArray("data");
        Map<String, String> inst = new LinkedHashMap<>();
        inst.put("1001", "Dinas Komunikasi dan Informatika");
        inst.put("1002", "Dinas Pekerjaan Umum dan Penataan Ruang");
        inst.put("1003", "Dinas Kesehatan");
        inst.put("1004", "Dinas Pendidikan dan Kebudayaan");
        inst.put("1005", "Dinas Kependudukan dan Pencatatan Sipil");
        inst.put("1006", "Dinas Lingkungan Hidup");
        inst.put("1007", "Dinas Perhubungan");
        inst.put("1008", "Dinas Sosial");
        inst.forEach((k, v) -> data.addObject().put("id", k).put("name", v));
        send(ex, 200, response);
    }

    private void admin(HttpExchange ex, String path) throws IOException {
        switch (ex.getRequestMethod() + " " + path) {
            case "GET /complaints" -> {
                ArrayNode list = mapper.createArrayNode();
                for (Received r : received()) {
                    list.addObject().put("id", r.id()).put("idempotency_key", r.idempotencyKey())
                            .put("created_at", r.createdAt().toString()).set("body", r.body());
                }
                send(ex, 200, list);
            }
            case "GET /stats" -> send(ex, 200, mapper.createObjectNode().put("complaints", complaints.size())
                    .put("api_calls", apiCalls.get()).put("uploaded_files", uploadedFiles.get())
                    .put("tickets_with_several_reports", ticketsWithSeveralReports()));
            case "POST /faults" -> {
                SimulatorFaults f = mapper.readValue(ex.getRequestBody().readAllBytes(), SimulatorFaultsJson.class).toFaults();
                setFaults(f);
                send(ex, 200, mapper.createObjectNode().put("ok", true));
            }
            case "POST /reset" -> {
                reset();
                send(ex, 200, mapper.createObjectNode().put("ok", true));
            }
            default -> send(ex, 404, error("not found"));
        }
    }

    /** JSON shape of POST /_sim/faults (snake_case, every field optional). */
    record SimulatorFaultsJson(Double error_rate, Long latency_millis, Integer burst_429, Integer retry_after_seconds,
                               Long outage_seconds, int[] fail_next, Integer max_content_chars,
                               Long create_then_hang_millis, Integer create_without_id, Boolean ignore_idempotency_key) {
        SimulatorFaults toFaults() {
            SimulatorFaults d = SimulatorFaults.none();
            return new SimulatorFaults(error_rate == null ? d.errorRate() : error_rate,
                    latency_millis == null ? 0 : latency_millis, burst_429 == null ? 0 : burst_429,
                    retry_after_seconds == null ? d.retryAfterSeconds() : retry_after_seconds,
                    outage_seconds == null ? 0 : outage_seconds, fail_next == null ? new int[0] : fail_next,
                    max_content_chars == null ? d.maxContentChars() : max_content_chars,
                    create_then_hang_millis == null ? 0 : create_then_hang_millis,
                    create_without_id == null ? 0 : create_without_id,
                    ignore_idempotency_key != null && ignore_idempotency_key);
        }
    }

    private ObjectNode error(String message) {
        return mapper.createObjectNode().put("message", message);
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
