package id.lapor.gateway.classify;

import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.OperatorFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped calibration ({@link CalibrationFit#RESOURCE}) is the fit of the shipped corpus, lexicon,
 * spelling dictionary and settings: five-fold cross-validation over the training lines only. After
 * changing any of them, run this test with {@code -Dclassifier.calibration.write=true} to refit and
 * rewrite the file (then commit it). Prints the cross-validation figures and the training times.
 */
class ShippedCalibrationTest {

    static final Path FILE = Path.of("src/main/resources", CalibrationFit.RESOURCE);

    @Test
    void theShippedCalibrationIsTheCrossValidatedFitOfTheShippedCorpus() throws Exception {
        Path config = Path.of("channel-config");
        CategoryLexicon lexicon = OperatorFiles.categories(config);
        ComplaintFeatures features = new ComplaintFeatures(new TextNormaliser(OperatorFiles.spellings(config)), lexicon);
        List<String> codes = lexicon.entries().stream().map(CategoryLexicon.Entry::code).toList();
        List<LabelledText> corpus = CategoryCorpus.read(CategoryCorpus.TRAINING, codes);
        List<LabelledText> phrases = new ArrayList<>();
        for (CategoryLexicon.Entry e : lexicon.entries()) for (String k : e.keywords()) phrases.add(new LabelledText(e.code(), k));
        CategoryModel.Settings settings = new ClassifierProperties(null, null, null, null).settings();
        long t0 = System.nanoTime();
        List<LabelledText> all = new ArrayList<>(corpus);
        all.addAll(phrases);
        CategoryModel full = CategoryModel.fresh(all, features, settings);
        long t1 = System.nanoTime();
        CalibrationFit.Result fit = CalibrationFit.fit(corpus, phrases, features, settings);
        long t2 = System.nanoTime();
        System.out.printf("full model: %d examples, trained in %d ms; %d-fold cross-validation (5 trainings + scoring) %d ms%n",
                full.examples(), (t1 - t0) / 1_000_000, CalibrationFit.FOLDS, (t2 - t1) / 1_000_000);
        System.out.println("cross-validated fit: " + fit.asMap());
        System.out.print(fit.table());
        if (Boolean.getBoolean("classifier.calibration.write")) {
            StringBuilder s = new StringBuilder("# Category model calibration, fitted by ShippedCalibrationTest (-Dclassifier.calibration.write=true)\n"
                    + "# by 5-fold cross-validation over classifier/training only (never the held-out sets). Do not edit by hand.\n");
            fit.asMap().forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
            Files.writeString(FILE, s.toString(), StandardCharsets.UTF_8);
        }
        Map<String, String> shipped = CalibrationFit.shipped();
        assertThat(Files.readString(FILE)).as("run with -Dclassifier.calibration.write=true to refit")
                .contains("fingerprint=" + fit.fingerprint()).contains("temperature=" + fit.asMap().get("temperature"))
                .contains("review-below=" + fit.asMap().get("review-below"));
        if (!Boolean.getBoolean("classifier.calibration.write")) {
            // the copy in the classpath is the same (not a stale build)
            assertThat(shipped).containsEntry("fingerprint", fit.fingerprint()).containsEntry("temperature", fit.asMap().get("temperature"));
        }
        // the fit does what it is for on this corpus: sharper and better calibrated out of fold
        assertThat(fit.calibration().temperature()).isLessThan(1.0);
        assertThat(fit.logLossAfter()).isLessThan(fit.logLossBefore());
        assertThat(fit.eceAfter()).isLessThan(fit.eceBefore());
        assertThat(fit.reviewBelow()).isBetween(0.05, 0.95);
    }
}
