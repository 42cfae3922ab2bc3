package id.lapor.gateway.forward;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Decides what an HTTP status from LAPOR! means for us. LAPOR! documents no error format: status only. */
public final class ResponseClassifier {

    private ResponseClassifier() {}

    /** Null for 2xx; otherwise the kind of failure. */
    public static LaporException.Kind classify(int status) {
        if (status >= 200 && status < 300) return null;
        if (status == 429) return LaporException.Kind.RATE_LIMITED;
        if (status == 408 || status >= 500 || status < 200) return LaporException.Kind.TRANSIENT;
        if (status == 401 || status == 403) return LaporException.Kind.AUTH;
        if (status >= 300 && status < 400) return LaporException.Kind.TRANSIENT; // a misrouted gateway, not the complaint's fault
        return LaporException.Kind.PERMANENT;
    }

    /**
     * Whether an error status leaves open that LAPOR! acted on the request: 504 only (the government
     * API gateway in front of LAPOR! gave up waiting while LAPOR! may have gone on). Any other status
     * is LAPOR!'s (or its gateway's) answer that the request was not taken.
     */
    public static boolean outcomeUnknown(int status) {
        return status == 504;
    }

    /**
     * Longest wait a {@code Retry-After} may impose (one hour). The hint holds every call to LAPOR!
     * ({@link LaporBreaker#holdFor}) and sets the row's next attempt: an absurd value (a proxy's
     * misconfigured "ten years", a date far ahead, more seconds than a long holds) would stop all
     * forwarding until then. After an hour the breaker and backoff take over again.
     */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    /**
     * Retry-After as delta-seconds or HTTP-date, at most {@link #MAX_RETRY_AFTER}; null when absent or
     * unreadable (including negative seconds), zero for a date in the past.
     */
    public static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) return null;
        String h = header.strip();
        if (h.matches("[0-9]+")) {
            // more digits than fit a long is still "very long", not unreadable
            if (h.length() > 18) return MAX_RETRY_AFTER;
            return min(Duration.ofSeconds(Long.parseLong(h)));
        }
        if (h.matches("-[0-9]+")) return null;
        try {
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return d.isNegative() ? Duration.ZERO : min(d);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static Duration min(Duration d) {
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }
}
