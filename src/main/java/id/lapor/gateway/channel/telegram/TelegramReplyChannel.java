package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.channel.chat.ChatReplyTexts;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.reply.CitizenReply;
import id.lapor.gateway.reply.ReplyChannel;
import id.lapor.gateway.reply.ReplyOutcome;

/**
 * Telegram's part of the reply loop: one reply as one {@code sendMessage} to the citizen's private chat.
 * The recipient is {@code telegram:<user id>}; in a private chat the chat id is the user's id (Bot API
 * {@code Chat.id}), and only private chats become complaints. An acknowledgement's text is rendered from the
 * {@code ack} template; answers are sent as queued. Outcomes: {@code ok} → {@code Sent(message_id)}; 429 →
 * {@code RetryLater} after {@code retry_after}; 5xx or I/O → {@code RetryLater}; 400/403 (chat not found, bot
 * blocked by the user) → {@code Failed}.
 */
public class TelegramReplyChannel implements ReplyChannel {

    static final String PREFIX = "telegram:";

    private final TelegramBotApi api;
    private final ChatReplyTexts texts;

    public TelegramReplyChannel(TelegramBotApi api, ChatReplyTexts texts) {
        this.api = api;
        this.texts = texts;
    }

    @Override
    public Channel channel() {
        return Channel.TELEGRAM;
    }

    @Override
    public java.util.Optional<String> refusal(CitizenReply reply) {
        return reply.recipient() != null && reply.recipient().startsWith(PREFIX)
                ? java.util.Optional.empty() : java.util.Optional.of("not a Telegram recipient");
    }

    @Override
    public ReplyOutcome send(CitizenReply reply) {
        String body = reply.body() != null ? reply.body() : texts.ack(reply.ticket());
        String chatId = reply.recipient().substring(PREFIX.length());
        try {
            return new ReplyOutcome.Sent(Long.toString(api.sendMessage(chatId, body)), body);
        } catch (TelegramBotApi.ApiException e) {
            if (e.status() == 429) return new ReplyOutcome.RetryLater(e.getMessage(), e.retryAfter());
            if (e.temporary()) return new ReplyOutcome.RetryLater(e.getMessage());
            return new ReplyOutcome.Failed(e.getMessage());
        }
    }
}
