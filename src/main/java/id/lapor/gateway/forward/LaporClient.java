package id.lapor.gateway.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HTTP client of the SP4N-LAPOR! v3 API (contract in ARCHITECTURE.md) on Apache HttpClient 5: pooled
 * keep-alive connections (at most {@link #MAX_CONNECTIONS}), the connect timeout and the response
 * (socket read) timeout from {@code lapor.connect-timeout} / {@code lapor.request-timeout}, uploads as
 * {@code multipart/form-data} built by HttpClient's {@code MultipartEntityBuilder}. Every call carries
 * {@code Authorization: Bearer} and {@code token}; writes carry {@code Idempotency-Key} (LAPOR!
 * documents no such key: it helps only if LAPOR! or a proxy honours it). Failures come back as
 * {@link LaporException} classified by HTTP status ({@link ResponseClassifier}), with the raw body
 * kept (at most 4,000 characters) and with {@link LaporException#outcomeUnknown()} telling whether
 * LAPOR! may have acted on the request.
 *
 * <p>HttpClient's own retries and redirects are off: a POST re-sent inside the client after a
 * connection dropped could create a second report behind the outbox's back. Connections idle for
 * more than a second are checked before reuse, so that a keep-alive connection the server closed
 * is not mistaken for a request lost in flight.
 *
 * <p>Built on HttpClient 5 directly rather than through camel-http (which wraps the same library):
 * the callers are plain Java beans (the outbox forwarder's workers, the status sync, the health
 * probe) that need typed answers, per-call timeouts and the failure classification, and are tested
 * without a CamelContext; a Camel exchange per call would add nothing but a mapping.
 */
public class LaporClient implements AutoCloseable {

    /** One file to upload. */
    public record Upload(String filename, String mediaType, byte[] bytes) {}

    /** LAPOR!'s view of one complaint. */
    public record Status(String statusCode, String statusName, String dispositionId, String dispositionName,
                         List<LogEntry> logs) {}

    public record LogEntry(String note, String timestamp) {}

    public record Institution(String id, String name) {}

    private static final int MAX_BODY_KEPT = 4000;

    /** Connections kept to LAPOR! (the forwarder's concurrency, the status sync and the probe stay well below). */
    public static final int MAX_CONNECTIONS = 32;

    private final URI base;
    private final String bearer;
    private final String token;
    private final Duration requestTimeout;
    private final CloseableHttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;

    /**
     * @param base           API base, e.g. {@code https://api-sandbox.lapor.go.id/api/v3}
     * @param connectTimeout TCP (and TLS) connect timeout
     * @param requestTimeout how long to wait for LAPOR!'s answer (socket read timeout), and for a pooled connection
     */
    public LaporClient(URI base, String bearer, String token, Duration connectTimeout, Duration requestTimeout,
                       ObjectMapper mapper, Clock clock) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.bearer = bearer;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.mapper = mapper;
        this.clock = clock;
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS).setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(requestTimeout))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(requestTimeout))
                        .setConnectionRequestTimeout(Timeout.of(requestTimeout))
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("sp4n-lapor-gateway")
                .build();
    }

    /**
     * Uploads files as {@code attachments[]} parts; returns LAPOR!'s ids of the docs and images, in the
     * order LAPOR! lists them. Fails with INVALID_RESPONSE when the number of ids differs from the files.
     */
    public List<Long> upload(List<Upload> files, String idempotencyKey) throws LaporException {
        MultipartEntityBuilder body = MultipartEntityBuilder.create().setCharset(StandardCharsets.UTF_8);
        for (Upload f : files) {
            String name = f.filename() == null || f.filename().isBlank() ? "lampiran" : f.filename();
            body.addBinaryBody("attachments[]", f.bytes(), contentType(f.mediaType()), name);
        }
        HttpPost req = new HttpPost(base.resolve("complaints/complaint/file"));
        headers(req, idempotencyKey);
        req.setEntity(body.build());
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

    /**
     * Creates the complaint; returns LAPOR!'s complaint id. A 2xx without an id is a failure whose
     * outcome is unknown (a report may exist).
     *
     * @param complaint the JSON body, as {@link LaporRequestMapper#toCreateBody} builds it
     */
    public long create(Map<String, Object> complaint, String idempotencyKey) throws LaporException {
        String json;
        try {
            json = mapper.writeValueAsString(complaint);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpPost req = new HttpPost(base.resolve("complaints/complaint"));
        headers(req, idempotencyKey);
        req.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        JsonNode root = send(req);
        JsonNode id = root.path("results").path("complaint").path("id");
        if (!id.canConvertToLong() || id.asLong() <= 0) {
            // LAPOR! took the request and may well have created the report: we only did not get its id
            throw new LaporException(LaporException.Kind.INVALID_RESPONSE, 200, null, truncate(root.toString()),
                    "LAPOR! answered 2xx without a complaint id", null, true);
        }
        return id.asLong();
    }

    /** LAPOR!'s status of one complaint ({@code GET /complaints/{id}/complaint}). */
    public Status status(long complaintId) throws LaporException {
        HttpGet req = new HttpGet(base.resolve("complaints/" + complaintId + "/complaint"));
        headers(req, null);
        JsonNode d = send(req).path("results").path("data");
        if (d.isMissingNode() || d.path("status_name").isMissingNode()) {
            throw new LaporException(LaporException.Kind.INVALID_RESPONSE, 200, null, truncate(d.toString()),
                    "status response without results.data.status_name", null);
        }
        List<LogEntry> logs = new ArrayList<>();
        for (JsonNode l : d.path("status_logs")) logs.add(new LogEntry(text(l, "note"), text(l, "timestamp")));
        return new Status(text(d, "status_code"), text(d, "status_name"), text(d, "disposition_id"),
                text(d, "disposition_name"), logs);
    }

    /** LAPOR!'s institutions (disposition targets), first page of {@code pageSize}. */
    public List<Institution> institutions(int pageSize) throws LaporException {
        return institutions(pageSize, requestTimeout);
    }

    /** With its own timeout: the health probe must answer quickly even when LAPOR! hangs. */
    public List<Institution> institutions(int pageSize, Duration timeout) throws LaporException {
        HttpGet req = new HttpGet(base.resolve("masters/institutions/external?page_size=" + pageSize));
        headers(req, null);
        req.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout)).setRedirectsEnabled(false).build());
        JsonNode data = send(req).path("results").path("data");
        List<Institution> out = new ArrayList<>();
        for (JsonNode n : data) out.add(new Institution(text(n, "id"), text(n, "name")));
        return out;
    }

    private void headers(HttpUriRequestBase req, String idempotencyKey) {
        req.setHeader("Authorization", "Bearer " + bearer);
        req.setHeader("token", token);
        req.setHeader("Accept", "application/json");
        if (idempotencyKey != null) req.setHeader("Idempotency-Key", idempotencyKey);
    }

    private static ContentType contentType(String mediaType) {
        try {
            return mediaType == null || mediaType.isBlank() ? ContentType.APPLICATION_OCTET_STREAM : ContentType.parse(mediaType);
        } catch (RuntimeException e) {
            return ContentType.APPLICATION_OCTET_STREAM;
        }
    }

    private record Answer(int status, String body, String retryAfter) {}

    private JsonNode send(HttpUriRequestBase req) throws LaporException {
        String what = req.getMethod() + " " + req.getPath().replaceFirst("\\?.*", "");
        Answer resp;
        try {
            resp = http.execute(req, r -> {
                Header ra = r.getFirstHeader("Retry-After");
                String body = r.getEntity() == null ? null : EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8);
                return new Answer(r.getCode(), body, ra == null ? null : ra.getValue());
            });
        } catch (ConnectTimeoutException | ConnectException | UnknownHostException | SSLHandshakeException e) {
            // never reached LAPOR!: nothing can have happened there
            throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null,
                    "connection failed: " + e.getClass().getSimpleName() + " " + e.getMessage(), e, false);
        } catch (SocketTimeoutException e) {
            throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null, "timeout: " + what, e, true);
        } catch (IOException e) {
            // reset, closed without an answer, a pooled connection we could not get (then nothing was sent)
            boolean sent = !(e instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException);
            throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null,
                    "connection failed: " + e.getClass().getSimpleName() + " " + e.getMessage(), e, sent);
        }
        LaporException.Kind kind = ResponseClassifier.classify(resp.status());
        if (kind != null) {
            Duration retryAfter = ResponseClassifier.retryAfter(resp.retryAfter(), clock);
            throw new LaporException(kind, resp.status(), retryAfter, truncate(resp.body()),
                    "HTTP " + resp.status() + " from " + what, null, ResponseClassifier.outcomeUnknown(resp.status()));
        }
        try {
            return mapper.readTree(resp.body() == null || resp.body().isBlank() ? "{}" : resp.body());
        } catch (IOException e) {
            throw new LaporException(LaporException.Kind.INVALID_RESPONSE, resp.status(), null, truncate(resp.body()),
                    "2xx body is not JSON", e, true);
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

    /** Closes the pooled connections. */
    @Override
    public void close() {
        http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }
}
