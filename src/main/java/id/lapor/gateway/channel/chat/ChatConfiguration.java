package id.lapor.gateway.channel.chat;

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

    @Bean
    ChatConversations chatConversations(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, AttachmentStore blobs, Clock clock) {
        return new ChatConversations(jdbc, tx, blobs, clock);
    }

    @Bean
    ChatSweeper chatSweeper(ChatConversations store, ObjectProvider<ChatChannelSettings> channels, CitizenReplies replies, Clock clock) {
        return new ChatSweeper(store, channels.orderedStream().toList(), replies, clock, 100);
    }

    @Bean
    ChatMediaFetcher chatMediaFetcher(ChatConversations store, ObjectProvider<ChatChannelSettings> channels,
                                      ObjectProvider<ChatMediaSource> sources, AttachmentStore blobs, Clock clock) {
        return new ChatMediaFetcher(store, channels.orderedStream().toList(), sources.orderedStream().toList(), blobs, clock, 20);
    }
}
