package id.lapor.gateway.classify;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianStemmer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Indonesian text as the category model and the lexicon see it: informal spellings made standard,
 * reduplication folded, affixes stemmed, so "gk ada yg ngurusin", "jalan2 rusak" and "penebangan
 * pohon ditebangin" meet "tidak ada yang urus", "jalan rusak" and "tebang pohon".
 *
 * <p>Steps, in order: lower case and accents removed; a word written with the reduplication digit
 * ("mobil2", "anak2nya") becomes the word once; letters repeated three or more times are squeezed
 * ("bangettt" becomes "banget"); everything that is not a letter or digit separates words (so "jalan-jalan"
 * is two words, folded again after stemming); each word found in the spelling dictionary
 * ({@code channel-config/spelling.yaml}, operators add words there) is replaced by its standard
 * form, which may be several words; Lucene's Indonesian stop words are dropped; two colloquial Jakarta
 * affixes Lucene does not know are turned into their standard form (the suffix {@code -in} of
 * "ditebangin"/"ngurusin" is removed, and the nasal prefix {@code nge-}/{@code ng-} of
 * "ngebuang"/"ngurus" is removed: domain rules of informal Indonesian, written here because no kept
 * library has them); finally Lucene's {@link IndonesianStemmer} (Tala's algorithm, derivational
 * affixes included) stems each word, and a stem equal to the one before it is dropped
 * ("jalan-jalan", "tebang-menebang").
 *
 * <p>Thread-safe: the dictionary is read-only; a stemmer (which keeps state) is made per call.
 */
public final class TextNormaliser {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern REDUPLICATED = Pattern.compile("(\\p{L}{2,})2(?=nya|an|\\b|[^\\p{L}\\p{N}])");
    private static final Pattern REPEATS = Pattern.compile("(\\p{L})\\1{2,}");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final CharArraySet STOP = IndonesianAnalyzer.getDefaultStopSet();

    private final Map<String, String> spellings;

    /** @param spellings informal word (lower case, one word) to its standard form (one or more words) */
    public TextNormaliser(Map<String, String> spellings) {
        this.spellings = Map.copyOf(spellings.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> fold(e.getKey()).strip(), e -> fold(e.getValue()).strip(), (a, b) -> b)));
    }

    /** The dictionary in use (informal word to standard form, folded). */
    public Map<String, String> spellings() {
        return spellings;
    }

    /** Standard words of {@code text} before stemming (stop words kept): lower case, spellings replaced, reduplication folded. */
    public List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        String s = fold(text);
        s = REDUPLICATED.matcher(s).replaceAll("$1 ");
        s = REPEATS.matcher(s).replaceAll("$1");
        for (String w : SEPARATORS.split(s)) {
            if (w.isEmpty()) continue;
            String standard = spellings.get(w);
            if (standard == null) {
                out.add(w);
            } else {
                for (String x : SEPARATORS.split(standard)) if (!x.isEmpty()) out.add(x);
            }
        }
        return out;
    }

    /** The stems the classifier sees: {@link #words}, stop words dropped, colloquial affixes made standard, stemmed, repeats folded. */
    public List<String> stems(String text) {
        List<String> out = new ArrayList<>();
        IndonesianStemmer stemmer = new IndonesianStemmer();
        String previous = null;
        for (String w : words(text)) {
            if (STOP.contains(w)) continue;
            String stem = stem(stemmer, colloquial(w));
            if (stem.isEmpty() || stem.equals(previous)) continue;
            out.add(stem);
            previous = stem;
        }
        return out;
    }

    /** One word stemmed as {@link #stems} does (for lexicon phrases and tests). */
    public String stem(String word) {
        return stem(new IndonesianStemmer(), colloquial(fold(word).strip()));
    }

    private static String stem(IndonesianStemmer stemmer, String w) {
        if (w.length() < 4 || !w.chars().allMatch(Character::isLetter)) return w;
        char[] buf = w.toCharArray();
        int n = stemmer.stem(buf, buf.length, true);
        return new String(buf, 0, n);
    }

    /** Jakarta colloquial affixes removed: -in after di-/ng- (7 letters or more), nge- before a consonant, ng- before a vowel. */
    static String colloquial(String w) {
        String s = w;
        if (s.length() >= 7 && s.endsWith("in") && (s.startsWith("di") || s.startsWith("ng"))) {
            s = s.substring(0, s.length() - 2); // "ditebangin" -> "ditebang", "ngurusin" -> "ngurus"
        }
        if (s.length() >= 6 && s.startsWith("nge") && !isVowel(s.charAt(3))) {
            s = s.substring(3);
        } else if (s.length() >= 5 && s.startsWith("ng") && isVowel(s.charAt(2))) {
            s = s.substring(2);
        }
        return s;
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }

    private static String fold(String s) {
        return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }
}
