package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Complaint;

import java.util.List;

/**
 * Suggests a complaint's category from its words ({@link Enrichment} asks it for every complaint an
 * admin has not categorised). The gateway's is the trained model ({@code classify.CategoryClassifier});
 * the keyword {@link CategoryLexicon} is the simple one.
 */
public interface CategorySuggester {

    /**
     * A suggestion.
     *
     * @param category  the best category, {@code confidence} its probability 0..1
     * @param top       the best categories, most probable first (the best one included; up to three)
     * @param confident false when the best probability is below the configured threshold: the complaint
     *                  is then marked for an admin's review and is not disposed by its category
     */
    record Suggestion(Complaint.Category category, List<Complaint.Category> top, boolean confident) {
        public Suggestion {
            top = List.copyOf(top);
        }
    }

    /** The suggestion for a complaint's title (may be null) and content. */
    Suggestion suggest(String title, String content);
}
