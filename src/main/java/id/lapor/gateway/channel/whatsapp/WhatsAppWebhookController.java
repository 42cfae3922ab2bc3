package id.lapor.gateway.channel.whatsapp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The WhatsApp Cloud API webhook, {@code /webhooks/whatsapp} (Meta for Developers, "Webhooks: Getting
 * started"; no login, no CSRF: Meta authenticates by the verify token and the body signature).
 * <ul>
 *   <li>{@code GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…}: the verification handshake; the
 *       challenge is echoed as {@code text/plain} when the token is {@code WHATSAPP_VERIFY_TOKEN}, else 403.</li>
 *   <li>{@code POST}: the raw body bytes (read here, never re-encoded) are checked against
 *       {@code X-Hub-Signature-256} before anything is parsed ({@link WhatsAppSignature}): missing or wrong → 401,
 *       nothing stored, counted in {@code gateway.whatsapp.webhook{outcome=…}}. A verified body goes through
 *       {@code direct:whatsapp-webhook} and is answered 200 only after what it produced committed (stored,
 *       quarantined, ignored, answered); 503 if intake failed, so Meta sends it again (it retries for up to a
 *       day, and the wamid dedups). A body over {@code max-body-bytes} → 413.</li>
 * </ul>
 */
@RestController
@ConditionalOnProperty(name = "channels.whatsapp.enabled", havingValue = "true")
public class WhatsAppWebhookController {

    /** The webhook's path, to register in the Meta app as {@code https://<host>/webhooks/whatsapp}. */
    public static final String PATH = "/webhooks/whatsapp";

    private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhookController.class);

    private final ProducerTemplate camel;
    private final WhatsAppProperties props;
    private final WhatsAppSignature signature;
    private final MeterRegistry meters;
    /** {@code direct:whatsapp-webhook}, resolved once (a URI string is parsed and looked up on every call). */
    private volatile org.apache.camel.Endpoint route;

    private final id.lapor.gateway.channel.chat.ChatIntakeActivity activity;
    private final java.time.Clock clock;

    public WhatsAppWebhookController(ProducerTemplate camel, WhatsAppProperties props, MeterRegistry meters,
                                     @org.springframework.beans.factory.annotation.Qualifier("whatsappActivity")
                                     id.lapor.gateway.channel.chat.ChatIntakeActivity activity, java.time.Clock clock) {
        this.activity = activity;
        this.clock = clock;
        this.camel = camel;
        this.props = props;
        this.signature = new WhatsAppSignature(props.appSecret());
        this.meters = meters;
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
                                         @RequestParam(name = "hub.verify_token", required = false) String token,
                                         @RequestParam(name = "hub.challenge", required = false) String challenge) {
        boolean tokenOk = token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                props.verifyToken().getBytes(StandardCharsets.UTF_8));
        // Meta's challenge is a number; anything else is not echoed back
        if ("subscribe".equals(mode) && tokenOk && challenge != null && challenge.matches("[A-Za-z0-9._-]{1,256}")) {
            count("verified");
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
        }
        count("verification-refused");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body("forbidden");
    }

    @PostMapping(path = PATH)
    public ResponseEntity<Void> receive(HttpServletRequest request,
                                        @RequestHeader(name = WhatsAppSignature.HEADER, required = false) String signed) throws IOException {
        if (request.getContentLengthLong() > props.maxBodyBytes()) return refused("too-large", HttpStatus.PAYLOAD_TOO_LARGE);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(props.maxBodyBytes() + 1);
        }
        if (body.length > props.maxBodyBytes()) return refused("too-large", HttpStatus.PAYLOAD_TOO_LARGE);
        WhatsAppSignature.Verdict verdict = signature.verify(body, signed);
        if (verdict != WhatsAppSignature.Verdict.VALID) {
            log.warn("WhatsApp webhook refused: signature {}", verdict.name().toLowerCase(java.util.Locale.ROOT));
            return refused("signature-" + verdict.name().toLowerCase(java.util.Locale.ROOT), HttpStatus.UNAUTHORIZED);
        }
        try {
            camel.requestBody(route(), body);
        } catch (RuntimeException e) {
            log.error("WhatsApp webhook not taken ({}); Meta will send it again", e.getClass().getSimpleName());
            activity.failed(clock.instant(), "webhook not stored: " + e.getClass().getSimpleName(), false);
            return refused("intake-failed", HttpStatus.SERVICE_UNAVAILABLE);
        }
        activity.succeeded(clock.instant());
        count("accepted");
        return ResponseEntity.ok().build();
    }

    private org.apache.camel.Endpoint route() {
        org.apache.camel.Endpoint r = route;
        if (r == null) route = r = camel.getCamelContext().getEndpoint("direct:whatsapp-webhook");
        return r;
    }

    private ResponseEntity<Void> refused(String outcome, HttpStatus status) {
        count(outcome);
        return ResponseEntity.status(status).build();
    }

    private void count(String outcome) {
        Counter.builder("gateway.whatsapp.webhook").description("WhatsApp webhook requests by outcome")
                .tag("outcome", outcome).register(meters).increment();
    }
}
