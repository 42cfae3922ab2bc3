package id.lapor.gateway.classify;

import id.lapor.gateway.intake.CategoryLexicon;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Temperature scaling fitted by cross-validation, never on held-out text (issue #20, "calibrated confidence"). */
class CalibrationTest {

    static CategoryModel.Scored s(String code, double p) {
        return new CategoryModel.Scored(code, p);
    }

    /** A known under-confident set: best probability 0.5 (or 0.4), right 9 times in 10. */
    static List<Calibration.Prediction> underConfident() {
        List<Calibration.Prediction> p = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            p.add(new Calibration.Prediction(i < 9 ? "A" : "B", List.of(s("A", 0.5), s("B", 0.3), s("C", 0.2))));
            p.add(new Calibration.Prediction(i < 9 ? "C" : "A", List.of(s("C", 0.4), s("A", 0.35), s("B", 0.25))));
        }
        return p;
    }

    @Test
    void applyingSharpensWithoutChangingTheOrderAndSumsToOne() {
        List<CategoryModel.Scored> raw = List.of(s("A", 0.5), s("B", 0.3), s("C", 0.2));
        List<CategoryModel.Scored> q = new Calibration(0.5).apply(raw);
        // T = 0.5 squares: 0.25, 0.09, 0.04 over 0.38
        assertThat(q).extracting(CategoryModel.Scored::code).containsExactly("A", "B", "C");
        assertThat(q.get(0).probability()).isCloseTo(0.25 / 0.38, within(1e-12));
        assertThat(q.get(2).probability()).isCloseTo(0.04 / 0.38, within(1e-12));
        assertThat(q.stream().mapToDouble(CategoryModel.Scored::probability).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(Calibration.IDENTITY.apply(raw)).isSameAs(raw);
        assertThat(new Calibration(2.0).apply(raw).get(0).probability()).isLessThan(0.5);
        assertThatThrownBy(() -> new Calibration(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fittingAnUnderConfidentSetSharpensItAndLowersLogLossAndEce() {
        List<Calibration.Prediction> p = underConfident();
        Calibration c = Calibration.fit(p);
        assertThat(c.temperature()).isLessThan(1.0);
        assertThat(Calibration.fit(p)).isEqualTo(c); // deterministic
        double before = Calibration.logLoss(p, Calibration.IDENTITY), after = Calibration.logLoss(p, c);
        assertThat(after).isLessThan(before - 0.1);
        assertThat(Calibration.ece(p, c, 10)).isLessThan(Calibration.ece(p, Calibration.IDENTITY, 10) - 0.2);
        // the minimum: a little warmer or cooler is worse
        assertThat(Calibration.logLoss(p, new Calibration(c.temperature() * 1.2))).isGreaterThan(after);
        assertThat(Calibration.logLoss(p, new Calibration(c.temperature() / 1.2))).isGreaterThan(after);
        // and an over-confident set gets T > 1
        List<Calibration.Prediction> over = new ArrayList<>();
        for (int i = 0; i < 10; i++) over.add(new Calibration.Prediction(i < 6 ? "A" : "B", List.of(s("A", 0.98), s("B", 0.02))));
        assertThat(Calibration.fit(over).temperature()).isGreaterThan(1.0);
        assertThat(Calibration.fit(List.of())).isEqualTo(Calibration.IDENTITY);
    }

    @Test
    void theThresholdIsTheHighestWhoseWindowBelowIsRightLessOftenThanAsked() {
        List<Calibration.Prediction> p = new ArrayList<>();
        // 10 at 0.32 right 4 times; 10 at 0.62 right 5 times; 10 at 0.92 right 10 times
        for (int i = 0; i < 10; i++) {
            p.add(new Calibration.Prediction(i < 4 ? "A" : "B", List.of(s("A", 0.32), s("B", 0.3), s("C", 0.38 - 0.3))));
            p.add(new Calibration.Prediction(i < 5 ? "A" : "B", List.of(s("A", 0.62), s("B", 0.38))));
            p.add(new Calibration.Prediction("A", List.of(s("A", 0.92), s("B", 0.08))));
        }
        // windows [0.25,0.35) and [0.3,0.4) hold the 0.32s (0.4 right); the 0.62s are right half the time, not less
        assertThat(Calibration.IDENTITY.threshold(p, 0.5)).isEqualTo(0.4);
        assertThat(Calibration.IDENTITY.threshold(p, 0.6)).isEqualTo(0.7);
        assertThat(Calibration.IDENTITY.threshold(p, 0.3)).isEqualTo(0.0);
        // a window with fewer than five predictions is not judged
        List<Calibration.Prediction> wrong = new ArrayList<>();
        for (int i = 0; i < 5; i++) wrong.add(new Calibration.Prediction("B", List.of(s("A", 0.32), s("B", 0.3), s("C", 0.08))));
        assertThat(Calibration.IDENTITY.threshold(wrong.subList(0, 4), 0.5)).isEqualTo(0.0);
        assertThat(Calibration.IDENTITY.threshold(wrong, 0.5)).isEqualTo(0.4);
    }

    @Test
    void crossValidationOnASmallFixedCorpusScoresEveryLineOutOfFoldAndCalibrationHelps() {
        List<LabelledText> phrases = new ArrayList<>();
        for (CategoryLexicon.Entry e : CategoryClassifierTest.LEXICON.entries()) for (String k : e.keywords()) phrases.add(new LabelledText(e.code(), k));
        CategoryModel.Settings settings = new CategoryModel.Settings(100, 1);
        List<Calibration.Prediction> p = CalibrationFit.crossValidate(CategoryClassifierTest.CORPUS, phrases,
                CategoryClassifierTest.features(), settings, 2);
        assertThat(p).hasSize(CategoryClassifierTest.CORPUS.size());
        assertThat(p).extracting(Calibration.Prediction::truth)
                .containsExactlyInAnyOrderElementsOf(CategoryClassifierTest.CORPUS.stream().map(LabelledText::code).toList());
        // the same folds, the same models: the same predictions
        assertThat(CalibrationFit.crossValidate(CategoryClassifierTest.CORPUS, phrases, CategoryClassifierTest.features(), settings, 2))
                .isEqualTo(p);
        Calibration c = Calibration.fit(p);
        assertThat(Calibration.logLoss(p, c)).isLessThan(Calibration.logLoss(p, Calibration.IDENTITY));
        // the fingerprint follows the examples and settings
        String f = CalibrationFit.fingerprint(CategoryClassifierTest.CORPUS, CategoryClassifierTest.features(), settings);
        assertThat(CalibrationFit.fingerprint(CategoryClassifierTest.CORPUS, CategoryClassifierTest.features(), settings)).isEqualTo(f);
        assertThat(CalibrationFit.fingerprint(CategoryClassifierTest.CORPUS, CategoryClassifierTest.features(), new CategoryModel.Settings(101, 1)))
                .isNotEqualTo(f);
        assertThat(CalibrationFit.fingerprint(CategoryClassifierTest.CORPUS.subList(1, 14), CategoryClassifierTest.features(), settings))
                .isNotEqualTo(f);
    }

    @Test
    void aCalibratedClassifierComparesTheCalibratedProbabilityWithTheThreshold() {
        CategoryClassifier raw = CategoryClassifierTest.classifier(0.5);
        CategoryClassifier sharp = new CategoryClassifier(CategoryClassifierTest.LEXICON, CategoryClassifierTest.features(),
                CategoryClassifierTest.CORPUS, CategoryClassifierTest.HELD_OUT, new CategoryModel.Settings(100, 1), new Calibration(0.25), 0.5,
                CategoryClassifierTest.T0);
        String text = "jalan di depan rumah berlubang";
        double p = raw.rank(text).get(0).probability();
        double q = sharp.rank(text).get(0).probability();
        assertThat(q).isGreaterThan(p);
        assertThat(sharp.rank(text)).extracting(CategoryModel.Scored::code).isEqualTo(raw.rank(text).stream().map(CategoryModel.Scored::code).toList());
        assertThat(sharp.suggest(null, text).category().confidence()).isEqualTo(Math.round(q * 1000) / 1000.0);
        assertThat(sharp.suggest(null, text).confident()).isEqualTo(q >= 0.5);
        // the held-out figures are measured on the calibrated probabilities (same ranking, so the same accuracy)
        assertThat(sharp.current().heldOut().top1()).isEqualTo(raw.current().heldOut().top1());
    }
}
