package id.lapor.gateway.ops;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/** One trace id per complaint, the same wherever it is opened, in the tracer's current span and in the MDC. */
class ComplaintTracesTest {

    @Test
    void theTraceIdFollowsFromTheTicketAlone() {
        String id = ComplaintTraces.traceId("7HQ2MKXPA");
        assertThat(id).matches("[0-9a-f]{32}").isEqualTo(ComplaintTraces.traceId("7HQ2MKXPA"))
                .isNotEqualTo(ComplaintTraces.traceId("7HQ2MKXPB"));
    }

    @Test
    void withTheOtelTracerTheSpanJoinsTheComplaintsTraceAndTheMdcIsRestored() {
        try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
            OtelCurrentTraceContext current = new OtelCurrentTraceContext();
            OtelTracer tracer = new OtelTracer(provider.get("test"), current, event -> { });
            ComplaintTraces traces = new ComplaintTraces(tracer);
            MDC.put(ComplaintTraces.TRACE_ID, "request-trace");
            try {
                try (ComplaintTraces.Scope s = traces.open("7HQ2MKXPA", "forward")) {
                    assertThat(tracer.currentSpan()).isNotNull();
                    assertThat(tracer.currentSpan().context().traceId()).isEqualTo(ComplaintTraces.traceId("7HQ2MKXPA"));
                    assertThat(MDC.get(ComplaintTraces.TRACE_ID)).isEqualTo(ComplaintTraces.traceId("7HQ2MKXPA"));
                    assertThat(MDC.get(ComplaintTraces.TICKET)).isEqualTo("7HQ2MKXPA");
                    // a second step of the same complaint (another node, later) opens the same trace
                    try (ComplaintTraces.Scope again = traces.open("7HQ2MKXPA", "reply")) {
                        assertThat(tracer.currentSpan().context().traceId()).isEqualTo(ComplaintTraces.traceId("7HQ2MKXPA"));
                    }
                }
                assertThat(tracer.currentSpan()).isNull();
                assertThat(MDC.get(ComplaintTraces.TRACE_ID)).isEqualTo("request-trace");
                assertThat(MDC.get(ComplaintTraces.TICKET)).isNull();
            } finally {
                MDC.clear();
            }
        }
    }

    @Test
    void withoutATracerOnlyTheMdcCarriesIt() {
        try (ComplaintTraces.Scope s = ComplaintTraces.MDC_ONLY.open("ABC", "intake")) {
            assertThat(MDC.get(ComplaintTraces.TRACE_ID)).isEqualTo(ComplaintTraces.traceId("ABC"));
            assertThat(MDC.get(ComplaintTraces.SPAN_ID)).matches("[0-9a-f]{16}");
        }
        assertThat(MDC.get(ComplaintTraces.TRACE_ID)).isNull();
        ComplaintTraces.MDC_ONLY.open(null, "intake").close();
    }
}
