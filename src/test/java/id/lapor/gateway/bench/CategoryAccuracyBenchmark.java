package id.lapor.gateway.bench;

import id.lapor.gateway.classify.Calibration;
import id.lapor.gateway.classify.CalibrationFit;
import id.lapor.gateway.classify.CategoryClassifier;
import id.lapor.gateway.classify.CategoryCorpus;
import id.lapor.gateway.classify.CategoryModel;
import id.lapor.gateway.classify.ClassifierConfiguration;
import id.lapor.gateway.classify.ClassifierProperties;
import id.lapor.gateway.classify.ComplaintFeatures;
import id.lapor.gateway.classify.TextNormaliser;
import id.lapor.gateway.classify.Evaluation;
import id.lapor.gateway.classify.LabelledText;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.OperatorFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Category accuracy on the held-out sets (issue #20): every {@code classifier/heldout*} folder in the
 * classpath ({@code heldout}, {@code heldout-2}, …) on its own and all together, for the trained model
 * (calibrated probabilities, {@link CalibrationFit}) and, on the same texts, the keyword lexicon it
 * replaced; top-1, top-3, share sent to review and top-1 of the rest, confusions, calibration bands and
 * ECE before and after calibration, review share per threshold, training time (the corpus before the
 * calibration round and now, same JVM) and cost per complaint against the lexicon's in the same run.
 * {@code ./mvnw -B -ntp -q -Pbenchmark test -Dtest=CategoryAccuracyBenchmark} prints the figures and
 * writes them to {@code target/benchmark-category.txt}.
 */
@Tag("benchmark")
class CategoryAccuracyBenchmark {

    /** The comment line that starts the lines added in the calibration round in each training file. */
    static final String ROUND_MARK = "# Added for the calibration round";

    @Test
    void heldOutAccuracy() throws Exception {
        Path config = Path.of("channel-config");
        CategoryLexicon lexicon = OperatorFiles.categories(config);
        ClassifierProperties props = new ClassifierProperties(null, null, null, null);
        StringBuilder out = new StringBuilder();
        long t0 = System.nanoTime();
        CategoryClassifier classifier = ClassifierConfiguration.shipped(config, lexicon, props, Clock.systemUTC());
        classifier.current(); // training runs on a thread of its own: wait for it
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        double reviewBelow = classifier.reviewBelow();
        List<String> codes = lexicon.entries().stream().map(CategoryLexicon.Entry::code).toList();
        List<LabelledText> training = CategoryCorpus.read(CategoryCorpus.TRAINING, codes);
        Map<String, List<LabelledText>> sets = new LinkedHashMap<>(CategoryCorpus.heldOutSets(codes));
        List<LabelledText> combined = new ArrayList<>();
        sets.values().forEach(combined::addAll);
        if (sets.size() > 1) sets.put("combined", combined);
        out.append(String.format(Locale.ROOT, "corpus: %d training lines + lexicon phrases = %d examples; held-out sets %s (%d lines); "
                        + "calibration T=%.3f, review below %.2f (calibrated)%n", training.size(), classifier.current().model().examples(),
                CategoryCorpus.heldOutSets(codes).entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size()).toList(), combined.size(),
                classifier.calibration().temperature(), reviewBelow));
        // training time, same JVM, not from the memo: the corpus before the calibration round, then all of it
        ComplaintFeatures features = new ComplaintFeatures(new TextNormaliser(OperatorFiles.spellings(config)), lexicon);
        List<LabelledText> phrases = new ArrayList<>();
        for (CategoryLexicon.Entry e : lexicon.entries()) for (String k : e.keywords()) phrases.add(new LabelledText(e.code(), k));
        List<LabelledText> before = new ArrayList<>(beforeRound(codes));
        before.addAll(phrases);
        List<LabelledText> all = new ArrayList<>(training);
        all.addAll(phrases);
        CategoryModel old = CategoryModel.fresh(before, features, props.settings());
        CategoryModel again = CategoryModel.fresh(all, features, props.settings());
        out.append(String.format(Locale.ROOT, "training: first %d ms (cold JVM, with corpus reading and held-out scoring), model alone %d ms; "
                        + "warm: corpus before the calibration round (%d examples) %d ms, now (%d examples) %d ms (ratio %.2f)%n",
                firstMs, classifier.current().model().trainMillis(), old.examples(), old.trainMillis(), again.examples(), again.trainMillis(),
                (double) again.trainMillis() / Math.max(1, old.trainMillis())));
        Function<String, List<CategoryModel.Scored>> lexiconRanker = t -> {
            var c = lexicon.classify(null, t);
            return List.of(new CategoryModel.Scored(c.code(), c.confidence()));
        };
        CategoryModel model = classifier.current().model();
        for (Map.Entry<String, List<LabelledText>> set : sets.entrySet()) {
            List<LabelledText> texts = set.getValue();
            out.append("\n=== ").append(set.getKey()).append(" (").append(texts.size()).append(" complaints, ")
                    .append(texts.stream().map(LabelledText::code).distinct().count()).append(" categories) ===\n");
            out.append(Evaluation.of(texts, classifier::rank, reviewBelow).report("model, calibrated (review below " + reviewBelow + ")"));
            List<Calibration.Prediction> raw = texts.stream().map(e -> new Calibration.Prediction(e.code(), model.rank(e.text()))).toList();
            out.append(String.format(Locale.ROOT, "  ECE (10 bins): model's own %.3f, calibrated %.3f; log-loss %.3f -> %.3f%n",
                    Calibration.ece(raw, Calibration.IDENTITY, 10), Calibration.ece(raw, classifier.calibration(), 10),
                    Calibration.logLoss(raw, Calibration.IDENTITY), Calibration.logLoss(raw, classifier.calibration())));
            out.append("  review share and top-1 of the rest per calibrated threshold:");
            for (double th : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
                Evaluation e = Evaluation.of(texts, classifier::rank, th);
                out.append(String.format(Locale.ROOT, " %.1f: %.3f/%.3f;", th, e.reviewShare(), e.top1WhenConfident()));
            }
            out.append('\n');
            out.append(Evaluation.of(texts, lexiconRanker, reviewBelow).report("lexicon (before #20; one answer, so top-3 = top-1)"));
        }
        // cost per complaint, model vs lexicon, same texts, same run (two rounds; the second is reported)
        double modelUs = 0, lexUs = 0;
        for (int round = 0; round < 2; round++) {
            long a = System.nanoTime();
            for (int i = 0; i < 20; i++) for (LabelledText e : combined) classifier.rank(e.text());
            long b = System.nanoTime();
            for (int i = 0; i < 20; i++) for (LabelledText e : combined) lexicon.classify(null, e.text());
            long c = System.nanoTime();
            modelUs = (b - a) / 1e3 / (20.0 * combined.size());
            lexUs = (c - b) / 1e3 / (20.0 * combined.size());
        }
        out.append(String.format(Locale.ROOT, "cost per complaint: model %.1f us, lexicon %.1f us (ratio %.1f)%n", modelUs, lexUs, modelUs / lexUs));
        System.out.print(out);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/benchmark-category.txt"), out.toString());
    }

    /** The training lines above {@link #ROUND_MARK} in each file: the corpus as it was before the calibration round. */
    static List<LabelledText> beforeRound(List<String> codes) throws Exception {
        List<LabelledText> out = new ArrayList<>();
        for (String code : codes) {
            try (var in = CategoryAccuracyBenchmark.class.getResourceAsStream("/" + CategoryCorpus.TRAINING + "/" + code + ".txt")) {
                if (in == null) continue;
                for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith(ROUND_MARK)) break;
                    String t = line.strip();
                    if (!t.isEmpty() && !t.startsWith("#")) out.add(new LabelledText(code, t));
                }
            }
        }
        return out;
    }
}
