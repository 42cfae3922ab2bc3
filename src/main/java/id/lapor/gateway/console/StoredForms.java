package id.lapor.gateway.console;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders short English lines the gateway stores (history notes, quarantine reasons, audit details) in the
 * console admin's language, from a table of the forms the code writes.
 *
 * <p>Each {@link Form} is a regular expression that must match the whole stored line, and a message-bundle key
 * whose {@code {0}, {1}, …} are the expression's groups, in order. A group may be passed through a function
 * first (a channel name, a reason class, or another stored line rendered by a table of its own, such as the
 * reason inside an audit detail). The first form that matches wins; a line no form matches, or a key missing
 * from the bundle, gives the stored line unchanged, so an unknown form is never lost, only left in English.
 * The stored lines themselves stay as they are: the REST API, the logs and the metrics use them.</p>
 *
 * <p>Domain code rather than a library: the forms are the gateway's own sentences. Bundle values with
 * arguments are {@link java.text.MessageFormat} patterns (a quote is written {@code ''}).</p>
 */
public final class StoredForms {

    /**
     * One stored form.
     *
     * @param pattern matches a whole stored line
     * @param key     the bundle key; its {@code {i}} is group {@code i + 1}
     * @param groups  for some groups (1-based), what is shown instead of the group's text; a group that did not
     *                take part in the match is shown as an empty string
     */
    public record Form(Pattern pattern, String key, Map<Integer, UnaryOperator<String>> groups) {

        /** A form whose groups are shown as they are. */
        public static Form of(String regex, String key) {
            return new Form(Pattern.compile(regex, Pattern.DOTALL), key, Map.of());
        }

        /** A form whose group {@code group} (1-based) is shown through {@code show}. */
        public Form with(int group, UnaryOperator<String> show) {
            Map<Integer, UnaryOperator<String>> m = new java.util.HashMap<>(groups);
            m.put(group, show);
            return new Form(pattern, key, Map.copyOf(m));
        }
    }

    private final MessageSource messages;
    private final List<Form> forms;

    /**
     * @param messages the console's message bundles
     * @param forms    tried in order; put a narrower form before a wider one that would also match
     */
    public StoredForms(MessageSource messages, List<Form> forms) {
        this.messages = messages;
        this.forms = List.copyOf(forms);
    }

    /**
     * The stored line in the current locale's words ({@link LocaleContextHolder}), or unchanged when no form
     * matches it.
     *
     * @param stored the stored line; null or blank gives an empty string
     */
    public String text(String stored) {
        if (stored == null || stored.isBlank()) return "";
        Form f = form(stored);
        if (f == null) return stored;
        Matcher m = f.pattern().matcher(stored);
        if (!m.matches()) return stored;
        Object[] args = new Object[m.groupCount()];
        for (int i = 0; i < args.length; i++) {
            String g = m.group(i + 1);
            UnaryOperator<String> show = f.groups().get(i + 1);
            args[i] = g == null ? "" : show == null ? g : show.apply(g);
        }
        return messages.getMessage(f.key(), args, stored, LocaleContextHolder.getLocale());
    }

    /**
     * The first form that matches the whole line, or null: for tests that check every line the code writes
     * has one.
     */
    public Form form(String stored) {
        if (stored == null) return null;
        for (Form f : forms) if (f.pattern().matcher(stored).matches()) return f;
        return null;
    }

    /** The forms, in the order they are tried. */
    public List<Form> forms() {
        return new ArrayList<>(forms);
    }
}
