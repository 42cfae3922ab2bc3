package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.channel.chat.ChatChannelSettings;
import id.lapor.gateway.channel.chat.ChatCommands;
import id.lapor.gateway.channel.chat.ChatReplyTexts;
import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.channel.chat.ChatMediaSource;
import id.lapor.gateway.channel.email.AttachmentScreen;
import id.lapor.gateway.channel.email.EmailProperties;
import id.lapor.gateway.complaint.Channel;
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

/**
 * The WhatsApp channel's beans. They exist whether or not the channel is enabled (routes/whatsapp.yaml
 * refers to them and quarantine replay needs the normaliser); the webhook endpoint and the routes'
 * autoStartup follow {@code channels.whatsapp.enabled}.
 */
@Configuration(proxyBeanMethods = false)
public class WhatsAppConfiguration {

    @Bean
    WhatsAppNormaliser whatsappNormaliser(WhatsAppProperties props, Clock clock) {
        return new WhatsAppNormaliser(screen(props), clock);
    }

    /** Media are screened as e-mail attachments are: allowed types (by Tika), count and sizes from whatsapp.yaml. */
    static AttachmentScreen screen(WhatsAppProperties props) {
        WhatsAppProperties.Media m = props.media();
        EmailProperties.Limits limits = new EmailProperties.Limits(Math.max(1024, m.maxTotalBytes()), m.maxBytes(), m.maxTotalBytes(),
                m.maxAttachments(), 100_000, 1000, 100L * 1024 * 1024, 100);
        return new AttachmentScreen(props.allowedTypes(), limits);
    }

    /** What the chat core needs of WhatsApp: quiet period, media wait and tries, the help text for a greeting. */
    @Bean
    ChatChannelSettings whatsappChatSettings(WhatsAppProperties props, @Qualifier("whatsappReplyTexts") ChatReplyTexts texts) {
        return new ChatChannelSettings(Channel.WHATSAPP, props.enabled(), props.conversation().quietPeriod(),
                props.conversation().mediaWait(), props.media().maxTries(), props.media().retryDelay(), props.media().maxBytes(),
                texts.help());
    }

    @Bean
    ChatMediaSource whatsappMediaSource(WhatsAppGraphClient graph) {
        return new WhatsAppMediaSource(graph);
    }

    /** How WhatsApp's webhook went lately on this node (health component {@code chat}). */
    @Bean
    id.lapor.gateway.channel.chat.ChatIntakeActivity whatsappActivity() {
        return new id.lapor.gateway.channel.chat.ChatIntakeActivity(Channel.WHATSAPP, "webhook");
    }

    @Bean
    WhatsAppContacts whatsappContacts(NamedParameterJdbcTemplate jdbc) {
        return new WhatsAppContacts(jdbc);
    }

    @Bean
    ChatReplyTexts whatsappReplyTexts(WhatsAppProperties props) {
        return new ChatReplyTexts(props.replies().templates(), props.replies().statusNames());
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
                                @Qualifier("whatsappReplyTexts") ChatReplyTexts texts, WhatsAppProperties props, Clock clock) {
        WhatsAppProperties.Replies cfg = props.replies();
        ReplyPolicy policy = new ReplyPolicy(cfg.enabled(), ReplyPolicy.batchFor(cfg.ratePerSecond(), cfg.pollInterval()),
                cfg.ratePerSecond(), cfg.ackWindow(), cfg.commandWindow(), cfg.maxAttempts(), cfg.retryDelay(),
                cfg.retryDelay().plus(props.requestTimeout()));
        return new ReplyLoop(replies, new WhatsAppReplyChannel(graph, contacts, texts, cfg, clock), policy, clock);
    }

    @Bean
    WhatsAppReception whatsappReception(WhatsAppProperties props, ChatConversations chats,
                                        @Qualifier("whatsappReplyTexts") ChatReplyTexts texts, CitizenReplies replies,
                                        @Qualifier("whatsappReplyLoop") ReplyLoop whatsappReplyLoop, ComplaintIntake intake,
                                        Ledger ledger, id.lapor.gateway.reply.StatusUpdates statusUpdates, MeterRegistry meters, Clock clock) {
        return new WhatsAppReception(props.instance(), chats, new ChatCommands(texts, ledger::find), replies,
                whatsappReplyLoop, intake, statusUpdates, meters, clock);
    }
}
