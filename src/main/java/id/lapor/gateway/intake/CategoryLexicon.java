package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Complaint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Indonesian keyword lexicon from {@code channel-config/categories.yaml}: suggests a LAPOR! category
 * for a complaint text.
 *
 * <p>Scoring: the text is folded as for content dedup (lower case, accents and punctuation gone).
 * Each occurrence of a keyword phrase as whole words scores the number of words in the phrase, so
 * "jalan berlubang" outweighs "jalan". The category with the highest score wins (ties: the one
 * listed first); confidence = best / (sum of all scores + 1), so a lone weak hit is about 0.5, a
 * clear winner approaches 1 and a text split between categories gets a low value. No hit at all
 * gives the fallback category with confidence 0.
 *
 * <p>Since issue #20 the trained model ({@code classify.CategoryClassifier}) suggests categories and
 * uses these keywords as features; the lexicon alone remains for comparison (the held-out benchmark)
 * and for wiring without a model, where {@link #suggest} is always "confident" as before.
 */
public final class CategoryLexicon implements CategorySuggester {

    public record Entry(String code, String name, String parent, Long laporCategoryId, List<String> keywords) {
        public Entry {
            Objects.requireNonNull(code, "category code");
            Objects.requireNonNull(name, "category name");
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
        }
    }

    private record Phrase(String folded, int weight) {}

    private final Entry fallback;
    private final List<Entry> entries;
    private final List<List<Phrase>> phrases;

    public CategoryLexicon(Entry fallback, List<Entry> entries) {
        this.fallback = Objects.requireNonNull(fallback, "categories.yaml needs a 'fallback' category");
        this.entries = List.copyOf(entries);
        Set<String> codes = new HashSet<>();
        codes.add(fallback.code());
        this.phrases = new ArrayList<>();
        for (Entry e : entries) {
            if (!codes.add(e.code())) {
                throw new IllegalArgumentException("categories.yaml: category code " + e.code() + " appears twice");
            }
            List<Phrase> ps = new ArrayList<>();
            for (String k : e.keywords()) {
                String folded = TextFingerprint.normalise(k);
                if (!folded.isEmpty()) ps.add(new Phrase(" " + folded + " ", folded.split(" ").length));
            }
            phrases.add(ps);
        }
    }

    public Complaint.Category classify(String title, String content) {
        String text = " " + TextFingerprint.normalise((title == null ? "" : title) + " " + (content == null ? "" : content)) + " ";
        int best = -1;
        int bestScore = 0;
        int total = 0;
        for (int i = 0; i < entries.size(); i++) {
            int score = 0;
            for (Phrase p : phrases.get(i)) {
                score += occurrences(text, p.folded()) * p.weight();
            }
            total += score;
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        if (best < 0) return new Complaint.Category(fallback.code(), fallback.name(), 0.0);
        double confidence = Math.round(1000.0 * bestScore / (total + 1)) / 1000.0;
        Entry e = entries.get(best);
        return new Complaint.Category(e.code(), e.name(), confidence);
    }

    /** {@link #classify} as a suggestion that is always confident (the behaviour before issue #20). */
    @Override
    public Suggestion suggest(String title, String content) {
        Complaint.Category c = classify(title, content);
        return new Suggestion(c, List.of(c), true);
    }

    /** The category of code {@code code} as this lexicon names it, or the fallback's when the code is unknown. */
    public Complaint.Category category(String code, double confidence) {
        Entry e = entry(code);
        return new Complaint.Category(e.code(), e.name(), confidence);
    }

    /** Every category, the fallback first, in the file's order (the console's category choices). */
    public List<Entry> entries() {
        List<Entry> all = new java.util.ArrayList<>();
        all.add(fallback);
        all.addAll(entries);
        return all;
    }

    public Entry entry(String code) {
        if (fallback.code().equals(code)) return fallback;
        return entries.stream().filter(e -> e.code().equals(code)).findFirst().orElse(fallback);
    }

    private static int occurrences(String text, String phrase) {
        int n = 0;
        int from = 0;
        while ((from = text.indexOf(phrase, from)) >= 0) {
            n++;
            from += phrase.length() - 1; // phrases are padded with spaces; let the next one share the space
        }
        return n;
    }
}
