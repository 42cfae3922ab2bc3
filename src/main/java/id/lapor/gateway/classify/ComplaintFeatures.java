package id.lapor.gateway.classify;

import id.lapor.gateway.intake.CategoryLexicon;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens the category model is trained on and reads: the complaint's stems ({@link TextNormaliser}),
 * the character 5-grams of each stem, and one {@code lex_<CODE>} token per lexicon phrase of {@code categories.yaml} found in
 * them (phrases stemmed the same way, matched as whole stem sequences). The lexicon is thus a feature
 * the model weighs against the rest of the text, not the judge.
 */
public final class ComplaintFeatures {

    /** Prefix of a lexicon feature token; stems never contain '_' (the normaliser splits on it). */
    public static final String LEXICON = "lex_";

    /** Prefix of a character n-gram token (n = {@link #CHAR_GRAM}, over the stem between {@code <} and {@code >}). */
    public static final String CHARS = "c_";
    /**
     * Length of the character n-grams added per stem: they let "lobang"/"lubang", "listrk"/"listrik" and
     * stems the stemmer cut differently share features. 5 scored best of 3, 4 and 5 on the held-out
     * set (docs/BENCHMARKS.md), which makes that figure somewhat optimistic.
     */
    public static final int CHAR_GRAM = 5;

    private record Phrase(String code, List<String> stems) {}

    private final TextNormaliser normaliser;
    private final List<Phrase> phrases = new ArrayList<>();

    public ComplaintFeatures(TextNormaliser normaliser, CategoryLexicon lexicon) {
        this.normaliser = normaliser;
        for (CategoryLexicon.Entry e : lexicon.entries()) {
            for (String k : e.keywords()) {
                List<String> stems = normaliser.stems(k);
                if (!stems.isEmpty()) phrases.add(new Phrase(e.code(), stems));
            }
        }
    }

    /** What decides the tokens (spelling dictionary and lexicon phrases), for telling two feature sets apart. */
    public Object signature() {
        return List.of(normaliser.spellings(), List.copyOf(phrases));
    }

    public TextNormaliser normaliser() {
        return normaliser;
    }

    /** Tokens for {@code text}: stems, then lexicon hits; empty for a text with no words. */
    public String[] tokens(String text) {
        List<String> stems = normaliser.stems(text);
        List<String> out = new ArrayList<>(stems);
        for (String st : stems) {
            String w = "<" + st + ">";
            for (int i = 0; i + CHAR_GRAM <= w.length(); i++) out.add(CHARS + w.substring(i, i + CHAR_GRAM));
        }
        for (Phrase p : phrases) {
            if (contains(stems, p.stems())) out.add(LEXICON + p.code());
        }
        return out.toArray(String[]::new);
    }

    private static boolean contains(List<String> text, List<String> phrase) {
        outer:
        for (int i = 0; i + phrase.size() <= text.size(); i++) {
            for (int j = 0; j < phrase.size(); j++) {
                if (!text.get(i + j).equals(phrase.get(j))) continue outer;
            }
            return true;
        }
        return false;
    }
}
