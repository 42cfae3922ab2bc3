package id.lapor.gateway.ops;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.regex.Pattern;

/**
 * Logback {@code %maskedMsg}: a safety net under the rule that logs never carry a full phone
 * number, e-mail address or NIK. 16-digit runs (NIK) become ************1234, phone numbers keep
 * their first 5 and last 3 characters, e-mail addresses keep their first letter and domain.
 */
public class MaskingConverter extends MessageConverter {

    private static final Pattern NIK = Pattern.compile("(?<![\\d-])\\d{12}(\\d{4})(?!\\d)");
    private static final Pattern PHONE = Pattern.compile("(?<![\\d*])(\\+?62|0)(8\\d{1,2})\\d{4,8}(\\d{3})(?!\\d)");
    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");

    @Override
    public String convert(ILoggingEvent event) {
        return mask(super.convert(event));
    }

    public static String mask(String s) {
        if (s == null || s.isEmpty()) return s;
        String out = NIK.matcher(s).replaceAll("************$1");
        out = PHONE.matcher(out).replaceAll("$1$2*****$3");
        return EMAIL.matcher(out).replaceAll("$1***@$2");
    }
}
