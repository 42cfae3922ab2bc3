package id.lapor.gateway.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Fits the model's {@link Calibration} and the review threshold by k-fold cross-validation over the
 * training corpus, never the held-out sets: each corpus line is scored by a model trained on the other
 * folds (plus the lexicon's phrases, which are always trained on and never scored), and the
 * temperature is fitted on those out-of-fold predictions.
 *
 * <p>Five trainings cost several seconds of CPU, too much to add to every start-up on a two-core
 * node, so the fit is done at build time and shipped as {@link #RESOURCE} (temperature, threshold,
 * the cross-validation figures and a fingerprint of what it was fitted on).
 * {@code CalibrationFitTest} fails when the shipped file no longer matches the corpus, lexicon,
 * spelling dictionary or settings, and rewrites it when run with {@code -Dclassifier.calibration.write=true}.
 */
public final class CalibrationFit {

    /** Classpath location of the shipped fit. */
    public static final String RESOURCE = "classifier/calibration.properties";
    /** Folds of the cross-validation. */
    public static final int FOLDS = 5;
    /**
     * Review where the cross-validated best guess is right less often than this ({@link Calibration#threshold}):
     * more often wrong than right. 0.8 was tried first, but cross-validated top-1 on the corpus is about
     * 0.77 overall and below 0.8 in every band under 0.7, so it sent a third or more of the corpus to
     * review (the table {@code ShippedCalibrationTest} prints); the calibrated probability itself says
     * how likely a disposed complaint is right.
     */
    public static final double REVIEW_ACCURACY = 0.5;

    private CalibrationFit() {}

    /**
     * A fit and what it was measured on.
     *
     * @param calibration  the fitted temperature
     * @param reviewBelow  suggested review threshold on the calibrated best probability
     * @param fingerprint  {@link #fingerprint} of the examples, features and settings it was fitted on
     * @param n            corpus lines scored out of fold
     * @param top1         cross-validated top-1 accuracy
     * @param logLossBefore mean log-loss of the right category, model's own probabilities
     * @param logLossAfter  the same, calibrated
     * @param eceBefore    expected calibration error (10 bins) of the best category, before
     * @param eceAfter     the same, calibrated
     * @param reviewShare  share of the corpus lines the threshold sends to review
     * @param predictions  the out-of-fold predictions (model's own probabilities) it was fitted on
     */
    public record Result(Calibration calibration, double reviewBelow, String fingerprint, int n, double top1,
                         double logLossBefore, double logLossAfter, double eceBefore, double eceAfter, double reviewShare,
                         List<Calibration.Prediction> predictions) {

        /**
         * The calibration table of the out-of-fold predictions (per 0.1 band of best probability: n, mean
         * probability, accuracy; before and after) and, per threshold, the share below it and the
         * accuracy of those below and of those above: what the threshold was chosen on.
         */
        public String table() {
            StringBuilder s = new StringBuilder();
            for (Calibration c : List.of(Calibration.IDENTITY, calibration)) {
                s.append(String.format(Locale.ROOT, "  T=%.3f  band: n, mean p, accuracy%n", c.temperature()));
                int[] bn = new int[10], br = new int[10];
                double[] bp = new double[10];
                for (Calibration.Prediction x : predictions) {
                    var r = c.apply(x.ranked());
                    double best = r.isEmpty() ? 0 : r.get(0).probability();
                    int b = Math.min(9, (int) (best * 10));
                    bn[b]++;
                    bp[b] += best;
                    if (!r.isEmpty() && r.get(0).code().equals(x.truth())) br[b]++;
                }
                for (int b = 0; b < 10; b++) {
                    if (bn[b] > 0) s.append(String.format(Locale.ROOT, "    %.1f-%.1f: %3d, %.3f, %.3f%n", b / 10.0, (b + 1) / 10.0, bn[b], bp[b] / bn[b], (double) br[b] / bn[b]));
                }
            }
            s.append("  calibrated threshold: share below, accuracy below, accuracy of the rest\n");
            for (int k = 1; k <= 19; k++) {
                double t = k / 20.0;
                int nb = 0, rb = 0, na = 0, ra = 0;
                for (Calibration.Prediction x : predictions) {
                    var r = calibration.apply(x.ranked());
                    boolean ok = !r.isEmpty() && r.get(0).code().equals(x.truth());
                    if ((r.isEmpty() ? 0 : r.get(0).probability()) < t) { nb++; if (ok) rb++; } else { na++; if (ok) ra++; }
                }
                s.append(String.format(Locale.ROOT, "    %.2f: %.3f, %.3f, %.3f%n", t, (double) nb / predictions.size(),
                        nb == 0 ? Double.NaN : (double) rb / nb, na == 0 ? Double.NaN : (double) ra / na));
            }
            return s.toString();
        }

        /** As properties text, the format of {@link #RESOURCE}. */
        public Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("temperature", fmt(calibration.temperature()));
            m.put("review-below", fmt(reviewBelow));
            m.put("fingerprint", fingerprint);
            m.put("cv.folds", String.valueOf(FOLDS));
            m.put("cv.n", String.valueOf(n));
            m.put("cv.top1", fmt(top1));
            m.put("cv.log-loss.before", fmt(logLossBefore));
            m.put("cv.log-loss.after", fmt(logLossAfter));
            m.put("cv.ece.before", fmt(eceBefore));
            m.put("cv.ece.after", fmt(eceAfter));
            m.put("cv.review-share", fmt(reviewShare));
            return m;
        }
    }

    /**
     * Out-of-fold predictions for every line of {@code corpus}: lines are dealt to {@code folds} folds
     * per category in file order (the i-th line of a category to fold i mod k), each fold scored by a
     * model trained on the others plus {@code alwaysTrain}.
     */
    public static List<Calibration.Prediction> crossValidate(List<LabelledText> corpus, List<LabelledText> alwaysTrain,
                                                             ComplaintFeatures features, CategoryModel.Settings settings, int folds) {
        int[] fold = new int[corpus.size()];
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < corpus.size(); i++) fold[i] = seen.merge(corpus.get(i).code(), 1, Integer::sum) % folds;
        List<Calibration.Prediction> out = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<LabelledText> train = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) if (fold[i] != f) train.add(corpus.get(i));
            train.addAll(alwaysTrain);
            CategoryModel m = CategoryModel.fresh(train, features, settings);
            for (int i = 0; i < corpus.size(); i++) {
                if (fold[i] == f) out.add(new Calibration.Prediction(corpus.get(i).code(), m.rank(corpus.get(i).text())));
            }
        }
        return out;
    }

    /** Cross-validates, fits the temperature and chooses the threshold. */
    public static Result fit(List<LabelledText> corpus, List<LabelledText> lexiconPhrases, ComplaintFeatures features,
                             CategoryModel.Settings settings) {
        List<Calibration.Prediction> p = crossValidate(corpus, lexiconPhrases, features, settings, FOLDS);
        Calibration c = Calibration.fit(p);
        double threshold = c.threshold(p, REVIEW_ACCURACY);
        long right = p.stream().filter(x -> !x.ranked().isEmpty() && x.ranked().get(0).code().equals(x.truth())).count();
        long review = p.stream().filter(x -> { var r = c.apply(x.ranked()); return r.isEmpty() || r.get(0).probability() < threshold; }).count();
        List<LabelledText> all = new ArrayList<>(corpus);
        all.addAll(lexiconPhrases);
        return new Result(c, threshold, fingerprint(all, features, settings), p.size(), (double) right / p.size(),
                Calibration.logLoss(p, Calibration.IDENTITY), Calibration.logLoss(p, c),
                Calibration.ece(p, Calibration.IDENTITY, 10), Calibration.ece(p, c, 10), (double) review / p.size(), p);
    }

    /** SHA-256 (hex) of the training examples in order, the spelling dictionary (sorted) and the settings (the lexicon's phrases are among the examples). */
    public static String fingerprint(List<LabelledText> examples, ComplaintFeatures features, CategoryModel.Settings settings) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (LabelledText e : examples) d.update((e.code() + '\t' + e.text() + '\n').getBytes(StandardCharsets.UTF_8));
            d.update(new TreeMap<>(features.normaliser().spellings()).toString().getBytes(StandardCharsets.UTF_8));
            d.update(settings.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped fit ({@link #RESOURCE}): temperature, review-below, fingerprint…; empty when the jar has none. */
    public static Map<String, String> shipped() {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = CalibrationFit.class.getResourceAsStream("/" + RESOURCE)) {
            if (in == null) return m;
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            for (String k : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) m.put(k, p.getProperty(k));
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
