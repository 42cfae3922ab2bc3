package id.lapor.gateway.channel.telegram;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Webhook mode: Telegram POSTs each update to {@code /webhooks/telegram} with the header
 * {@code X-Telegram-Bot-Api-Secret-Token} set to the {@code secret_token} given to setWebhook (Bot API
 * "setWebhook"). A request without the right header gets 401 and nothing is stored (counted in
 * {@code gateway_webhook_rejected_total{channel="telegram"}}); the header is compared in constant time.
 * With the right header the update is handled by {@link TelegramReception} and answered 200 only after
 * that committed (malformed JSON is quarantined with the raw body and answered 200, so Telegram stops
 * retrying); a store outage answers 503 and Telegram delivers the update again. 404 while the channel is
 * off or in polling mode. The body is read here, after the secret matched and at most {@code max-body-bytes}
 * of it (413 beyond): bound as {@code @RequestBody byte[]} Spring read every body whole before the secret was
 * looked at, so anyone could make the gateway hold as many bytes as they sent, even with the channel off.
 */
@RestController
public class TelegramWebhookController {

    private static final Logger log = LoggerFactory.getLogger(TelegramWebhookController.class);
    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final TelegramProperties props;
    private final TelegramReception reception;
    private final Counter rejected;
    private final id.lapor.gateway.channel.chat.ChatIntakeActivity activity;
    private final java.time.Clock clock;

    public TelegramWebhookController(TelegramProperties props, TelegramReception reception, MeterRegistry meters,
                                     @org.springframework.beans.factory.annotation.Qualifier("telegramActivity")
                                     id.lapor.gateway.channel.chat.ChatIntakeActivity activity, java.time.Clock clock) {
        this.activity = activity;
        this.clock = clock;
        this.props = props;
        this.reception = reception;
        this.rejected = Counter.builder("gateway.webhook.rejected").tag("channel", "telegram")
                .description("webhook requests refused for a missing or wrong secret or signature").register(meters);
    }

    @PostMapping(path = "/webhooks/telegram", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> update(@RequestHeader(name = SECRET_HEADER, required = false) String secret,
                                         HttpServletRequest request) throws IOException {
        if (!props.enabled() || props.mode() != TelegramProperties.Mode.WEBHOOK) return ResponseEntity.notFound().build();
        if (!matches(secret, props.webhookSecret())) {
            rejected.increment();
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body("{\"ok\":false}");
        }
        int max = props.maxBodyBytes();
        if (request.getContentLengthLong() > max) return tooLarge();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(max + 1);
        }
        if (body.length > max) return tooLarge();
        try {
            reception.receive(body);
        } catch (RuntimeException e) {
            log.error("Telegram update not stored ({}); answered 503 so Telegram delivers it again", e.getClass().getSimpleName());
            activity.failed(clock.instant(), "update not stored: " + e.getClass().getSimpleName(), false);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("{\"ok\":false}");
        }
        activity.succeeded(clock.instant());
        return ResponseEntity.ok("{\"ok\":true}");
    }

    private ResponseEntity<String> tooLarge() {
        log.warn("Telegram webhook body over {} bytes refused (413)", props.maxBodyBytes());
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body("{\"ok\":false}");
    }

    /** Constant-time comparison of the header with the configured secret; false when either is missing. */
    static boolean matches(String given, String expected) {
        if (given == null || expected == null || expected.isEmpty()) return false;
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Requests refused so far. */
    public double rejectedCount() {
        return rejected.count();
    }
}
