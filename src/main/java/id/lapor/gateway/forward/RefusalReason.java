package id.lapor.gateway.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.intake.TextHygiene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a refusal from LAPOR! says, in one line an admin can act on, read from the answer body of a 4xx.
 *
 * <p>Why our own code: LAPOR! documents no error format ({@link ResponseClassifier}); what its v3 API and the
 * government API gateway in front of it answer follows one of three shapes seen in practice, and an admin was
 * shown the raw JSON in the complaint's history ("Diparkir, menunggu admin: HTTP 422 … body: {"message":…}").
 * Read, in this order of preference:
 * <ul>
 *   <li>RFC 9457 problem details ({@code application/problem+json}): {@code detail}, else {@code title};</li>
 *   <li>Laravel's validation answer (LAPOR! v3 is a Laravel application): {@code message} and {@code errors}, the
 *       latter an object of field → message or list of messages, or a list of field names;</li>
 *   <li>OAuth-style and API-gateway answers: {@code error_description}, {@code error} as text or as an object with
 *       {@code message}.</li>
 * </ul>
 * The result is cleaned as intake cleans text ({@link TextHygiene#clean}), without bidirectional controls
 * ({@link TextHygiene#isBidiControl}), spaces collapsed, and cut at
 * {@link #MAX_CHARS} characters. A body that is none of these (HTML, plain text, empty, other JSON) gives null: the
 * caller keeps the cut raw body then.
 */
public final class RefusalReason {

    /** Longest reason returned, in characters (UTF-16 units), before the "…". */
    public static final int MAX_CHARS = 300;

    /** Most field errors named; the rest are counted as "+N more" (the line sits in a technical reason, in English). */
    static final int MAX_FIELDS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RefusalReason() {
    }

    /**
     * @param body the answer body as kept ({@link LaporClient}: cleaned, at most 4,000 characters); may be null
     * @return one line such as {@code "The given data was invalid. (content: The content may not be greater than 4000
     *         characters.)"}, or null when the body says nothing readable
     */
    public static String of(String body) {
        if (body == null || body.isBlank()) return null;
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return null; // HTML from a proxy, plain text, or a body cut at the kept length
        }
        if (root == null || !root.isObject()) return null;
        String head = firstText(root, "detail", "title", "message", "error_description");
        if (head == null && root.path("error").isObject()) head = firstText(root.path("error"), "message", "detail");
        if (head == null) head = firstText(root, "error");
        List<String> fields = fieldErrors(root.path("errors"));
        if (head == null && fields.isEmpty()) return null;
        StringBuilder s = new StringBuilder(head == null ? "" : head);
        if (!fields.isEmpty()) {
            if (!s.isEmpty()) s.append(" (");
            int shown = Math.min(fields.size(), MAX_FIELDS);
            s.append(String.join("; ", fields.subList(0, shown)));
            if (fields.size() > shown) s.append("; +").append(fields.size() - shown).append(" more");
            if (head != null) s.append(')');
        }
        // bidirectional controls go as from a file name (TextHygiene.isBidiControl): LAPOR!'s words must read as sent
        String line = TextHygiene.clean(s.toString()).codePoints().filter(c -> !TextHygiene.isBidiControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()
                .replaceAll("\\s+", " ").strip();
        if (line.isEmpty()) return null;
        return line.length() <= MAX_CHARS ? line : TextHygiene.cut(line, MAX_CHARS) + "…";
    }

    private static String firstText(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.path(name);
            if (v.isTextual() && !v.asText().isBlank()) return v.asText().strip();
        }
        return null;
    }

    /** "field: message" per field of an errors object, or the entries of an errors list. */
    private static List<String> fieldErrors(JsonNode errors) {
        List<String> out = new ArrayList<>();
        if (errors.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode first = e.getValue().isArray() && !e.getValue().isEmpty() ? e.getValue().get(0) : e.getValue();
                // a JSON null says nothing: the field is named alone, never "title: null"
                String message = first.isValueNode() && !first.isNull() ? first.asText() : null;
                out.add(message == null || message.isBlank() ? e.getKey() : e.getKey() + ": " + message.strip());
            }
        } else if (errors.isArray()) {
            for (JsonNode e : errors) {
                if (e.isValueNode() && !e.asText().isBlank()) out.add(e.asText().strip());
                else if (e.isObject()) {
                    String field = firstText(e, "field", "pointer", "name");
                    String message = firstText(e, "message", "detail");
                    if (message != null) out.add(field == null ? message : field + ": " + message);
                }
            }
        }
        return out;
    }
}
