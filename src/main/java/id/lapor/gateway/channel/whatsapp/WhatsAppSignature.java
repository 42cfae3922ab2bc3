package id.lapor.gateway.channel.whatsapp;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The {@code X-Hub-Signature-256} check of a Cloud API webhook POST (Meta for Developers, "Webhooks:
 * Getting started", Validating payloads): {@code sha256=} followed by the lower-case hex HMAC-SHA256 of
 * the <em>raw</em> request body bytes, keyed with the app secret. The body is never decoded or
 * re-encoded before the check (Meta signs the escaped-unicode bytes it sends, so re-serialising JSON
 * would change them). Compared in constant time ({@link MessageDigest#isEqual}). The JDK's
 * {@link Mac} is the HMAC; this class only frames it. Plain Java, no I/O.
 */
public final class WhatsAppSignature {

    /** The header Meta signs webhook POSTs with. */
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    /** What a POST's signature check found. */
    public enum Verdict { VALID, MISSING, MALFORMED, WRONG }

    private final SecretKeySpec key;

    /** @param appSecret the Meta app secret (WHATSAPP_APP_SECRET); not blank */
    public WhatsAppSignature(String appSecret) {
        if (appSecret == null || appSecret.isBlank()) throw new IllegalArgumentException("app secret is required");
        this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * @param body   the request body exactly as received (null counts as empty)
     * @param header the {@code X-Hub-Signature-256} value, or null when absent
     */
    public Verdict verify(byte[] body, String header) {
        if (header == null || header.isBlank()) return Verdict.MISSING;
        String h = header.strip();
        if (!h.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) return Verdict.MALFORMED;
        byte[] given;
        try {
            given = HexFormat.of().parseHex(h.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        return MessageDigest.isEqual(hmac(body), given) ? Verdict.VALID : Verdict.WRONG;
    }

    /** {@code sha256=<hex>} for {@code body}: what Meta sends (used by the simulator and tests too). */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(body));
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body == null ? new byte[0] : body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
