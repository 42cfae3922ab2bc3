package id.lapor.gateway.support;

import java.util.Arrays;
import java.util.List;

/**
 * Word-level accuracy of OCR against the ground truth: 1 − (word substitutions + deletions +
 * insertions) / words of the truth (1 − WER), floored at 0. Words are split on white space with
 * punctuation at their ends dropped; case counts.
 */
public final class WordAccuracy {

    private WordAccuracy() {}

    public static double of(String truth, String read) {
        List<String> t = words(truth);
        List<String> r = words(read);
        if (t.isEmpty()) return r.isEmpty() ? 1 : 0;
        int[] prev = new int[r.size() + 1];
        int[] cur = new int[r.size() + 1];
        for (int j = 0; j <= r.size(); j++) prev[j] = j;
        for (int i = 1; i <= t.size(); i++) {
            cur[0] = i;
            for (int j = 1; j <= r.size(); j++) {
                int sub = prev[j - 1] + (t.get(i - 1).equals(r.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] x = prev;
            prev = cur;
            cur = x;
        }
        return Math.max(0, 1 - prev[r.size()] / (double) t.size());
    }

    static List<String> words(String s) {
        if (s == null || s.isBlank()) return List.of();
        return Arrays.stream(s.strip().split("\\s+"))
                .map(w -> w.replaceAll("^\\p{Punct}+|\\p{Punct}+$", ""))
                .filter(w -> !w.isEmpty()).toList();
    }
}
