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
        return toE164(raw, DEFAULT_REGION);
    }

    /**
     * As {@link #toE164(String)}, with numbers written without a country code read as numbers of {@code region}.
     *
     * @param region ISO 3166-1 alpha-2 region code, as libphonenumber takes it ({@code ID})
     */
    public static Optional<String> toE164(String raw, String region) {
        if (raw == null) return Optional.empty();
        String s = raw.strip();
        if (s.isEmpty() || !plausible(s)) return Optional.empty();
        if (s.startsWith("00")) s = "+" + s.substring(2);
        return valid(s, region);
    }

    /** Digits with the separators people write, and {@code +} only in front: no letters. */
    private static boolean plausible(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'
                    || (c == '+' && i == 0);
            if (!allowed) return false;
        }
        return true;
    }

    private static Optional<String> valid(String s, String region) {
        try {
            Phonenumber.PhoneNumber n = UTIL.parse(s, region);
            if (!UTIL.isValidNumber(n)) return Optional.empty();
            return Optional.of(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** SMPP 3.4 §5.2.5 type of number: unknown. */
    public static final int TON_UNKNOWN = 0;
    /** SMPP 3.4 §5.2.5 type of number: international (the digits start with the country code). */
    public static final int TON_INTERNATIONAL = 1;
    /** SMPP 3.4 §5.2.5 type of number: national (the digits are a number of the SMSC's own country). */
    public static final int TON_NATIONAL = 2;

    /**
     * A sender address of an SMSC read by its declared type of number (SMPP source_addr_ton), as SMSCs
     * write them: digits, mostly without {@code +} (frimtec/secure-sms-proxy#49; telefonicaid/perseo-fe#862
     * normalises by TON/NPI the same way).
     * <ul>
     *   <li>TON 1 (international): the digits are E.164 as they stand, whatever the country: {@code 60123456789}
     *       is {@code +60123456789} (Malaysia), {@code 6281234567801} is {@code +6281234567801}. Digits that are no
     *       valid international number are no phone number, except digits starting with {@code 0}, which no country code
     *       does (SMSCs that label a national {@code 0812…} as TON 1): those are read as TON 0.</li>
     *   <li>TON 2 (national): a number of {@code region} ({@code 0812…} or {@code 812…} → {@code +62812…}); read as
     *       TON 0 when that is not valid.</li>
     *   <li>TON 0 (unknown) and the others (network specific, subscriber, abbreviated): {@link #toE164(String)}
     *       with {@code region}; failing that, digits that are a valid international number as they stand (a
     *       foreign number written without {@code +}) are taken as such.</li>
     * </ul>
     * Whatever libphonenumber does not find valid is not a phone number. Alphanumeric senders (TON 5) have letters
     * and are never a number.
     *
     * @param addr   source_addr as received; may be null
     * @param ton    source_addr_ton, 0-6
     * @param region ISO 3166-1 alpha-2 region of national numbers (the gateway's: {@value #DEFAULT_REGION})
     * @return the number in E.164, or empty when it is not a valid phone number
     */
    public static Optional<String> fromSmpp(String addr, int ton, String region) {
        if (addr == null || !plausible(addr.strip())) return Optional.empty();
        String digits = addr.strip().startsWith("+") ? addr.strip().substring(1) : addr.strip();
        if (ton == TON_INTERNATIONAL) {
            // no country code starts with 0: such digits are a national number the SMSC mislabelled
            if (!digits.startsWith("0")) return valid("+" + digits, region);
        } else if (ton == TON_NATIONAL && !addr.strip().startsWith("+")) {
            Optional<String> national = valid(digits, region);
            if (national.isPresent()) return national;
        }
        Optional<String> heuristic = toE164(addr, region);
        if (heuristic.isPresent() || addr.strip().startsWith("+") || digits.startsWith("0")) return heuristic;
        return valid("+" + digits, region);
    }

    /** +6281234567890 → +62812*****890: enough for ops to tell numbers apart, never the whole number. */
    public static String mask(String e164) {
        if (e164 == null) return null;
        if (e164.length() <= 7) return "*".repeat(e164.length());
        return e164.substring(0, 5) + "*".repeat(e164.length() - 8) + e164.substring(e164.length() - 3);
    }
}
