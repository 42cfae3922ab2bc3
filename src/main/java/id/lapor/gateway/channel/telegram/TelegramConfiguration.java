package id.lapor.gateway.channel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.channel.chat.ChatChannelSettings;
import id.lapor.gateway.channel.chat.ChatCommands;
import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.complaint.Channel;
import org.springframework.beans.factory.annotation.Qualifier;
import id.lapor.gateway.channel.chat.ChatMediaSource;
import id.lapor.gateway.channel.chat.ChatReplyTexts;
import id.lapor.gateway.channel.email.AttachmentScreen;
import id.lapor.gateway.channel.email.EmailProperties;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.ReplyLoop;
import id.lapor.gateway.reply.ReplyPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The Telegram channel's beans. They exist whether or not the channel is enabled (routes refer to them
 * and quarantine replay needs the normaliser); the routes' autoStartup, the chat core's settings
 * ({@code enabled}) and the webhook endpoint follow {@code channels.telegram.enabled} and {@code mode}.
 */
@Configuration(proxyBeanMethods = false)
public class TelegramConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TelegramConfiguration.class);

    @Bean(destroyMethod = "close")
    TelegramBotApi telegramBotApi(TelegramProperties props) {
        return new TelegramBotApi(props.baseUrl(), props.token(), props.connectTimeout(), props.requestTimeout(), new ObjectMapper());
    }

    @Bean
    ChatReplyTexts telegramReplyTexts(TelegramProperties props) {
        return new ChatReplyTexts(props.replies().templates(), props.replies().statusNames());
    }

    @Bean
    TelegramReception telegramReception(ChatConversations store, ChatReplyTexts telegramReplyTexts, Ledger ledger,
                                        CitizenReplies replies, ComplaintIntake intake, id.lapor.gateway.reply.StatusUpdates statusUpdates,
                                        TelegramProperties props, Clock clock) {
        java.util.function.Function<String, java.util.Optional<Complaint>> find = ledger::find;
        return new TelegramReception(store, new ChatCommands(telegramReplyTexts, find), replies, intake, statusUpdates, props.instance(), clock);
    }

    /** How Telegram's reception went lately on this node (health component {@code chat}). */
    @Bean
    id.lapor.gateway.channel.chat.ChatIntakeActivity telegramActivity(TelegramProperties props) {
        return new id.lapor.gateway.channel.chat.ChatIntakeActivity(Channel.TELEGRAM,
                props.mode() == TelegramProperties.Mode.POLLING ? "polling" : "webhook");
    }

    @Bean
    TelegramPoller telegramPoller(TelegramBotApi api, TelegramReception reception, ChatConversations store, TelegramProperties props,
                                  Clock clock, org.springframework.transaction.support.TransactionTemplate tx,
                                  @Qualifier("telegramActivity") id.lapor.gateway.channel.chat.ChatIntakeActivity activity,
                                  org.springframework.beans.factory.ObjectProvider<org.apache.camel.CamelContext> camel) {
        TelegramPoller poller = new TelegramPoller(api, reception, store, props, clock, tx, activity);
        poller.leadsWith(id.lapor.gateway.cluster.SingletonGuard.of(camel::getIfAvailable, "telegram-poll"));
        return poller;
    }

    @Bean
    TelegramNormaliser telegramNormaliser(TelegramProperties props, Clock clock) {
        TelegramProperties.Media m = props.media();
        EmailProperties.Limits limits = new EmailProperties.Limits(Math.max(1024, m.maxTotalBytes()), m.maxBytes(), m.maxTotalBytes(),
                m.maxAttachments(), 100_000, 1000, 100L * 1024 * 1024, 100);
        return new TelegramNormaliser(new AttachmentScreen(props.allowedTypes(), limits), clock);
    }

    /** What the chat core needs of Telegram: quiet period, media wait and attempts, help text for a greeting. */
    @Bean
    ChatChannelSettings telegramChatSettings(TelegramProperties props, ChatReplyTexts telegramReplyTexts) {
        return new ChatChannelSettings(id.lapor.gateway.complaint.Channel.TELEGRAM, props.enabled(),
                props.conversation().quietPeriod(), props.conversation().mediaWait(), props.media().maxAttempts(),
                props.media().retryDelay(), props.media().maxBytes(), telegramReplyTexts.help());
    }

    @Bean
    ChatMediaSource telegramMediaSource(TelegramBotApi api) {
        return new TelegramMediaSource(api);
    }

    /**
     * The reply loop of Telegram (route {@code telegram-replies}): {@code replies.rate-per-second} sendMessage calls
     * per second, as many per poll as the rate allows; a claim is leased for {@code retry-delay} plus the request timeout.
     */
    @Bean
    ReplyLoop telegramReplyLoop(CitizenReplies replies, TelegramBotApi api, ChatReplyTexts telegramReplyTexts, TelegramProperties props,
                                Clock clock) {
        TelegramProperties.Replies r = props.replies();
        ReplyPolicy policy = new ReplyPolicy(r.enabled(), ReplyPolicy.batchFor(r.ratePerSecond(), r.pollInterval()), r.ratePerSecond(),
                r.ackWindow(), r.commandWindow(), r.maxAttempts(), r.retryDelay(), r.retryDelay().plus(props.requestTimeout()));
        return new ReplyLoop(replies, new TelegramReplyChannel(api, telegramReplyTexts), policy, clock);
    }

    /** Webhook mode with {@code webhook-url} set: registers it with setWebhook and the secret_token at start-up. */
    @Bean
    ApplicationRunner telegramWebhookRegistration(TelegramProperties props, TelegramBotApi api) {
        return args -> {
            if (!props.enabled() || props.mode() != TelegramProperties.Mode.WEBHOOK || props.webhookUrl() == null
                    || props.webhookUrl().isBlank()) return;
            try {
                api.setWebhook(props.webhookUrl(), props.webhookSecret());
                log.info("Telegram webhook registered");
            } catch (TelegramBotApi.ApiException e) {
                log.error("Telegram setWebhook failed ({}); register the webhook by hand or restart", e.getMessage());
            }
        };
    }

    /** Gauges for ops: updates read by polling, parts waiting in open chat conversations. */
    @Bean
    io.micrometer.core.instrument.binder.MeterBinder telegramMeters(TelegramPoller poller) {
        return registry -> io.micrometer.core.instrument.FunctionCounter.builder("gateway.telegram.updates.polled", poller,
                TelegramPoller::updatesRead).description("Telegram updates read by getUpdates since start").register(registry);
    }
}
