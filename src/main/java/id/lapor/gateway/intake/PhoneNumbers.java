package id.lapor.gateway.intake;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.Optional;

/**
 * Phone numbers as the gateway keeps them: E.164 ({@code +628…}), read and checked by Google's
 * libphonenumber against ITU numbering plans (its metadata, not rules of ours).
 *
 * <p>A number without a country code is read as Indonesian (region {@code ID}): {@code 0812…},
 * {@code 62812…}, {@code +62812…}, with spaces, dots, dashes or brackets. A number written with
 * {@code +} or {@code 00} keeps its own country: a Malaysian {@code +60 12-345 6789} stays
 * {@code +60123456789} and is not quarantined. {@code 00} is read as the international prefix as
 * people write it on forms and SMS senders send it (libphonenumber alone knows only Indonesia's
 * operator prefixes 001/007/008/009/01x). Anything libphonenumber does not find valid for its
 * country (alphanumeric senders such as {@code TELKOMSEL}, short codes, too short or too long
 * numbers) is not a phone number. Letters are refused before parsing so that vanity numbers
 * ({@code 0800-FLOWERS}) and text around digits are never read as a number.
 */
public final class PhoneNumbers {

    /** Region of numbers written without a country code. */
    public static final String DEFAULT_REGION = "ID";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {}

    /**
     * @param raw a number as written by a person or sent by an SMSC; may be null
     * @return the number in E.164 ({@code +} and up to 15 digits), or empty when it is not a valid phone number
     */
    public static Optional<String> toE164(String raw) {
        if (raw == null) return Optional.empty();
        String s = raw.strip();
        if (s.isEmpty()) return Optional.empty();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'
                    || (c == '+' && i == 0);
            if (!allowed) return Optional.empty();
        }
        if (s.startsWith("00")) s = "+" + s.substring(2);
        try {
            Phonenumber.PhoneNumber n = UTIL.parse(s, DEFAULT_REGION);
            if (!UTIL.isValidNumber(n)) return Optional.empty();
            return Optional.of(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** +6281234567890 → +62812*****890: enough for ops to tell numbers apart, never the whole number. */
    public static String mask(String e164) {
        if (e164 == null) return null;
        if (e164.length() <= 7) return "*".repeat(e164.length());
        return e164.substring(0, 5) + "*".repeat(e164.length() - 8) + e164.substring(e164.length() - 3);
    }
}
