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
    private final boolean outcomeUnknown;

    public LaporException(Kind kind, int httpStatus, Duration retryAfter, String body, String message, Throwable cause) {
        this(kind, httpStatus, retryAfter, body, message, cause, false);
    }

    /**
     * @param outcomeUnknown the request may have reached LAPOR! and been acted on although we did not
     *                       learn the result: a timeout waiting for the answer, a connection reset or
     *                       closed after sending, a 504 from the API gateway in front of LAPOR!, a 2xx
     *                       without the id we need. False when LAPOR! never got it (connection refused,
     *                       connect timeout) or answered with a status saying it did not take it.
     */
    public LaporException(Kind kind, int httpStatus, Duration retryAfter, String body, String message, Throwable cause,
                          boolean outcomeUnknown) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.body = body;
        this.outcomeUnknown = outcomeUnknown;
    }

    public Kind kind() { return kind; }

    public int httpStatus() { return httpStatus; }

    public Duration retryAfter() { return retryAfter; }

    public String body() { return body; }

    /** Whether LAPOR! may have done what was asked (see the constructor): for a create, a report may exist. */
    public boolean outcomeUnknown() { return outcomeUnknown; }

    /** Whether this failure says LAPOR! is unwell (counts against the circuit breaker). */
    public boolean countsAsOutage() {
        return kind != Kind.PERMANENT;
    }
}
