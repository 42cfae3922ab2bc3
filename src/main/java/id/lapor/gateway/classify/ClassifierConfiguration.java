package id.lapor.gateway.classify;

import id.lapor.gateway.config.GatewayProperties;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.OperatorFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Wires the category model: trained at start-up from the corpus in the jar, then the accepted corrections. */
@Configuration(proxyBeanMethods = false)
public class ClassifierConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClassifierConfiguration.class);

    /**
     * The classifier for the categories and spelling dictionary of {@code configDir} (the jar's copies
     * when absent), trained on the shipped corpus; also used by tests and the accuracy benchmark.
     */
    public static CategoryClassifier shipped(Path configDir, CategoryLexicon lexicon, ClassifierProperties props, Clock clock) {
        ComplaintFeatures features = new ComplaintFeatures(new TextNormaliser(OperatorFiles.spellings(configDir)), lexicon);
        List<String> codes = lexicon.entries().stream().map(CategoryLexicon.Entry::code).toList();
        List<LabelledText> corpus = CategoryCorpus.read(CategoryCorpus.TRAINING, codes);
        Map<String, String> fit = CalibrationFit.shipped();
        Calibration calibration = fit.containsKey("temperature") ? new Calibration(Double.parseDouble(fit.get("temperature"))) : Calibration.IDENTITY;
        double reviewBelow = props.reviewBelow() != null ? props.reviewBelow()
                : Double.parseDouble(fit.getOrDefault("review-below", String.valueOf(DEFAULT_REVIEW_BELOW)));
        List<LabelledText> all = new ArrayList<>(corpus);
        for (CategoryLexicon.Entry e : lexicon.entries()) for (String k : e.keywords()) all.add(new LabelledText(e.code(), k));
        if (!CalibrationFit.fingerprint(all, features, props.settings()).equals(fit.get("fingerprint"))) {
            // an operator's own categories.yaml or spelling.yaml: the temperature still fits the model family
            // roughly (it is a property of how sharp maxent is on this much text), but was not fitted on this corpus
            log.warn("category calibration (temperature {}) was fitted on another corpus, lexicon, spelling dictionary or settings; "
                    + "probabilities are approximately calibrated", calibration.temperature());
        }
        return new CategoryClassifier(lexicon, features, corpus, CategoryCorpus.allHeldOut(codes), props.settings(),
                calibration, reviewBelow, clock.instant());
    }

    /** Review threshold when neither the configuration nor the shipped calibration gives one (the pre-calibration default). */
    static final double DEFAULT_REVIEW_BELOW = 0.3;

    @Bean
    CategoryClassifier categoryClassifier(GatewayProperties gateway, CategoryLexicon lexicon, ClassifierProperties props, Clock clock) {
        return shipped(gateway.configDir(), lexicon, props, clock);
    }

    @Bean
    ClassifierStore classifierStore(NamedParameterJdbcTemplate jdbc) {
        return new ClassifierStore(jdbc);
    }

    @Bean
    ClassifierTraining classifierTraining(CategoryClassifier classifier, ClassifierStore store, Clock clock) {
        return new ClassifierTraining(classifier, store, clock);
    }

    /** Once the store is migrated: the corrections an accepted retrain had learnt are learnt again. */
    @EventListener(ApplicationReadyEvent.class)
    public void restore(ApplicationReadyEvent e) {
        CategoryClassifier.Current m = e.getApplicationContext().getBean(CategoryClassifier.class).current();
        log.info("category model trained in {} ms from {} examples; held-out top-1 {}", m.model().trainMillis(),
                m.model().examples(), String.format(java.util.Locale.ROOT, "%.3f", m.heldOut().top1()));
        e.getApplicationContext().getBean(ClassifierTraining.class).restoreAccepted();
    }
}
