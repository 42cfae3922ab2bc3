package id.lapor.gateway.channel.email;

import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.ReplyLoop;
import id.lapor.gateway.reply.ReplyPolicy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * The email channel's beans. They exist whether or not the channel is enabled (quarantine replay
 * needs the normaliser); the routes' autoStartup and the health component follow
 * {@code channels.email.enabled}.
 */
@Configuration(proxyBeanMethods = false)
public class EmailConfiguration {

    @Bean
    EmailNormaliser emailNormaliser(EmailProperties props, Ledger ledger) {
        return new EmailNormaliser(props, ticket -> ledger.find(ticket).isPresent());
    }

    @Bean
    EmailReception emailReception(EmailProperties props, FolderMoves moves, id.lapor.gateway.reply.StatusUpdates statusUpdates,
                                  id.lapor.gateway.intake.ComplaintIntake intake, java.time.Clock clock) {
        return new EmailReception(props, moves, new EmailCommands(props), statusUpdates, intake, clock);
    }

    /** Gives up on a mail whose intake fails at {@code imap.max-attempts} polls in a row (route email-work). */
    @Bean
    id.lapor.gateway.intake.RepeatedFailures emailRepeatedFailures(EmailProperties props, id.lapor.gateway.intake.ComplaintIntake intake,
                                                                   id.lapor.gateway.ops.GatewayMetrics metrics) {
        return new id.lapor.gateway.intake.RepeatedFailures(props.imap().maxAttempts(), intake, metrics);
    }

    /** Waits for a poll's workers, then moves its mail out of the inbox in bulk (route: postProcessAction). */
    @Bean
    FolderMoves emailFolderMoves(EmailProperties props) {
        return new FolderMoves(props.imap().maxBytesInFlight(), Duration.ofMinutes(10));
    }

    /** Fetches a poll's window of messages in one IMAP command (route: mailUidGenerator). */
    @Bean
    MailboxWindow emailMailboxWindow(EmailProperties props) {
        return new MailboxWindow(props.imap().maxMessagesPerPoll());
    }

    @Bean
    MailboxHealth emailMailboxHealth(Clock clock, FolderMoves moves) {
        return new MailboxHealth(clock, moves::moveProblem);
    }

    @Bean
    EmailAcks emailAcks(EmailProperties props) {
        return new EmailAcks(props.replies(), props.smtp().fromName());
    }

    /**
     * The reply loop of email (route {@code email-replies}): up to {@value #REPLY_BATCH} acknowledgements per poll, not
     * paced, no command window (email answers no commands); a claim is leased for {@code retry-delay} plus the SMTP timeout.
     */
    @Bean
    ReplyLoop emailReplyLoop(CitizenReplies replies, Ledger ledger, EmailAcks acks, EmailProperties props, Clock clock) {
        EmailProperties.Replies cfg = props.replies();
        ReplyPolicy policy = new ReplyPolicy(cfg.enabled(), REPLY_BATCH, 0, cfg.ackWindow(), Duration.ZERO, cfg.maxAttempts(),
                cfg.retryDelay(), cfg.retryDelay().plus(props.smtp().timeout()));
        return new ReplyLoop(replies, new EmailReplyChannel(ledger, acks, props, clock), policy, clock);
    }

    static final int REPLY_BATCH = 20;

    /** Jakarta Mail settings of the IMAP consumer: timeouts, and large fetches so a 25 MB message is not read 16 KB at a time. */
    @Bean
    Properties emailJavaMailProperties(EmailProperties props) {
        Properties p = new Properties();
        for (String protocol : new String[] {"imap", "imaps"}) {
            timeouts(p, protocol, props.imap().connectionTimeout());
            p.setProperty("mail." + protocol + ".fetchsize", String.valueOf(1 << 20));
        }
        return p;
    }

    /** Jakarta Mail's connect, read and write timeouts of {@code protocol}, all {@code timeout}. */
    static void timeouts(Properties p, String protocol, Duration timeout) {
        String ms = String.valueOf(timeout.toMillis());
        for (String which : new String[] {"connectiontimeout", "timeout", "writetimeout"}) {
            p.setProperty("mail." + protocol + "." + which, ms);
        }
    }

    @Bean
    @ConditionalOnProperty(name = "channels.email.enabled", havingValue = "true")
    HealthIndicator emailHealthIndicator(MailboxHealth mailbox, org.springframework.beans.factory.ObjectProvider<org.apache.camel.CamelContext> camel) {
        return () -> {
            // with several nodes only the holder of the cluster lock polls (master: in routes/email.yaml);
            // on the others the mailbox is not theirs to watch
            org.apache.camel.Route route = camel.getObject().getRoute("email-intake");
            if (route != null && route.getConsumer() instanceof org.apache.camel.component.master.MasterConsumer m && !m.isMaster()) {
                return Health.up().withDetail("pollsOnThisNode", false)
                        .withDetail("note", "another node holds the mailbox's cluster lock and polls it").build();
            }
            MailboxHealth.State s = mailbox.state();
            Health.Builder b = s.up() ? Health.up() : Health.down();
            if (s.error() != null) b.withDetail("error", s.error());
            if (s.lastPollAt() != null) b.withDetail("lastPollAt", s.lastPollAt().toString());
            if (s.lastSuccessAt() != null) b.withDetail("lastSuccessAt", s.lastSuccessAt().toString());
            return b.withDetail("pollsOnThisNode", true).withDetail("lastPolled", s.lastPolled()).withDetail("failedPolls", s.failures()).build();
        };
    }

    @Bean
    @ConditionalOnProperty(name = "channels.email.enabled", havingValue = "true")
    Gauge emailConnectedGauge(MeterRegistry registry, MailboxHealth mailbox) {
        return Gauge.builder("gateway.email.connected", mailbox, m -> m.state().up() ? 1 : 0)
                .description("1 while the last poll of the complaint mailbox succeeded").register(registry);
    }
}
