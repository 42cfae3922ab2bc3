package id.lapor.gateway.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * Temperature scaling of the category model's probabilities (Guo et al., "On Calibration of Modern
 * Neural Networks", 2017): {@code q_i = p_i^(1/T) / Σ_j p_j^(1/T)}, which is {@code softmax(z_i / T)}
 * for the maxent model's scores {@code z}. One parameter, the ranking is unchanged (so top-1 and top-3
 * are unchanged); {@code T < 1} sharpens an under-confident model, {@code T > 1} softens an
 * over-confident one.
 *
 * <p>Own code rather than a library: the fit is a one-dimensional minimisation of a smooth
 * function (golden-section search over {@code ln T}) and the measures are a few sums; the libraries
 * that offer calibration (Smile's isotonic regression / Platt scaling) are not dependencies of the
 * gateway and would add a large jar for twenty lines.
 *
 * @param temperature {@code T > 0}; 1 leaves the probabilities as they are
 */
public record Calibration(double temperature) {

    /** No calibration: the model's own probabilities. */
    public static final Calibration IDENTITY = new Calibration(1.0);

    public Calibration {
        if (!(temperature > 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("temperature must be > 0: " + temperature);
    }

    /** One prediction for fitting and measuring: the model's ranked categories and the right code. */
    public record Prediction(String truth, List<CategoryModel.Scored> ranked) {}

    /** {@code ranked} with calibrated probabilities (same order, summing to 1); empty stays empty. */
    public List<CategoryModel.Scored> apply(List<CategoryModel.Scored> ranked) {
        if (temperature == 1.0 || ranked.isEmpty()) return ranked;
        double inv = 1.0 / temperature;
        double max = Double.NEGATIVE_INFINITY;
        double[] logs = new double[ranked.size()];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = Math.log(Math.max(ranked.get(i).probability(), 1e-300)) * inv;
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        for (int i = 0; i < logs.length; i++) {
            logs[i] = Math.exp(logs[i] - max);
            sum += logs[i];
        }
        List<CategoryModel.Scored> out = new ArrayList<>(logs.length);
        for (int i = 0; i < logs.length; i++) out.add(new CategoryModel.Scored(ranked.get(i).code(), logs[i] / sum));
        return out;
    }

    /**
     * The temperature with the least mean log-loss of the right category on {@code predictions}
     * (golden-section search of {@code ln T} over [ln 0.05, ln 20], to 1e-4 in {@code ln T}, then
     * rounded to 3 decimals so the shipped figure is stable); 1 when there is nothing to fit.
     * Deterministic.
     */
    public static Calibration fit(List<Prediction> predictions) {
        if (predictions.isEmpty()) return IDENTITY;
        double a = Math.log(0.05), b = Math.log(20), g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a), d = a + g * (b - a);
        double fc = logLoss(predictions, new Calibration(Math.exp(c))), fd = logLoss(predictions, new Calibration(Math.exp(d)));
        while (b - a > 1e-4) {
            if (fc <= fd) {
                b = d; d = c; fd = fc;
                c = b - g * (b - a);
                fc = logLoss(predictions, new Calibration(Math.exp(c)));
            } else {
                a = c; c = d; fc = fd;
                d = a + g * (b - a);
                fd = logLoss(predictions, new Calibration(Math.exp(d)));
            }
        }
        return new Calibration(Math.round(Math.exp((a + b) / 2) * 1000) / 1000.0);
    }

    /** Mean negative natural log of the calibrated probability of the right category (a category missing from the ranking counts as 1e-12). */
    public static double logLoss(List<Prediction> predictions, Calibration calibration) {
        double s = 0;
        for (Prediction p : predictions) {
            double q = 1e-12;
            for (CategoryModel.Scored x : calibration.apply(p.ranked())) {
                if (x.code().equals(p.truth())) q = Math.max(x.probability(), 1e-12);
            }
            s -= Math.log(q);
        }
        return predictions.isEmpty() ? 0 : s / predictions.size();
    }

    /**
     * Expected calibration error of the best category: predictions binned by calibrated best
     * probability into {@code bins} equal-width bins; the mean over bins of |accuracy − mean
     * probability|, weighted by the bin's share. 0 is perfectly calibrated.
     */
    public static double ece(List<Prediction> predictions, Calibration calibration, int bins) {
        int[] n = new int[bins];
        double[] p = new double[bins], right = new double[bins];
        for (Prediction x : predictions) {
            List<CategoryModel.Scored> r = calibration.apply(x.ranked());
            double best = r.isEmpty() ? 0 : r.get(0).probability();
            int b = Math.min(bins - 1, (int) (best * bins));
            n[b]++;
            p[b] += best;
            if (!r.isEmpty() && r.get(0).code().equals(x.truth())) right[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) if (n[b] > 0) e += Math.abs(right[b] - p[b]) / predictions.size();
        return predictions.isEmpty() ? 0 : e;
    }

    /**
     * The review threshold this calibration suggests on {@code predictions}: the highest multiple of 0.05
     * (up to 0.95) just under which, in a window 0.1 wide of calibrated best probability holding at
     * least {@link #MIN_WINDOW} predictions, the best category is right less often than {@code accuracy}.
     * With {@code accuracy} 0.5: below the threshold the model's best guess is more often wrong than
     * right. 0 when no window qualifies.
     */
    public double threshold(List<Prediction> predictions, double accuracy) {
        int[] n = new int[20], ok = new int[20];
        for (Prediction x : predictions) {
            List<CategoryModel.Scored> r = apply(x.ranked());
            double best = r.isEmpty() ? 0 : r.get(0).probability();
            int b = Math.min(19, (int) Math.floor(best * 20));
            n[b]++;
            if (!r.isEmpty() && r.get(0).code().equals(x.truth())) ok[b]++;
        }
        int chosen = 0;
        for (int k = 1; k <= 19; k++) {
            int wn = n[k - 1] + (k >= 2 ? n[k - 2] : 0), wok = ok[k - 1] + (k >= 2 ? ok[k - 2] : 0);
            if (wn >= MIN_WINDOW && (double) wok / wn < accuracy) chosen = k;
        }
        return chosen / 20.0;
    }

    /** Fewest predictions in a window for {@link #threshold} to judge it. */
    public static final int MIN_WINDOW = 5;
}
