package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.ReplyLoop;
import id.lapor.gateway.reply.ReplyPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Clock;
import java.time.Duration;

/**
 * The WhatsApp channel's beans. They exist whether or not the channel is enabled (routes/whatsapp.yaml
 * refers to them and quarantine replay needs the normaliser); the webhook endpoint and the routes'
 * autoStartup follow {@code channels.whatsapp.enabled}.
 */
@Configuration(proxyBeanMethods = false)
public class WhatsAppConfiguration {

    @Bean
    WhatsAppNormaliser whatsappNormaliser() {
        return new WhatsAppNormaliser();
    }

    @Bean
    WhatsAppContacts whatsappContacts(NamedParameterJdbcTemplate jdbc) {
        return new WhatsAppContacts(jdbc);
    }

    @Bean
    WhatsAppReplyTexts whatsappReplyTexts(WhatsAppProperties props) {
        return new WhatsAppReplyTexts(props.replies());
    }

    @Bean(destroyMethod = "close")
    WhatsAppGraphClient whatsappGraphClient(WhatsAppProperties props) {
        return new WhatsAppGraphClient(props);
    }

    /**
     * The reply loop of WhatsApp (route {@code whatsapp-replies}): {@code replies.rate-per-second} messages per second,
     * a claim leased for {@code retry-delay} plus the request timeout.
     */
    @Bean
    ReplyLoop whatsappReplyLoop(CitizenReplies replies, WhatsAppGraphClient graph, WhatsAppContacts contacts,
                                WhatsAppReplyTexts texts, WhatsAppProperties props, Clock clock) {
        WhatsAppProperties.Replies cfg = props.replies();
        ReplyPolicy policy = new ReplyPolicy(cfg.enabled(), ReplyPolicy.batchFor(cfg.ratePerSecond(), cfg.pollInterval()),
                cfg.ratePerSecond(), cfg.ackWindow(), cfg.commandWindow(), cfg.maxAttempts(), cfg.retryDelay(),
                cfg.retryDelay().plus(props.requestTimeout()));
        return new ReplyLoop(replies, new WhatsAppReplyChannel(graph, contacts, texts, cfg, clock), policy, clock);
    }

    @Bean
    WhatsAppReception whatsappReception(WhatsAppProperties props, WhatsAppContacts contacts, WhatsAppReplyTexts texts,
                                        CitizenReplies replies, @Qualifier("whatsappReplyLoop") ReplyLoop whatsappReplyLoop,
                                        ComplaintIntake intake, Ledger ledger, WhatsAppGraphClient graph,
                                        MeterRegistry meters, Clock clock) {
        WhatsAppMedia media = new WhatsAppMedia(graph::media, props.media().maxTries(), Duration.ofMillis(200));
        return new WhatsAppReception(props.instance(), contacts, new WhatsAppCommands(texts, ledger::find), replies,
                whatsappReplyLoop, intake, media, meters, clock);
    }
}
