package id.lapor.gateway.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.lapor.gateway.intake.TextHygiene;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * The few Bot API methods the gateway calls (https://core.telegram.org/bots/api), over Apache HttpClient 5
 * with Jackson: {@code getUpdates}, {@code getFile} and the file download
 * ({@code <base>/file/bot<token>/<file_path>}), {@code sendMessage}, {@code setWebhook}. Requests go to
 * {@code <base>/bot<token>/<method>}; every answer is {@code {"ok":…, "result":…}} or
 * {@code {"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":…}}}.
 *
 * <p>The token is part of every URL, so no URL is ever put in an exception message or a log line.
 * HttpClient's own retries and redirects are off: the callers decide (the poller's cursor, the media
 * fetcher's attempts, the reply loop).
 */
public class TelegramBotApi implements AutoCloseable {

    /** A Bot API call that did not succeed. */
    public static final class ApiException extends Exception {
        private final int status;
        private final Duration retryAfter;

        /**
         * @param status     the HTTP status (0 for an I/O failure before any answer)
         * @param retryAfter {@code parameters.retry_after} of a 429, else null
         */
        public ApiException(int status, String message, Duration retryAfter) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** 5xx, 429 and I/O failures pass; other 4xx do not. */
        public boolean temporary() {
            return status == 0 || status == 429 || status >= 500;
        }
    }

    private final String base;
    private final String token;
    private final ObjectMapper mapper;
    private final CloseableHttpClient http;
    private final Duration requestTimeout;

    public TelegramBotApi(String baseUrl, String token, Duration connectTimeout, Duration requestTimeout, ObjectMapper mapper) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token == null ? "" : token;
        this.mapper = mapper;
        this.requestTimeout = requestTimeout;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(16).setMaxConnPerRoute(16)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout))
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(requestTimeout))
                        .setConnectionRequestTimeout(Timeout.of(requestTimeout)).setRedirectsEnabled(false).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30)).setUserAgent("sp4n-lapor-gateway").build();
    }

    /**
     * {@code getUpdates}: the raw answer body (the caller cuts out each update's exact bytes). Long polling:
     * Telegram holds the request up to {@code timeout} when nothing is waiting; the offset confirms every
     * update below it (Bot API: "An update is considered confirmed as soon as getUpdates is called with an
     * offset higher than its update_id").
     *
     * @param offset null for the first call ever (Telegram then starts at the oldest unconfirmed update)
     */
    public byte[] getUpdates(Long offset, int limit, Duration timeout) throws ApiException {
        ObjectNode body = mapper.createObjectNode();
        if (offset != null) body.put("offset", offset);
        body.put("limit", limit).put("timeout", timeout.toSeconds());
        body.putArray("allowed_updates").add("message").add("edited_message").add("channel_post").add("edited_channel_post");
        return post("getUpdates", body, requestTimeout.plus(timeout));
    }

    /** {@code getFile}: the {@code file_path} to download the file by. */
    public String filePath(String fileId) throws ApiException {
        ObjectNode body = mapper.createObjectNode().put("file_id", fileId);
        JsonNode result = result(post("getFile", body, requestTimeout));
        String path = result.path("file_path").asText(null);
        if (path == null || path.isBlank()) throw new ApiException(404, "getFile: no file_path (file not downloadable)", null);
        return path;
    }

    /**
     * The file's bytes from {@code <base>/file/bot<token>/<file_path>}.
     *
     * @throws ApiException status 413 when the body is longer than {@code maxBytes}
     */
    public byte[] download(String filePath, long maxBytes) throws ApiException {
        HttpGet get = new HttpGet(base + "/file/bot" + token + "/" + filePath);
        try {
            return http.execute(get, response -> {
                int status = response.getCode();
                if (status != 200) return failure(status, "file download answered HTTP " + status);
                try (InputStream in = response.getEntity().getContent()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] buf = new byte[16384];
                    long total = 0;
                    for (int n; (n = in.read(buf)) > 0; ) {
                        total += n;
                        if (total > maxBytes) return failure(413, "file over " + maxBytes + " bytes");
                        out.write(buf, 0, n);
                    }
                    return out.toByteArray();
                }
            }) instanceof byte[] b ? b : null;
        } catch (IOException e) {
            throw new ApiException(0, "file download failed: " + e.getClass().getSimpleName(), null);
        } catch (WrappedApi w) {
            throw w.api;
        }
    }

    /** {@code sendMessage}: the sent message's {@code message_id}. */
    public long sendMessage(String chatId, String text) throws ApiException {
        ObjectNode body = mapper.createObjectNode().put("chat_id", chatId).put("text", text);
        return result(post("sendMessage", body, requestTimeout)).path("message_id").asLong();
    }

    /** {@code setWebhook} with {@code secret_token}, for the update types the gateway reads. */
    public void setWebhook(String url, String secretToken) throws ApiException {
        ObjectNode body = mapper.createObjectNode().put("url", url).put("secret_token", secretToken);
        body.putArray("allowed_updates").add("message").add("edited_message").add("channel_post").add("edited_channel_post");
        result(post("setWebhook", body, requestTimeout));
    }

    /** {@code result} of an {@code ok} answer. */
    private JsonNode result(byte[] answer) throws ApiException {
        try {
            JsonNode n = mapper.readTree(answer);
            if (!n.path("ok").asBoolean(false)) throw new ApiException(200, "answer not ok", null);
            return n.path("result");
        } catch (IOException e) {
            throw new ApiException(502, "answer is not JSON", null);
        }
    }

    private byte[] post(String method, ObjectNode body, Duration timeout) throws ApiException {
        HttpPost post = new HttpPost(base + "/bot" + token + "/" + method);
        try {
            post.setEntity(new ByteArrayEntity(mapper.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        return execute(method, post);
    }

    private byte[] execute(String method, HttpUriRequestBase request) throws ApiException {
        try {
            Object out = http.execute(request, response -> {
                byte[] bytes = response.getEntity() == null ? new byte[0] : response.getEntity().getContent().readAllBytes();
                int status = response.getCode();
                if (status == 200) return bytes;
                return failure(status, method + " answered HTTP " + status + describe(bytes), retryAfter(bytes));
            });
            return (byte[]) out;
        } catch (IOException e) {
            throw new ApiException(0, method + " failed: " + e.getClass().getSimpleName(), null);
        } catch (WrappedApi w) {
            throw w.api;
        }
    }

    private String describe(byte[] bytes) {
        try {
            String d = mapper.readTree(bytes).path("description").asText("");
            return d.isEmpty() ? "" : ": " + TextHygiene.cut(d, 200);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private Duration retryAfter(byte[] bytes) {
        try {
            JsonNode n = mapper.readTree(bytes).path("parameters").path("retry_after");
            return n.isNumber() ? Duration.ofSeconds(n.asLong()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Object failure(int status, String message) {
        return failure(status, message, null);
    }

    private static Object failure(int status, String message, Duration retryAfter) {
        throw new WrappedApi(new ApiException(status, message, retryAfter));
    }

    /** Carries an {@link ApiException} out of HttpClient's response handler (which may only throw IOException). */
    private static final class WrappedApi extends RuntimeException {
        final ApiException api;

        WrappedApi(ApiException api) {
            super(null, null, false, false);
            this.api = api;
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
