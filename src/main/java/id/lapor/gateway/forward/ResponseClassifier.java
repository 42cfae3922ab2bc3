package id.lapor.gateway.forward;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

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

    /** Retry-After as delta-seconds or HTTP-date; null when absent or unreadable. */
    public static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) return null;
        String h = header.strip();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException ignored) {
            // try HTTP-date
        }
        try {
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
