package id.lapor.gateway.classify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;

/**
 * Retrains the category model from the admins' corrections: on command (console button, ADMIN) and
 * on a schedule ({@code routes/classifier.yaml}, only when corrections arrived since the last try).
 * Every try is logged in {@code classifier_training}; the console audits who asked.
 */
public class ClassifierTraining {

    private static final Logger log = LoggerFactory.getLogger(ClassifierTraining.class);

    private final CategoryClassifier classifier;
    private final ClassifierStore store;
    private final Clock clock;

    public ClassifierTraining(CategoryClassifier classifier, ClassifierStore store, Clock clock) {
        this.classifier = classifier;
        this.store = store;
        this.clock = clock;
    }

    /** Retrains from every correction stored so far; the candidate is used only when it does not score worse on the held-out sets (all {@code classifier/heldout*} together). */
    public CategoryClassifier.Retrain retrain(String user) {
        long upTo = store.lastExampleId();
        CategoryClassifier.Retrain r = classifier.retrain(store.examples(upTo), upTo, clock.instant());
        store.logTraining(r, user, clock.instant());
        log.info("category model retrain by {}: {} corrections, held-out top-1 {} -> {}, {} ({} ms)", user, r.corrections(),
                fmt(r.before().top1()), fmt(r.after().top1()), r.accepted() ? "accepted" : "refused", r.trainMillis());
        return r;
    }

    /** The schedule's tick: retrains when corrections arrived after the newest retrain's; returns whether it tried. */
    public boolean retrainIfNew() {
        long last = store.lastExampleId();
        long tried = store.trainings(1).stream().mapToLong(ClassifierStore.Training::examplesUpTo).findFirst().orElse(0);
        if (last <= tried) return false;
        retrain("jadwal");
        return true;
    }

    /** At start-up: learns again the corrections the newest accepted retrain had taken (training is deterministic). */
    public void restoreAccepted() {
        long upTo = store.acceptedUpTo();
        if (upTo == 0) return;
        CategoryClassifier.Retrain r = classifier.retrain(store.examples(upTo), upTo, clock.instant());
        log.info("category model restored with {} corrections: held-out top-1 {} ({})", r.corrections(), fmt(r.after().top1()),
                r.accepted() ? "in use" : "refused, the corpus model stays");
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
