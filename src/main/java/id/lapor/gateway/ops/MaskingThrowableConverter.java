package id.lapor.gateway.ops;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback {@code %maskedEx}: the stack trace with {@link MaskingConverter#mask} applied, so an exception's
 * message (and its causes') cannot carry a full phone number, e-mail or NIK into the log. Before #18 this
 * was Logback's plain converter, which bypassed the masking.
 */
public class MaskingThrowableConverter extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return MaskingConverter.mask(super.convert(event));
    }
}
