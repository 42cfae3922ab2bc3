package id.lapor.gateway.classify;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.CategorySuggester;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's category suggester: a {@link CategoryModel} trained from the repository's corpus
 * ({@link CategoryCorpus#TRAINING}), the lexicon's phrases (each a one-line example of its category)
 * and the admins' corrections a retrain has accepted. Below {@code reviewBelow} the suggestion is not
 * confident ({@link CategorySuggester.Suggestion#confident()}).
 *
 * <p>{@link #retrain} trains a candidate with more examples, measures it and the model in use on the
 * held-out sets ({@link CategoryCorpus#allHeldOut}: {@code heldout}, {@code heldout-2}… together) and takes it only when its top-1 accuracy is not
 * lower ({@link #better}); the model in use is swapped atomically, so suggestions never see half a model.
 */
public final class CategoryClassifier implements CategorySuggester {

    /** The model in use, its held-out figures, the highest correction id it learnt from (0: none) and when it was trained. */
    public record Current(CategoryModel model, Evaluation heldOut, long correctionsUpTo, int corrections, Instant trainedAt) {}

    /** What a retrain did: {@code accepted} when the candidate is now in use. */
    public record Retrain(boolean accepted, Evaluation before, Evaluation after, int corrections, long correctionsUpTo, long trainMillis) {}

    private final CategoryLexicon lexicon;
    private final ComplaintFeatures features;
    private final List<LabelledText> base;
    private final List<LabelledText> heldOut;
    private final CategoryModel.Settings settings;
    private final double reviewBelow;
    private final Calibration calibration;
    private final AtomicReference<Current> current = new AtomicReference<>();
    private final CompletableFuture<Current> first;

    /**
     * Starts training the first model from {@code base} (corpus lines) plus the lexicon's phrases, on a
     * daemon thread of its own, and returns at once; {@link #current()} (and so every suggestion) waits
     * for it the first time.
     *
     * @param heldOut     the set retrains are measured on (never trained on)
     * @param reviewBelow best probability under which a suggestion is not confident, 0..1
     */
    public CategoryClassifier(CategoryLexicon lexicon, ComplaintFeatures features, List<LabelledText> base,
                              List<LabelledText> heldOut, CategoryModel.Settings settings, double reviewBelow, Instant now) {
        this(lexicon, features, base, heldOut, settings, Calibration.IDENTITY, reviewBelow, now);
    }

    /**
     * As above, with the model's probabilities passed through {@code calibration} before they are
     * ranked, compared with {@code reviewBelow}, shown or measured ({@link CalibrationFit}); the same
     * calibration applies to retrained models (fitted on the corpus, it is not refitted per retrain).
     *
     * @param reviewBelow calibrated best probability under which a suggestion is not confident, 0..1
     */
    public CategoryClassifier(CategoryLexicon lexicon, ComplaintFeatures features, List<LabelledText> base,
                              List<LabelledText> heldOut, CategoryModel.Settings settings, Calibration calibration,
                              double reviewBelow, Instant now) {
        this.calibration = Objects.requireNonNull(calibration);
        this.lexicon = Objects.requireNonNull(lexicon);
        this.features = Objects.requireNonNull(features);
        this.heldOut = List.copyOf(heldOut);
        this.settings = settings;
        this.reviewBelow = reviewBelow;
        List<LabelledText> all = new ArrayList<>(base);
        for (CategoryLexicon.Entry e : lexicon.entries()) {
            for (String k : e.keywords()) all.add(new LabelledText(e.code(), k));
        }
        this.base = List.copyOf(all);
        // trained beside the rest of start-up (about a second, docs/BENCHMARKS.md); the first suggestion waits for it
        this.first = CompletableFuture.supplyAsync(() -> {
            CategoryModel m = CategoryModel.train(this.base, features, settings);
            Current c = new Current(m, evaluate(m), 0, 0, now);
            current.compareAndSet(null, c);
            return c;
        }, r -> {
            Thread t = new Thread(r, "category-model-training");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The model in use (waits for the first training when it has not finished yet). */
    public Current current() {
        Current c = current.get();
        if (c != null) return c;
        first.join();
        return current.get();
    }

    public double reviewBelow() {
        return reviewBelow;
    }

    /** The calibration applied to every model's probabilities. */
    public Calibration calibration() {
        return calibration;
    }

    /** The held-out set retrains are measured on. */
    public List<LabelledText> heldOut() {
        return heldOut;
    }

    /** {@code model} on the held-out set. */
    public Evaluation evaluate(CategoryModel model) {
        return Evaluation.of(heldOut, t -> calibration.apply(model.rank(t)), reviewBelow);
    }

    /** Categories for a text, most probable first, calibrated probabilities (the model in use). */
    public List<CategoryModel.Scored> rank(String text) {
        return calibration.apply(current().model().rank(text));
    }

    @Override
    public Suggestion suggest(String title, String content) {
        String text = (title == null ? "" : title) + "\n" + (content == null ? "" : content);
        List<CategoryModel.Scored> ranked = rank(text);
        if (ranked.isEmpty()) {
            Complaint.Category none = lexicon.category(lexicon.entries().get(0).code(), 0.0);
            return new Suggestion(none, List.of(none), false);
        }
        List<Complaint.Category> top = new ArrayList<>();
        for (CategoryModel.Scored s : ranked.subList(0, Math.min(3, ranked.size()))) {
            top.add(lexicon.category(s.code(), Math.round(s.probability() * 1000) / 1000.0));
        }
        return new Suggestion(top.get(0), top, ranked.get(0).probability() >= reviewBelow);
    }

    /**
     * Trains a candidate from the corpus, the lexicon and {@code corrections} (all of them, oldest
     * first), measures it against the model in use on the held-out set and uses it only when
     * {@link #better}. Corrections with a category code the lexicon does not know are skipped.
     *
     * @param correctionsUpTo the highest correction id among {@code corrections} (recorded with the model)
     */
    public synchronized Retrain retrain(List<LabelledText> corrections, long correctionsUpTo, Instant now) {
        Current before = current();
        List<LabelledText> all = new ArrayList<>(base);
        int used = 0;
        for (LabelledText c : corrections) {
            if (lexicon.entries().stream().anyMatch(e -> e.code().equals(c.code()))) {
                all.add(c);
                used++;
            }
        }
        CategoryModel candidate = CategoryModel.train(all, features, settings);
        Evaluation after = evaluate(candidate);
        boolean accepted = better(before.heldOut(), after);
        if (accepted) current.set(new Current(candidate, after, correctionsUpTo, used, now));
        return new Retrain(accepted, before.heldOut(), after, used, correctionsUpTo, candidate.trainMillis());
    }

    /**
     * The rule for taking a retrained model: its held-out top-1 accuracy is at least the old one's
     * (a tie is taken: the same accuracy with the admins' examples learnt), and its top-3 accuracy did
     * not drop by more than one held-out example.
     */
    public static boolean better(Evaluation old, Evaluation candidate) {
        double oneExample = candidate.n() == 0 ? 0 : 1.0 / candidate.n();
        return candidate.top1() >= old.top1() - 1e-9 && candidate.top3() >= old.top3() - oneExample - 1e-9;
    }
}
