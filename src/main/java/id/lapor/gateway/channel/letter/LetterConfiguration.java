package id.lapor.gateway.channel.letter;

import id.lapor.gateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The letters channel's beans. The normaliser always exists (quarantine replay needs it); with the
 * channel enabled, start-up fails with what to install when Tesseract or one of its languages is
 * missing, instead of quietly reading every scan as a blank page.
 */
@Configuration(proxyBeanMethods = false)
public class LetterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LetterConfiguration.class);

    @Bean
    TesseractOcr letterTesseract(LetterProperties props, GatewayProperties gateway) {
        Path dir = gateway.dataDir().resolve("ocr-bin");
        try {
            TesseractOcr.writeLauncher(props.ocr().tesseract(), dir);
        } catch (IllegalStateException e) {
            if (props.enabled()) throw e;
            log.info("letters channel disabled and Tesseract not found: letters replayed from quarantine cannot be OCR'd");
        }
        TesseractOcr ocr = new TesseractOcr(dir, props.ocr().language(), props.ocr().secondsPerPage());
        if (props.enabled()) {
            List<String> have = ocr.installedLanguages();
            List<String> missing = Arrays.stream(props.ocr().language().split("\\+")).filter(l -> !have.contains(l)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Tesseract has no language data for " + missing + " (it has " + have
                        + "): run bin/setup, which installs tesseract-ocr-ind, or install tesseract-ocr-" + missing.get(0));
            }
            log.info("letters: {} with {} ({} OCR workers)", ocr.version(), props.ocr().language(), props.ocr().workers());
        }
        return ocr;
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService letterOcrPool(LetterProperties props) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(props.ocr().workers(), r -> {
            Thread t = new Thread(r, "letter-ocr-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Threads that read one letter each under {@code ocr.file-timeout}: unbounded, so a parser that
     * ignores the interrupt at its time limit keeps only its own thread, never the next letter's.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService letterReadPool() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "letter-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    LetterReader letterReader(LetterProperties props, TesseractOcr letterTesseract, ExecutorService letterOcrPool,
                              ExecutorService letterReadPool, id.lapor.gateway.ops.GatewayMetrics metrics) {
        ReadTimeLimit limit = new ReadTimeLimit(props.ocr().fileTimeout(), letterReadPool,
                () -> metrics.inputGivenUp(id.lapor.gateway.complaint.Channel.LETTER, "read-timeout"));
        return new LetterReader(props.limits(), props.ocr(), letterTesseract, letterOcrPool, limit);
    }

    @Bean
    LetterNormaliser letterNormaliser(LetterReader letterReader, LetterProperties props, GatewayProperties gateway) {
        return new LetterNormaliser(letterReader, props.ocr().lowConfidence(), gateway.zone());
    }

    /** The inbox's read lock ({@code exclusiveReadLockStrategy=#letterReadLock} in routes/letters.yaml). */
    @Bean
    LetterReadLock letterReadLock(LetterProperties props, java.time.Clock clock, id.lapor.gateway.ops.GatewayMetrics metrics) {
        return new LetterReadLock(props.inbox().settleTime(), props.inbox().settleTimeout(),
                new SettleWatch(props.inbox().giveUpAfter(), clock), metrics);
    }

    /** Gives up on a file whose intake fails at {@code inbox.max-attempts} polls in a row (route letter-inbox). */
    @Bean
    id.lapor.gateway.intake.RepeatedFailures letterRepeatedFailures(LetterProperties props, id.lapor.gateway.intake.ComplaintIntake intake,
                                                                    id.lapor.gateway.ops.GatewayMetrics metrics) {
        return new id.lapor.gateway.intake.RepeatedFailures(props.inbox().maxAttempts(), intake, metrics);
    }

    @Bean
    LetterInbox letterInbox(LetterProperties props) {
        return new LetterInbox(Path.of(props.inbox().dir()), props.instance(), props.enabled() && props.inbox().watch());
    }

    @Bean
    @ConditionalOnProperty(name = "channels.letters.enabled", havingValue = "true")
    HealthIndicator lettersHealthIndicator(LetterProperties props, TesseractOcr letterTesseract, LetterInbox inbox,
                                           org.springframework.beans.factory.ObjectProvider<org.apache.camel.CamelContext> camel) {
        return () -> {
            Path dir = Path.of(props.inbox().dir());
            boolean folderOk = !props.inbox().watch() || Files.isDirectory(dir) && Files.isWritable(dir);
            Health.Builder b = folderOk && letterTesseract.installed() ? Health.up() : Health.down();
            if (!letterTesseract.installed()) b.withDetail("error", "tesseract is not installed");
            else if (!folderOk) b.withDetail("error", "inbox folder is missing or not writable");
            // with several nodes only the holder of the cluster lock reads the folder (master: in routes/letters.yaml)
            org.apache.camel.Route route = camel.getObject().getRoute("letter-inbox");
            boolean reading = route != null && route.getConsumer() instanceof org.apache.camel.component.master.MasterConsumer m && m.isMaster();
            return b.withDetail("watching", props.inbox().watch())
                    .withDetail("readsFolderOnThisNode", reading)
                    .withDetail("waiting", inbox.waiting())
                    .withDetail("failed", inbox.failedCount())
                    .withDetail("ocrLanguage", props.ocr().language()).build();
        };
    }
}
