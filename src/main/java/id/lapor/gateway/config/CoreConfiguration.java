package id.lapor.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.forward.LaporBackoff;
import id.lapor.gateway.forward.LaporBreaker;
import id.lapor.gateway.forward.LaporClient;
import id.lapor.gateway.forward.LaporProperties;
import id.lapor.gateway.forward.LaporRequestMapper;
import id.lapor.gateway.forward.LaporStatusMapping;
import id.lapor.gateway.forward.OutboxForwarder;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.forward.StatusSync;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.ChannelNormaliser;
import id.lapor.gateway.intake.ChannelReplayer;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.DispositionRules;
import id.lapor.gateway.intake.IntakeDispatcher;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.OperatorFiles;
import id.lapor.gateway.intake.QuarantineReplay;
import id.lapor.gateway.intake.QuarantineStore;
import id.lapor.gateway.intake.ReviewHold;
import id.lapor.gateway.ops.GatewayMetrics;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.ReplyLoop;
import id.lapor.gateway.reply.StatusUpdateDecision;
import id.lapor.gateway.reply.StatusUpdateProperties;
import id.lapor.gateway.reply.StatusUpdateTexts;
import id.lapor.gateway.reply.StatusUpdates;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Wires the plain-Java core (intake, ledger, forwarder) as Spring beans; routes refer to them by name. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

    /** Tomcat's error page for requests it refuses itself: problem+json for the API ({@link ProblemErrorReportValve}). */
    @Bean
    org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }


    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CanonicalJson canonicalJson() {
        return new CanonicalJson();
    }

    @Bean
    CategoryLexicon categoryLexicon(GatewayProperties props) {
        return OperatorFiles.categories(props.configDir());
    }

    @Bean
    DispositionRules dispositionRules(GatewayProperties props) {
        return OperatorFiles.dispositions(props.configDir());
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager tm) {
        return new TransactionTemplate(tm);
    }

    @Bean
    GatewayMetrics gatewayMetrics(MeterRegistry registry, Clock clock) {
        return new GatewayMetrics(registry, clock);
    }

    @Bean
    Ledger ledger(NamedParameterJdbcTemplate jdbc, CanonicalJson json, org.springframework.core.env.Environment env,
                  ReviewHold reviewHold) {
        return new Ledger(jdbc, json, acknowledgedChannels(env), reviewHold);
    }

    /** How long a complaint marked for category review waits for an admin before it is forwarded ({@code lapor.forward.review-hold}). */
    @Bean
    ReviewHold reviewHold(LaporProperties lapor) {
        return new ReviewHold(lapor.forward().reviewHold());
    }

    /** Channels enabled with {@code channels.<channel>.replies.enabled}: their citizens are told their ticket. */
    static java.util.Set<id.lapor.gateway.complaint.Channel> acknowledgedChannels(org.springframework.core.env.Environment env) {
        java.util.Set<id.lapor.gateway.complaint.Channel> set = java.util.EnumSet.noneOf(id.lapor.gateway.complaint.Channel.class);
        for (id.lapor.gateway.complaint.Channel c : id.lapor.gateway.complaint.Channel.values()) {
            String prefix = "channels." + c.key();
            if (env.getProperty(prefix + ".enabled", Boolean.class, false)
                    && env.getProperty(prefix + ".replies.enabled", Boolean.class, false)) set.add(c);
        }
        return set;
    }

    @Bean
    QuarantineStore quarantineStore(NamedParameterJdbcTemplate jdbc, AttachmentStore blobs) {
        return new QuarantineStore(jdbc, blobs);
    }

    @Bean
    ComplaintIntake complaintIntake(Ledger ledger, QuarantineStore quarantine, AttachmentStore blobs, CategoryLexicon categories,
                                    id.lapor.gateway.classify.CategoryClassifier classifier,
                                    DispositionRules dispositions, CanonicalJson json, TransactionTemplate tx,
                                    GatewayMetrics metrics, GatewayProperties props, Clock clock) {
        return new ComplaintIntake(ledger, quarantine, blobs, categories, classifier, dispositions, json, tx, metrics,
                new ComplaintIntake.Policy(props.contentDedupWindow(), props.sla().followUp(), props.intakeWriters(), props.intakeBatchMax()), clock);
    }

    @Bean
    IntakeDispatcher intakeDispatcher(ComplaintIntake intake, List<ChannelNormaliser<?>> normalisers) {
        return new IntakeDispatcher(intake, normalisers);
    }

    @Bean
    QuarantineReplay quarantineReplay(QuarantineStore store, ComplaintIntake intake, List<ChannelReplayer> replayers,
                                      TransactionTemplate tx, Clock clock) {
        return new QuarantineReplay(store, intake, replayers, tx, clock);
    }

    @Bean
    OutboxRepository outboxRepository(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx) {
        return new OutboxRepository(jdbc, tx);
    }

    @Bean
    LaporClient laporClient(LaporProperties lapor, Clock clock) {
        return new LaporClient(lapor.baseUrl(), lapor.bearer(), lapor.token(), lapor.connectTimeout(), lapor.requestTimeout(),
                new ObjectMapper(), clock);
    }

    /** Resilience4j's breaker for LAPOR!, its metrics ({@code resilience4j_circuitbreaker_*}) in the Micrometer registry. */
    @Bean
    LaporBreaker laporCircuitBreaker(LaporProperties lapor, Clock clock, MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        LaporBreaker breaker = new LaporBreaker(lapor.circuitBreaker().failureThreshold(), lapor.circuitBreaker().openDuration(),
                clock, registry);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return breaker;
    }

    @Bean
    LaporRequestMapper laporRequestMapper(LaporProperties lapor, CategoryLexicon categories, GatewayProperties props) {
        return new LaporRequestMapper(lapor, categories, props.zone());
    }

    @Bean(destroyMethod = "close")
    OutboxForwarder outboxForwarder(GatewayProperties props, OutboxRepository outbox, Ledger ledger, AttachmentStore blobs,
                                    LaporClient client, LaporRequestMapper mapper, LaporBreaker breaker,
                                    TransactionTemplate tx, GatewayMetrics metrics, LaporProperties lapor, Clock clock) {
        LaporProperties.Forward f = lapor.forward();
        OutboxForwarder forwarder = new OutboxForwarder(props.instance(), outbox, ledger, blobs, client, mapper, breaker,
                new LaporBackoff(f.initialBackoff(), f.maxBackoff(), f.jitter()), tx, metrics, f, clock);
        forwarder.recoverAfterRestart();
        return forwarder;
    }

    @Bean
    StatusSync statusSync(NamedParameterJdbcTemplate jdbc, Ledger ledger, LaporClient client, LaporBreaker breaker,
                          TransactionTemplate tx, LaporProperties lapor, Clock clock, StatusUpdates statusUpdates,
                          org.springframework.beans.factory.ObjectProvider<org.apache.camel.CamelContext> camel) {
        StatusSync sync = new StatusSync(jdbc, ledger, client, breaker, new LaporStatusMapping(lapor.finalStatusNames()), tx,
                lapor.statusSync(), clock, statusUpdates);
        sync.leadsWith(id.lapor.gateway.cluster.SingletonGuard.of(camel::getIfAvailable, "lapor-status-sync"));
        return sync;
    }

    /**
     * Status updates to citizens on every channel that has a {@link ReplyLoop} bean (SMS and e-mail here; a chat
     * channel gets them by adding its loop). On for a channel when its acknowledgements are
     * ({@code channels.<channel>.enabled} and {@code .replies.enabled}, the same set {@link Ledger} queues
     * acknowledgements for) and {@code channels.<channel>.status-updates.enabled} is not false. Fails start-up when a
     * text does not fit its channel.
     */
    @Bean
    StatusUpdates statusUpdates(NamedParameterJdbcTemplate jdbc, CitizenReplies replies, StatusUpdateProperties props,
                                List<ReplyLoop> loops, TransactionTemplate tx, MeterRegistry meters,
                                org.springframework.core.env.Environment env) {
        Map<Channel, Predicate<String>> fits = new EnumMap<>(Channel.class);
        for (ReplyLoop loop : loops) fits.put(loop.channel().channel(), loop.channel()::fits);
        Set<Channel> enabled = EnumSet.noneOf(Channel.class);
        for (Channel c : acknowledgedChannels(env)) {
            if (env.getProperty("channels." + c.key() + ".status-updates.enabled", Boolean.class, true)) enabled.add(c);
        }
        StatusUpdates updates = new StatusUpdates(jdbc, replies, new StatusUpdateDecision(props.texts().keySet(), fits.keySet(), enabled),
                new StatusUpdateTexts(props), fits, tx, meters);
        updates.requireTextsFit();
        return updates;
    }
}
