package id.lapor.gateway.classify;

import java.util.Objects;

/**
 * One training or evaluation example: a complaint's text and the category code of
 * {@code categories.yaml} it belongs to.
 *
 * @param code category code (e.g. {@code JALAN_BERLUBANG})
 * @param text the complaint's words as the citizen wrote them (title and content together)
 */
public record LabelledText(String code, String text) {
    public LabelledText {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
    }
}
