package id.lapor.gateway.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How a categoriser does on a labelled set: top-1 and top-3 accuracy, the share it would send to
 * review (best probability below the threshold), top-1 accuracy of what it is sure of, the confusions
 * (true code to wrongly predicted code, counted) and calibration (per probability band: how many, the
 * mean predicted probability, the share right).
 *
 * @param n                  examples
 * @param top1               share whose best category is right
 * @param top3               share whose right category is among the best three
 * @param reviewShare        share whose best probability is below {@code reviewBelow}
 * @param top1WhenConfident  top-1 accuracy of the rest (NaN when none)
 * @param confusions         "TRUE -> PREDICTED" to count, wrong top-1 only, most frequent first
 * @param calibration        probability bands 0-0.2, 0.2-0.4, … 0.8-1.0 (empty bands left out)
 * @param perCategory        code to {right, total}
 */
public record Evaluation(int n, double top1, double top3, double reviewShare, double top1WhenConfident,
                         Map<String, Integer> confusions, List<Band> calibration, Map<String, int[]> perCategory) {

    /** A probability band: {@code [from, to)}, examples in it, their mean best probability, the share right. */
    public record Band(double from, double to, int n, double meanProbability, double accuracy) {}

    /**
     * Scores {@code ranker} (text to categories, most probable first; empty = no idea, counted wrong
     * and sent to review) on {@code set}.
     */
    public static Evaluation of(List<LabelledText> set, Function<String, List<CategoryModel.Scored>> ranker, double reviewBelow) {
        int right = 0, right3 = 0, review = 0, sure = 0, sureRight = 0;
        Map<String, Integer> confusions = new TreeMap<>();
        Map<String, int[]> per = new TreeMap<>();
        int[] bn = new int[5], br = new int[5];
        double[] bp = new double[5];
        for (LabelledText e : set) {
            List<CategoryModel.Scored> r = ranker.apply(e.text());
            int[] pc = per.computeIfAbsent(e.code(), k -> new int[2]);
            pc[1]++;
            String best = r.isEmpty() ? null : r.get(0).code();
            double p = r.isEmpty() ? 0 : r.get(0).probability();
            boolean ok = e.code().equals(best);
            if (ok) {
                right++;
                pc[0]++;
            } else {
                confusions.merge(e.code() + " -> " + (best == null ? "(none)" : best), 1, Integer::sum);
            }
            if (r.stream().limit(3).anyMatch(s -> s.code().equals(e.code()))) right3++;
            if (p < reviewBelow) {
                review++;
            } else {
                sure++;
                if (ok) sureRight++;
            }
            int b = Math.min(4, (int) (p * 5));
            bn[b]++;
            bp[b] += p;
            if (ok) br[b]++;
        }
        List<Band> bands = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            if (bn[b] > 0) bands.add(new Band(b / 5.0, (b + 1) / 5.0, bn[b], bp[b] / bn[b], (double) br[b] / bn[b]));
        }
        Map<String, Integer> sorted = new java.util.LinkedHashMap<>();
        confusions.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(x -> sorted.put(x.getKey(), x.getValue()));
        int n = set.size();
        return new Evaluation(n, n == 0 ? 0 : (double) right / n, n == 0 ? 0 : (double) right3 / n, n == 0 ? 0 : (double) review / n,
                sure == 0 ? Double.NaN : (double) sureRight / sure, sorted, bands, per);
    }

    /** The figures as text (for the benchmark command and logs; holds no complaint text). */
    public String report(String name) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s: n=%d top-1 %.3f top-3 %.3f review %.3f top-1 when confident %.3f%n",
                name, n, top1, top3, reviewShare, top1WhenConfident));
        s.append("  calibration (best probability band: n, mean p, accuracy):\n");
        for (Band b : calibration) {
            s.append(String.format(Locale.ROOT, "    %.1f-%.1f: %3d, %.3f, %.3f%n", b.from(), b.to(), b.n(), b.meanProbability(), b.accuracy()));
        }
        s.append("  per category (right/total):");
        perCategory.forEach((k, v) -> s.append(' ').append(k).append(' ').append(v[0]).append('/').append(v[1]));
        s.append("\n  confusions (true -> predicted: count):\n");
        confusions.forEach((k, v) -> s.append("    ").append(k).append(": ").append(v).append('\n'));
        return s.toString();
    }
}
