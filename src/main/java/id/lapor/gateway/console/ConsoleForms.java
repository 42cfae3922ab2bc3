package id.lapor.gateway.console;

import java.util.Locale;

/** Lenient reading of the console's filter parameters: an unknown value is no filter, never an error page. */
final class ConsoleForms {

    private ConsoleForms() {}

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A typed filter or note: stripped, null when blank. NUL characters are left out first: no store holds them in
     * text (PostgreSQL refused the whole query, so {@code ?q=%00} answered 500) and nobody means one.
     */
    static String blankToNull(String s) {
        if (s != null && s.indexOf('\u0000') >= 0) s = s.replace("\u0000", "");
        return s == null || s.isBlank() ? null : s.strip();
    }
}
