package id.lapor.gateway.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Both log formats mask phone numbers, e-mails and NIK in the message, the MDC, exception messages and stack traces. */
class MaskingEncoderTest {

    private static final String PHONE = "081234567890";
    private static final String NIK = "3201234567890123";
    private static final String MAIL = "budi.santoso@gmail.com";

    @Test
    void patternLinesMaskExceptionMessagesAndCauses() {
        String line = encode(null, "%-5level [%X{traceId:-}] %logger - %msg%n%ex");
        assertThat(line).doesNotContain(PHONE, NIK, "budi.santoso")
                .contains("0812*****890", "************0123", "b***@gmail.com")
                // the stack trace is there, masked, with its cause
                .contains("IllegalStateException: no reply to 0812*****890", "Caused by: java.io.IOException: mailbox b***@gmail.com")
                .contains("[" + ComplaintTraces.traceId("T-1") + "]");
    }

    @Test
    void ecsJsonLinesMaskEverythingToo() {
        String line = encode("ecs", null);
        assertThat(line).startsWith("{").contains("\"log\":{\"level\":\"WARN\"")
                .doesNotContain(PHONE, NIK, "budi.santoso")
                .contains("0812*****890", "************0123", "b***@gmail.com")
                .contains("\"stack_trace\":\"java.lang.IllegalStateException: no reply to 0812*****890")
                .contains("Caused by: java.io.IOException: mailbox b***@gmail.com NIK ************0123").contains(ComplaintTraces.traceId("T-1"));
    }

    private static String encode(String format, String pattern) {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        MaskingEncoder encoder = new MaskingEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setPattern(pattern);
        encoder.start();
        Logger logger = context.getLogger("id.lapor.gateway.Test");
        Exception e = new IllegalStateException("no reply to " + PHONE,
                new java.io.IOException("mailbox " + MAIL + " NIK " + NIK));
        MDC.put(ComplaintTraces.TRACE_ID, ComplaintTraces.traceId("T-1"));
        try {
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
                    "reply to {} failed, NIK {}", e, new Object[] {PHONE, NIK});
            event.setMDCPropertyMap(Map.copyOf(MDC.getCopyOfContextMap()));
            return new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            MDC.remove(ComplaintTraces.TRACE_ID);
        }
    }
}
