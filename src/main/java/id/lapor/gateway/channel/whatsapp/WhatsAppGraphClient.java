package id.lapor.gateway.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Graph API calls of the WhatsApp channel, on Apache HttpClient 5 (pooled, no automatic retries or
 * redirects: the reply loop and the media retries decide what is tried again):
 * <ul>
 *   <li><b>media</b> (Cloud API "Media" reference, Download media): {@code GET {graph}/{version}/{media-id}} with
 *       the Bearer token answers {@code {"url":…,"mime_type":…,"sha256":…,"file_size":…,"id":…}}; then
 *       {@code GET url} with the same Bearer token gives the bytes. The URL lives 5 minutes, so both are done
 *       together. 5xx, 429, resets and timeouts are {@link MediaResult.Temporary}; 400/404 (an expired or unknown
 *       media id: Meta keeps media 30 days) and other 4xx are {@link MediaResult.Permanent}; a file over the
 *       limit is {@link MediaResult.TooLarge} (read no further).</li>
 *   <li><b>messages</b> ("Messages" reference): {@code POST {graph}/{version}/{phone-number-id}/messages} with
 *       {@code {"messaging_product":"whatsapp","recipient_type":"individual","to":…,"type":"text","text":{"body":…}}}
 *       or {@code "type":"template","template":{"name":…,"language":{"code":…},"components":[{"type":"body",
 *       "parameters":[{"type":"text","text":ticket}]}]}}; the answer's {@code messages[0].id} is the wamid that
 *       statuses name.</li>
 * </ul>
 * camel-whatsapp (4.18) was considered for sending: it sends the same request, but gives no access to the
 * HTTP status and Meta's error code per call (needed to tell a retry from a failure and to switch to the
 * template on error 131047), and would be a second HTTP stack beside this one for media.
 */
public class WhatsAppGraphClient implements AutoCloseable {

    /** What became of one media download. */
    public sealed interface MediaResult {
        /** @param bytes the file; {@code mediaType} as Meta declared it (intake detects it again from the bytes) */
        record Fetched(byte[] bytes, String mediaType) implements MediaResult {}

        /** May work later: 5xx, 429, reset, timeout. */
        record Temporary(String reason) implements MediaResult {}

        /** Will never work: unknown or expired media id (400/404), refused. */
        record Permanent(String reason) implements MediaResult {}

        /** Larger than {@code channels.whatsapp.media.max-bytes}: left out and flagged. */
        record TooLarge(long size) implements MediaResult {}
    }

    /** What became of one send. */
    public sealed interface SendResult {
        /** Accepted; {@code wamid} is the message id statuses will name. */
        record Accepted(String wamid) implements SendResult {}

        /**
         * Refused. {@code temporary}: 5xx, 429, reset or timeout (try again later). {@code errorCode}: Meta's
         * {@code error.code} when it gave one (131047: more than 24 hours since the citizen's last message).
         */
        record Refused(int httpStatus, Integer errorCode, String reason, boolean temporary) implements SendResult {}
    }

    /** Meta's error code for free text outside the 24-hour customer service window ("Re-engagement message"). */
    public static final int OUTSIDE_SERVICE_WINDOW = 131047;

    private final WhatsAppProperties props;
    private final CloseableHttpClient http;

