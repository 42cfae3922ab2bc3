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

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
