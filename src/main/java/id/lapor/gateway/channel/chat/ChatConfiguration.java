package id.lapor.gateway.channel.chat;

import id.lapor.gateway.config.GatewayProperties;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.reply.CitizenReplies;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * The chat core's beans, shared by the chat channels: each chat channel adds one {@link ChatChannelSettings}
 * bean and one {@link ChatMediaSource} bean, and the routes of {@code routes/chat.yaml} serve them all.
 */
@Configuration(proxyBeanMethods = false)
public class ChatConfiguration {

    /**
     * Group commit of webhook appends with the intake's writer settings ({@code gateway.intake-writers},
     * {@code gateway.intake-batch-max}): the same store, the same reason (one commit per message is the cost).
     */
    @Bean
    ChatConversations chatConversations(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, AttachmentStore blobs, Clock clock,
                                        GatewayProperties gateway) {
        return new ChatConversations(jdbc, tx, blobs, clock, gateway.intakeWriters(), gateway.intakeBatchMax());
    }

    /**
     * Health component {@code chat} (see {@link ChatHealthIndicator} for the rules): DOWN after
     * {@code gateway.health.chat-failures-max} (5) failed polls or webhook stores in a row, or when a conversation
     * waits {@code gateway.health.chat-close-grace} (2 min) past its quiet period and media wait.
     */
    @Bean
    ChatHealthIndicator chatHealthIndicator(ChatConversations store, ObjectProvider<ChatChannelSettings> channels,
                                            ObjectProvider<ChatIntakeActivity> activities, Clock clock,
                                            @org.springframework.beans.factory.annotation.Value("${gateway.health.chat-failures-max:5}") int failuresDown,
                                            @org.springframework.beans.factory.annotation.Value("${gateway.health.chat-close-grace:2m}") java.time.Duration closeGrace) {
        return new ChatHealthIndicator(store, channels.orderedStream().toList(), activities.orderedStream().toList(), clock,
                failuresDown, closeGrace);
    }

    @Bean
    ChatSweeper chatSweeper(ChatConversations store, ObjectProvider<ChatChannelSettings> channels, CitizenReplies replies, Clock clock) {
        return new ChatSweeper(store, channels.orderedStream().toList(), replies, clock, 100);
    }

    @Bean
    ChatMediaFetcher chatMediaFetcher(ChatConversations store, ObjectProvider<ChatChannelSettings> channels,
                                      ObjectProvider<ChatMediaSource> sources, AttachmentStore blobs, Clock clock,
                                      ObjectProvider<org.apache.camel.CamelContext> camel) {
        ChatMediaFetcher fetcher = new ChatMediaFetcher(store, channels.orderedStream().toList(), sources.orderedStream().toList(),
                blobs, clock, 20);
        fetcher.leadsWith(id.lapor.gateway.cluster.SingletonGuard.of(camel::getIfAvailable, "chat-media"));
        return fetcher;
    }
}