    public WhatsAppGraphClient(WhatsAppProperties props) {
        this.props = props;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(16).setMaxConnPerRoute(16)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(props.connectTimeout()))
                                .setSocketTimeout(Timeout.of(props.requestTimeout()))
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(props.requestTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(props.requestTimeout()))
                        .setRedirectsEnabled(false).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("sp4n-lapor-gateway")
                .build();
    }

    /**
     * Downloads one media object by its id (two GETs, see the class comment); never throws for a network failure.
     * A permanent failure's reason starts with a code: NOT_FOUND (404), EXPIRED_OR_INVALID (400), REFUSED (other 4xx),
     * NO_URL.
     *
     * @param maxBytes the most bytes read; a larger file is {@link MediaResult.TooLarge}
     */
    public MediaResult media(String mediaId, long maxBytes) {
        if (mediaId == null || !mediaId.matches("[A-Za-z0-9_.-]{1,128}")) return new MediaResult.Permanent("REFUSED: not a media id");
        try {
            HttpGet meta = new HttpGet(URI.create(props.graphRoot() + mediaId));
            bearer(meta);
            Answer a = execute(meta, 64 * 1024);
            if (a.status() != 200) return failed("media " + mediaId, a);
            JsonNode info = WhatsAppPayload.JSON.readTree(a.body());
            String url = info.path("url").asText(null);
            if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
                return new MediaResult.Permanent("NO_URL: media " + mediaId + " answered without url");
            }
            long declared = info.path("file_size").asLong(-1);
            if (declared > maxBytes) return new MediaResult.TooLarge(declared);
            HttpGet file = new HttpGet(URI.create(url));
            bearer(file);
            Answer f = execute(file, maxBytes + 1);
            if (f.status() != 200) return failed("download of media " + mediaId, f);
            if (f.body().length > maxBytes) return new MediaResult.TooLarge(f.body().length);
            return new MediaResult.Fetched(f.body(), info.path("mime_type").asText(null));
        } catch (IOException | RuntimeException e) {
            return new MediaResult.Temporary(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static MediaResult failed(String what, Answer a) {
        String reason = "HTTP " + a.status() + " for " + what;
        if (temporary(a.status())) return new MediaResult.Temporary(reason);
        String code = a.status() == 404 ? "NOT_FOUND" : a.status() == 400 ? "EXPIRED_OR_INVALID" : "REFUSED";
        return new MediaResult.Permanent(code + ": " + reason);
    }

    private static boolean temporary(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    /** Sends free text (up to 4,096 characters: longer is cut with "…") to {@code waId} (digits, no plus). */
    public SendResult sendText(String waId, String text) {
        ObjectNode body = base(waId).put("type", "text");
        String t = text.length() > 4096 ? text.substring(0, 4095) + "…" : text;
        body.putObject("text").put("preview_url", false).put("body", t);
        return send(body);
    }

    /** Sends the approved template {@code name}/{@code language} with its one body parameter. */
    public SendResult sendTemplate(String waId, String name, String language, String... parameters) {
        ObjectNode body = base(waId).put("type", "template");
        ObjectNode template = body.putObject("template").put("name", name);
        template.putObject("language").put("code", language);
        com.fasterxml.jackson.databind.node.ArrayNode params = template.putArray("components").addObject().put("type", "body")
                .putArray("parameters");
        for (String p : parameters) params.addObject().put("type", "text").put("text", p);
        return send(body);
    }

    private ObjectNode base(String waId) {
        return WhatsAppPayload.JSON.createObjectNode().put("messaging_product", "whatsapp")
                .put("recipient_type", "individual").put("to", waId);
    }

    private SendResult send(ObjectNode body) {
        HttpPost post = new HttpPost(URI.create(props.graphRoot() + props.phoneNumberId() + "/messages"));
        bearer(post);
        post.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        Answer a;
        try {
            a = execute(post, 256 * 1024);
        } catch (IOException e) {
            return new SendResult.Refused(0, null, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        }
        JsonNode root;
        try {
            root = WhatsAppPayload.JSON.readTree(a.body());
        } catch (IOException e) {
            root = WhatsAppPayload.JSON.createObjectNode();
        }
        if (a.status() / 100 == 2) {
            String wamid = root.path("messages").path(0).path("id").asText(null);
            return wamid == null ? new SendResult.Refused(a.status(), null, "2xx without messages[0].id", true)
                    : new SendResult.Accepted(wamid);
        }
        JsonNode error = root.path("error");
        Integer code = error.path("code").canConvertToInt() ? error.path("code").asInt() : null;
        String reason = "HTTP " + a.status() + (code == null ? "" : " error " + code) + " " + error.path("message").asText("");
        return new SendResult.Refused(a.status(), code, reason.strip(), temporary(a.status()) || code != null && code == 130429);
    }

    private void bearer(HttpUriRequestBase req) {
        req.setHeader("Authorization", "Bearer " + props.accessToken());
    }

    private record Answer(int status, byte[] body) {}

    /** Runs {@code req} and reads at most {@code limit} bytes of the answer (more is cut: the caller sees the length). */
    private Answer execute(HttpUriRequestBase req, long limit) throws IOException {
        return http.execute(req, response -> {
            HttpEntity entity = response.getEntity();
            byte[] bytes = new byte[0];
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] buf = new byte[8192];
                    long total = 0;
                    for (int n; (n = in.read(buf)) > 0 && total <= limit; total += n) out.write(buf, 0, n);
                    bytes = out.toByteArray();
                }
            }
            return new Answer(response.getCode(), bytes);
        });
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
