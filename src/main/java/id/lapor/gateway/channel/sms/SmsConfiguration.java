package id.lapor.gateway.channel.sms;

import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.ReplyLoop;
import id.lapor.gateway.reply.ReplyPolicy;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * The SMS channel's beans. They exist whether or not the channel is enabled (the routes in
 * routes/sms.yaml refer to them and quarantine replay needs the normaliser); only the routes'
 * autoStartup and the health component follow {@code channels.sms.enabled}.
 */
@Configuration(proxyBeanMethods = false)
public class SmsConfiguration {

    @Bean
    SmsTextParser smsTextParser(SmsProperties props) {
        return new SmsTextParser(props.keywords());
    }

    @Bean
    SmsDecoding smsDecoding(SmsProperties props) {
        return new SmsDecoding(props.defaultAlphabet(), props.multipart().maxParts(), props.redeliveryWindow());
    }

    @Bean
    SmsNormaliser smsNormaliser(SmsTextParser parser, SmsDecoding decoding, SmsProperties props, Clock clock) {
        return new SmsNormaliser(parser, decoding, props.maxTextChars(), props.senderRegion(), clock);
    }

    /** Gives up on a deliver_sm whose intake fails {@code max-attempts} times in a row (route sms-message). */
    @Bean
    id.lapor.gateway.intake.RepeatedFailures smsRepeatedFailures(SmsProperties props, id.lapor.gateway.intake.ComplaintIntake intake,
                                                                 id.lapor.gateway.ops.GatewayMetrics metrics) {
        return new id.lapor.gateway.intake.RepeatedFailures(props.maxAttempts(), intake, metrics);
    }

    @Bean
    SmsReplyTexts smsReplyTexts(SmsProperties props) {
        SmsReplyTexts texts = new SmsReplyTexts(props.replies(), props.shortCode());
        texts.requireSingleSegmentAck();
        return texts;
    }

    @Bean
    CitizenReplies citizenReplies(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx) {
        return new CitizenReplies(jdbc, tx);
    }

    @Bean
    SmsPartStore smsPartStore(NamedParameterJdbcTemplate jdbc) {
        return new SmsPartStore(jdbc);
    }

    @Bean
    SmsReception smsReception(SmsDecoding decoding, SmsPartStore parts, SmsTextParser parser, SmsReplyTexts texts,
                              CitizenReplies replies, SmsReceipts receipts, Ledger ledger, ComplaintIntake intake,
                              SmsProperties props, Clock clock, id.lapor.gateway.reply.StatusUpdates statusUpdates) {
        return new SmsReception(decoding, parts, parser, texts, replies, receipts, ledger, intake, props.multipart().timeout(), props.instance(),
                props.senderRegion(), clock, statusUpdates);
    }

    @Bean(destroyMethod = "close")
    SmppBind smppBind(SmsProperties props) {
        return new SmppBind(props);
    }

    /** Camel resolves {@code smsc:} in routes/sms.yaml to this bean by its name. */
    @Bean("smsc")
    SmscComponent smscComponent(SmppBind bind) {
        return new SmscComponent(bind);
    }

    /**
     * The reply loop of SMS (route {@code sms-replies}): {@code replies.rate-per-second} submits per second from this
     * bind, as many per poll as the rate allows in {@code replies.poll-interval}; a claim is leased for
     * {@code retry-delay} plus the SMPP transaction timeout.
     */
    @Bean
    ReplyLoop smsReplyLoop(CitizenReplies replies, SmppBind bind, SmsReplyTexts texts, SmsProperties props, Clock clock) {
        SmsProperties.Replies cfg = props.replies();
        ReplyPolicy policy = new ReplyPolicy(cfg.enabled(), ReplyPolicy.batchFor(cfg.ratePerSecond(), cfg.pollInterval()),
                cfg.ratePerSecond(), cfg.ackWindow(), cfg.commandWindow(), cfg.maxAttempts(), cfg.retryDelay(),
                cfg.retryDelay().plus(props.transactionTimeout()));
        return new ReplyLoop(replies, new SmsReplyChannel(bind, texts, props.defaultAlphabet(), props.statusUpdates().maxSegments()), policy, clock);
    }

    @Bean
    SmsReceipts smsReceipts(@org.springframework.beans.factory.annotation.Qualifier("smsReplyLoop") ReplyLoop smsReplyLoop, ComplaintIntake intake, SmsProperties props, Clock clock) {
        return new SmsReceipts(smsReplyLoop, intake, props.replies().receiptGrace(), clock);
    }

    /** Gauges for ops: 1 while bound, binds and drops since start, parts waiting for their siblings, replies by state. */
    @Bean
    @ConditionalOnProperty(name = "channels.sms.enabled", havingValue = "true")
    io.micrometer.core.instrument.binder.MeterBinder smsMeters(SmppBind bind, SmsPartStore parts) {
        return registry -> {
            io.micrometer.core.instrument.Gauge.builder("gateway.sms.bound", bind, b -> b.isBound() ? 1 : 0)
                    .description("1 while the SMPP bind is bound").register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("gateway.sms.binds", bind, SmppBind::bindCount)
                    .description("successful SMPP binds since start").register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("gateway.sms.drops", bind, SmppBind::dropCount)
                    .description("binds lost (SMSC dropped the link or unbound)").register(registry);
            io.micrometer.core.instrument.Gauge.builder("gateway.sms.parts.waiting", parts, SmsPartStore::waitingParts)
                    .description("parts of multipart SMS waiting for their siblings").register(registry);
        };
    }

    /** Health component {@code sms}: DOWN while the SMPP bind is not bound (intake by SMS has stopped). */
    @Bean("sms")
    @ConditionalOnProperty(name = "channels.sms.enabled", havingValue = "true")
    HealthIndicator smsHealth(SmppBind bind, SmsPartStore parts) {
        return () -> {
            Health.Builder b = bind.isBound() ? Health.up().withDetail("boundSince", String.valueOf(bind.boundSince()))
                    : Health.down().withDetail("error", String.valueOf(bind.lastError()));
            return b.withDetail("binds", bind.bindCount()).withDetail("drops", bind.dropCount())
                    .withDetail("partsWaiting", parts.waitingParts()).build();
        };
    }
}
