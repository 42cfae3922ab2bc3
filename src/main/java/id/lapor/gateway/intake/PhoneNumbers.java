package id.lapor.gateway.intake;

import java.util.Optional;

/**
 * Turns the ways Indonesians write phone numbers (08…, 628…, +628…, 00628…, with spaces, dots,
 * dashes or brackets) into E.164 (+628…). Numbers of other countries written with + or 00 are kept
 * in E.164 too. Anything else (alphanumeric senders, short codes) is not a phone number.
 */
public final class PhoneNumbers {

    private PhoneNumbers() {}

    public static Optional<String> toE164(String raw) {
        if (raw == null) return Optional.empty();
        String s = raw.strip();
        StringBuilder digits = new StringBuilder();
        boolean plus = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.isEmpty() && !plus) {
                plus = true;
            } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
                // separators people type
            } else {
                return Optional.empty();
            }
        }
        String d = digits.toString();
        String international;
        if (plus) {
            international = d;
        } else if (d.startsWith("00")) {
            international = d.substring(2);
        } else if (d.startsWith("62")) {
            international = d;
        } else if (d.startsWith("0")) {
            international = "62" + d.substring(1);
        } else {
            return Optional.empty();
        }
        if (international.startsWith("62")) {
            // national significant number: 9 to 12 digits (10 to 13 written with the leading 0)
            int nsn = international.length() - 2;
            if (nsn < 8 || nsn > 12 || international.charAt(2) == '0') return Optional.empty();
        } else if (international.length() < 8 || international.length() > 15 || international.charAt(0) == '0') {
            return Optional.empty();
        }
        return Optional.of("+" + international);
    }

    /** +6281234567890 → +62812*****890: enough for ops to tell numbers apart, never the whole number. */
    public static String mask(String e164) {
        if (e164 == null) return null;
        if (e164.length() <= 7) return "*".repeat(e164.length());
        return e164.substring(0, 5) + "*".repeat(e164.length() - 8) + e164.substring(e164.length() - 3);
    }
}
