package id.lapor.gateway.ops;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Logback encoder that writes a log event as a pattern line or, when {@code format} is set, as one
 * structured JSON line (Spring Boot's {@link StructuredLogEncoder}: {@code ecs}, {@code gelf},
 * {@code logstash}), and masks the whole output with {@link MaskingConverter#mask}: message, MDC,
 * exception messages and stack traces alike, in both formats. Masking the encoded line rather than the
 * message alone is what keeps a phone number inside an exception's message (printed by the throwable
 * converter or the JSON {@code error.stack_trace}) out of the log.
 *
 * <p>In logback-spring.xml: {@code <encoder class="id.lapor.gateway.ops.MaskingEncoder">} with
 * {@code <format>} (from {@code logging.structured.format.console}; empty for the pattern) and {@code <pattern>}.
 * The structured encoder needs Spring's Environment in the logger context, which Spring Boot puts there.
 */
public class MaskingEncoder extends EncoderBase<ILoggingEvent> {

    private String format;
    private String pattern;
    private Charset charset = StandardCharsets.UTF_8;
    private Encoder<ILoggingEvent> delegate;

    /** @param format a Spring Boot structured format (ecs, gelf, logstash), or empty for {@link #setPattern} */
    public void setFormat(String format) {
        this.format = format;
    }

    /** @param pattern Logback pattern used when no format is set */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void start() {
        if (format != null && !format.isBlank() && !format.endsWith("_IS_UNDEFINED")) {
            StructuredLogEncoder json = new StructuredLogEncoder();
            json.setContext(getContext());
            json.setFormat(format.trim());
            json.setCharset(charset);
            json.start();
            delegate = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(getContext());
            text.setPattern(pattern);
            text.setCharset(charset);
            text.start();
            delegate = text;
        }
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) delegate.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = delegate.encode(event);
        return line == null ? null : MaskingConverter.mask(new String(line, charset)).getBytes(charset);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
