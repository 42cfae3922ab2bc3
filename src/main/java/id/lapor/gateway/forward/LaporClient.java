package id.lapor.gateway.forward;

import id.lapor.gateway.intake.TextHygiene;
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
 * <p>Bounded in time and memory whatever LAPOR! does: the socket timeout bounds one read only, so one
 * whole exchange is also aborted after {@link #EXCHANGE_TIMEOUTS} request timeouts (plus the request
 * body's send time at {@link #MIN_SEND_BYTES_PER_SECOND}); an answer body is read up to
 * {@link #MAX_BODY_READ} bytes. Either failure of a create counts as an unknown outcome.
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

    /**
     * Most bytes of an answer body read (1 MiB): LAPOR!'s answers are a few KB; a larger one (a proxy's
     * 50 MB error dump, a body that never ends) is cut and the call fails instead of filling the heap.
     */
    public static final int MAX_BODY_READ = 1 << 20;

    /**
     * How many request timeouts one whole exchange (send, wait, read the answer) may take before it is
     * aborted: the socket timeout bounds each read only, so an answer dripping a byte at a time would
     * otherwise hold a forwarder thread forever.
     */
    static final int EXCHANGE_TIMEOUTS = 3;

    /**
     * Slowest upload rate allowed for a request body (64 KiB/s, a poor mobile link): the whole-exchange
     * deadline grows by the body's length at this rate, so that a large attachment is not cut off.
     */
    static final long MIN_SEND_BYTES_PER_SECOND = 64 * 1024;

    /** Connections kept to LAPOR! (the forwarder's concurrency, the status sync and the probe stay well below). */
    public static final int MAX_CONNECTIONS = 32;

    private final URI base;
    private final String bearer;
    private final String token;
    private final Duration requestTimeout;
    private final CloseableHttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final java.util.concurrent.ScheduledThreadPoolExecutor deadlines;

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
        this.deadlines = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lapor-deadline");
            t.setDaemon(true);
            return t;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
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
                long id = complaintId(n.path("id")); // the same id forms as a create's answer
                if (id > 0) ids.add(id);
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
        long id = complaintId(root.path("results").path("complaint").path("id"));
        if (id <= 0) {
            // LAPOR! took the request and may well have created the report: we only did not get its id
            throw new LaporException(LaporException.Kind.INVALID_RESPONSE, 200, null, truncate(root.toString()),
                    "LAPOR! answered 2xx without a complaint id", null, true);
        }
        return id;
    }

    /**
     * A complaint (or uploaded file) id as LAPOR! may send it: a JSON integer or a string of digits (both seen from
     * PHP back ends); 0 for anything else (missing, null, a fraction, a number beyond a long, text):
     * then the id is unknown, never guessed.
     */
    static long complaintId(JsonNode id) {
        if (id.isIntegralNumber() && id.canConvertToLong()) return id.asLong();
        if (id.isTextual() && id.asText().strip().matches("[0-9]{1,18}")) return Long.parseLong(id.asText().strip());
        return 0;
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

    /** An answer body beyond {@link #MAX_BODY_READ}: the exchange was aborted after its status line. */
    private static final class AnswerTooLarge extends IOException {
        final int status;
        final String head;
        final String retryAfter;

        AnswerTooLarge(int status, String head, String retryAfter) {
            super("answer body over " + MAX_BODY_READ + " bytes");
            this.status = status;
            this.head = head;
            this.retryAfter = retryAfter;
        }
    }

    private JsonNode send(HttpUriRequestBase req) throws LaporException {
        String what = req.getMethod() + " " + req.getPath().replaceFirst("\\?.*", "");
        Answer resp;
        Duration timeout = req.getConfig() != null && req.getConfig().getResponseTimeout() != null
                ? req.getConfig().getResponseTimeout().toDuration() : requestTimeout;
        long sendMillis = req.getEntity() == null || req.getEntity().getContentLength() <= 0 ? 0
                : req.getEntity().getContentLength() * 1000 / MIN_SEND_BYTES_PER_SECOND;
        Duration whole = timeout.multipliedBy(EXCHANGE_TIMEOUTS).plusMillis(sendMillis);
        java.util.concurrent.atomic.AtomicBoolean overdue = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            overdue.set(true);
            req.cancel();
        }, whole.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            resp = http.execute(req, r -> {
                Header ra = r.getFirstHeader("Retry-After");
                String retryAfter = ra == null ? null : ra.getValue();
                String body = null;
                if (r.getEntity() != null) {
                    byte[] bytes;
                    try (java.io.InputStream in = r.getEntity().getContent()) {
                        bytes = in == null ? new byte[0] : in.readNBytes(MAX_BODY_READ + 1);
                        if (bytes.length > MAX_BODY_READ) {
                            req.cancel(); // do not drain the rest of it
                            throw new AnswerTooLarge(r.getCode(),
                                    new String(bytes, 0, MAX_BODY_KEPT, StandardCharsets.UTF_8), retryAfter);
                        }
                    }
                    body = new String(bytes, StandardCharsets.UTF_8);
                }
                return new Answer(r.getCode(), body, retryAfter);
            });
        } catch (AnswerTooLarge e) {
            LaporException.Kind kind = ResponseClassifier.classify(e.status);
            if (kind == null) {
                // a 2xx we cannot read: LAPOR! took the request
                throw new LaporException(LaporException.Kind.INVALID_RESPONSE, e.status, null, truncate(e.head),
                        "2xx body over " + MAX_BODY_READ + " bytes from " + what, e, true);
            }
            throw new LaporException(kind, e.status, ResponseClassifier.retryAfter(e.retryAfter, clock), truncate(e.head),
                    "HTTP " + e.status + " from " + what, null, ResponseClassifier.outcomeUnknown(e.status));
        } catch (ConnectTimeoutException | ConnectException | UnknownHostException | SSLHandshakeException e) {
            // never reached LAPOR!: nothing can have happened there
            throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null,
                    "connection failed: " + e.getClass().getSimpleName() + " " + e.getMessage(), e, false);
        } catch (SocketTimeoutException e) {
            throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null, "timeout: " + what, e, true);
        } catch (IOException e) {
            if (overdue.get()) {
                // an answer that kept coming slowly (or a request that kept going) past the whole deadline
                throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null,
                        "timeout: " + what + " not complete after " + whole, e, true);
            }
            // reset, closed without an answer, a pooled connection we could not get (then nothing was sent)
            boolean sent = !(e instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException);
            throw new LaporException(LaporException.Kind.TRANSIENT, 0, null, null,
                    "connection failed: " + e.getClass().getSimpleName() + " " + e.getMessage(), e, sent);
        } finally {
            deadline.cancel(false);
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

    /**
     * The body as kept for the outbox row and the park reason: cleaned as intake cleans text ({@link TextHygiene#clean}:
     * control characters other than tab and line breaks and lone surrogates removed) (PostgreSQL refuses NUL in text: a refusal carrying one could not be parked and was
     * retried forever), at most {@link #MAX_BODY_KEPT} characters and "…".
     */
    static String truncate(String s) {
        if (s == null) return null;
        s = TextHygiene.clean(s);
        return s.length() <= MAX_BODY_KEPT ? s : TextHygiene.cut(s, MAX_BODY_KEPT) + "…";
    }

    /** Closes the pooled connections. */
    @Override
    public void close() {
        deadlines.shutdownNow();
        http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }
}
