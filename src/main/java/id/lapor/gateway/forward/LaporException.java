package id.lapor.gateway.forward;

import java.time.Duration;

/** A call to LAPOR! that did not give what we asked for, classified for the retry decision. */
public class LaporException extends Exception {

    public enum Kind {
        /** 5xx, 408, timeout, connection refused or reset: retry with backoff. */
        TRANSIENT,
        /** 429: retry after Retry-After. */
        RATE_LIMITED,
        /** 401/403: our credentials; retry (nothing is wrong with the complaint) and tell ops. */
        AUTH,
        /** 2xx without the id we need: a failure, never a success; retried, parked after max attempts. */
        INVALID_RESPONSE,
        /** Any other 4xx: the complaint itself is refused; park it with the reason. */
        PERMANENT
    }

    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;
    private final String body;

    public LaporException(Kind kind, int httpStatus, Duration retryAfter, String body, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.body = body;
    }

    public Kind kind() { return kind; }

    public int httpStatus() { return httpStatus; }

    public Duration retryAfter() { return retryAfter; }

    public String body() { return body; }

    /** Whether this failure says LAPOR! is unwell (counts against the circuit breaker). */
    public boolean countsAsOutage() {
        return kind != Kind.PERMANENT;
    }
}
