package id.lapor.gateway.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * HTTP client of the SP4N-LAPOR! v3 API (contract in ARCHITECTURE.md). Every call carries
 * {@code Authorization: Bearer} and {@code token}; writes carry {@code Idempotency-Key}. Failures come
 * back as {@link LaporException} classified by HTTP status, with the raw body kept.
 */
public class LaporClient {

    /** One file to upload. */
    public record Upload(String filename, String mediaType, byte[] bytes) {}

    /** LAPOR!'s view of one complaint. */
    public record Status(String statusCode, String statusName, String dispositionId, String dispositionName,
                         List<LogEntry> logs) {}

    public record LogEntry(String note, String timestamp) {}

    public record Institution(String id, String name) {}

    private static final int MAX_BODY_KEPT = 4000;

    private final URI base;
    private final String bearer;
    private final String token;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;

    public LaporClient(URI base, String bearer, String token, Duration connectTimeout, Duration requestTimeout,
                       ObjectMapper mapper, Clock clock) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.bearer = bearer;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.mapper = mapper;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Uploads files; returns LAPOR!'s ids of the docs and images, in the order LAPOR! lists them. */
    public List<Long> upload(List<Upload> files, String idempotencyKey) throws LaporException {
        String boundary = "lapor-gw-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Upload f : files) {
            String name = f.filename() == null || f.filename().isBlank() ? "lampiran" : f.filename().replace("\"", "'");
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments[]\"; filename=\""
                    + name + "\"\r\nContent-Type: " + f.mediaType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(f.bytes());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = request("complaints/complaint/file", idempotencyKey)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        JsonNode results = send(req).path("results");
        List<Long> ids = new ArrayList<>();
        for (String kind : List.of("docs", "images")) {
            for (JsonNode n : results.path(kind)) {
                if (n.path("id").canConvertToLong()) ids.add(n.path("id").asLong());
            }
        }
        if (ids.size() != files.size()) {
            throw new LaporException(LaporException.Kind.INVALID_RESPONSE, 200, null, truncate(results.toString()),
                    "upload of " + files.size() + " file(s) returned " + ids.size() + " id(s)", null);
        }
        return ids;
    }

    /** Creates the complaint; returns LAPOR!'s complaint id. A 2xx without an id is a failure. */
    public long create(Map<String, Object> complaint, String idempotencyKey) throws LaporException {
        String json;
        try {
            json = mapper.writeValueAsString(complaint);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest req = request("complaints/complaint", idempotencyKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        JsonNode root = send(req);
        JsonNode id = root.path("results").path("complaint").path("id");
        if (!id.canConvertToLong() || id.asLong() <= 0) {
            throw new LaporException(LaporException.Kind.INVALID_RESPONSE, 200, null, truncate(root.toString()),
                    "LAPOR! answered 2xx without a complaint id", null);
        }
        return id.asLong();
    }

    public Status status(long complaintId) throws LaporException {
        JsonNode d = send(request("complaints/" + complaintId + "/complaint", null).GET().build())
                .path("results").path("data");
        if (d.isMissingNode() || d.path("status_name").isMissingNode()) {
            throw new LaporException(LaporException.Kind.INVALID_RESPONSE, 200, null, truncate(d.toString()),
                    "status response without results.data.status_name", null);
        }
        List<LogEntry> logs = new ArrayList<>();
        for (JsonNode l : d.path("status_logs")) logs.add(new LogEntry(text(l, "note"), text(l, "timestamp")));
        return new Status(text(d, "status_code"), text(d, "status_name"), text(d, "disposition_id"),
                text(d, "disposition_name"), logs);
    }

    public List<Institution> institutions(int pageSize) throws LaporException {
        return institutions(pageSize, requestTimeout);
    }

    /** With its own timeout: the health probe must answer quickly even when LAPOR! hangs. */
    public List<Institution> institutions(int pageSize, Duration timeout) throws LaporException {
        JsonNode data = send(request("masters/institutions/external?page_size=" + pageSize, null).timeout(timeout).GET().build())
                .path("results").path("data");
        List<Institution> out = new ArrayList<>();
        for (JsonNode n : data) out.add(new Institution(text(n, "id"), text(n, "name")));
        return out;
    }

    private HttpRequest.Builder request(String path, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout)
                .header("Authorization", "Bearer " + bearer)
                .header("token", token)
                .header("Accept", "application/json");
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return b;
    }

    private JsonNode send(HttpRequest req) throws LaporException {
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null, "timeout: " + req.uri().getPath(), e);
        } catch (IOException e) {
            throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null,
                    "connection failed: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null, "interrupted", e);
        }
        LaporException.Kind kind = ResponseClassifier.classify(resp.statusCode());
        if (kind != null) {
            Duration retryAfter = ResponseClassifier.retryAfter(resp.headers().firstValue("Retry-After").orElse(null), clock);
            throw new LaporException(kind, resp.statusCode(), retryAfter, truncate(resp.body()),
                    "HTTP " + resp.statusCode() + " from " + req.method() + " " + req.uri().getPath(), null);
        }
        try {
            return mapper.readTree(resp.body() == null || resp.body().isBlank() ? "{}" : resp.body());
        } catch (IOException e) {
            throw new LaporException(LaporException.Kind.INVALID_RESPONSE, resp.statusCode(), null, truncate(resp.body()),
                    "2xx body is not JSON", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    static String truncate(String s) {
        if (s == null) return null;
        return s.length() <= MAX_BODY_KEPT ? s : s.substring(0, MAX_BODY_KEPT) + "…";
    }
}
