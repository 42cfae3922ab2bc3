package id.lapor.gateway.ops;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One trace id per complaint, from its intake to LAPOR! and back (forwarding, status sync, replies to the
 * citizen), in the log context of every line written about it.
 *
 * <p><b>Why derived, not stored.</b> The outbox and the reply queue are asynchronous and may be worked off by
 * another node after a restart, so a trace started at receipt would have to be stored with the complaint and
 * read back at every step. Instead the trace id is a function of the ticket: the first 128 bits of
 * SHA-256 of the ticket, as 32 lower-case hex digits (W3C Trace Context's trace-id format). Every step that
 * knows the ticket opens the same trace, on any node, with no column and no migration; and ops can compute a
 * ticket's trace id to search the logs ({@link #traceId(String)}). A complaint's trace starts when intake has
 * given it a ticket: lines logged while the raw input is read, before a ticket exists, carry the receiving
 * request's own trace (webhooks, API) or none (SMPP, IMAP, letter folder).
 *
 * <p>With a Micrometer {@link Tracer} (Spring Boot's OpenTelemetry bridge) each {@link #open} starts a span
 * whose parent context has the complaint's trace id, so whatever is observed inside (HTTP clients, JDBC when
 * instrumented) joins the complaint's trace; the log context keys are the tracer's ({@code traceId},
 * {@code spanId}) plus {@code ticket}. Without one ({@link #MDC_ONLY}: unit tests, objects built outside
 * Spring) the same keys are put in the SLF4J MDC directly.
 */
public class ComplaintTraces {

    /** MDC key of the trace id, the one Micrometer tracing's log correlation uses. */
    public static final String TRACE_ID = "traceId";
    /** MDC key of the span id. */
    public static final String SPAN_ID = "spanId";
    /** MDC key of the complaint's ticket (not personal data: it is the citizen's receipt number). */
    public static final String TICKET = "ticket";

    /** Trace ids in the log context only, no spans. */
    public static final ComplaintTraces MDC_ONLY = new ComplaintTraces(null);

    /** What {@link #open} returns: closing it restores the log context as it was. Never throws. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final Scope NOTHING = () -> { };

    private final Tracer tracer;

    /** @param tracer Micrometer's tracer, or null for {@link #MDC_ONLY} behaviour */
    public ComplaintTraces(Tracer tracer) {
        this.tracer = tracer == Tracer.NOOP ? null : tracer;
    }

    /**
     * The trace id of a complaint.
     *
     * @param ticket the complaint's ticket, e.g. {@code LPR-7K3M9Q2X}
     * @return 32 lower-case hex digits (first 16 bytes of SHA-256 of the ticket's UTF-8 bytes)
     */
    public static String traceId(String ticket) {
        return HexFormat.of().formatHex(sha256(ticket), 0, 16);
    }

    /** The id of the complaint trace's root span: bytes 16 to 23 of the same hash, 16 hex digits. */
    static String rootSpanId(String ticket) {
        return HexFormat.of().formatHex(sha256(ticket), 16, 24);
    }

    /**
     * Puts the complaint's trace in the current thread's log context (and starts a span named
     * {@code complaint.<step>} when a tracer is present) until the returned scope is closed.
     *
     * @param ticket the complaint's ticket; null opens nothing
     * @param step   what is done to it (intake, forward, status-sync, reply), the span's name suffix
     */
    public Scope open(String ticket, String step) {
        if (ticket == null || ticket.isEmpty()) return NOTHING;
        byte[] hash = sha256(ticket);
        String traceId = HexFormat.of().formatHex(hash, 0, 16);
        String rootSpanId = HexFormat.of().formatHex(hash, 16, 24);
        String previousTrace = MDC.get(TRACE_ID);
        String previousSpan = MDC.get(SPAN_ID);
        String previousTicket = MDC.get(TICKET);
        Span span = null;
        Tracer.SpanInScope inScope = null;
        if (tracer != null) {
            TraceContext parent = tracer.traceContextBuilder().traceId(traceId).spanId(rootSpanId).sampled(true).build();
            span = tracer.spanBuilder().setParent(parent).name("complaint." + step).start();
            inScope = tracer.withSpan(span);
        }
        // the tracer's log correlation puts the same trace id; set here too, so it holds whatever the bridge does
        MDC.put(TRACE_ID, traceId);
        MDC.put(SPAN_ID, span != null ? span.context().spanId() : rootSpanId);
        MDC.put(TICKET, ticket);
        Span started = span;
        Tracer.SpanInScope scope = inScope;
        return () -> {
            if (scope != null) scope.close();
            if (started != null) started.end();
            restore(TRACE_ID, previousTrace);
            restore(SPAN_ID, previousSpan);
            restore(TICKET, previousTicket);
        };
    }

    private static void restore(String key, String value) {
        if (value == null) MDC.remove(key);
        else MDC.put(key, value);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
