package id.lapor.gateway.channel.chat;

import id.lapor.gateway.intake.IntakeDispatcher;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.reply.CitizenReplies;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes chat conversations that went quiet (route {@code chat-close} in {@code routes/chat.yaml}):
 * {@link #due} hands each enabled chat channel's due conversations to {@code direct:normalise} (the
 * channel's normaliser for {@link ChatConversation}), and {@link #settled} marks each closed with what
 * it became, after intake committed. A conversation the normaliser called a greeting only
 * ({@link ChatConversation#GREETING_ONLY}) is answered with the channel's help text, once.
 * A stop between intake's commit and {@link #settled} sends the conversation again next time; intake's
 * transport dedup ({@code conversation:<id>}) answers with the ticket already given, so it is still one complaint.
 */
public class ChatSweeper {

    private static final Logger log = LoggerFactory.getLogger(ChatSweeper.class);

    private final ChatConversations store;
    private final List<ChatChannelSettings> channels;
    private final CitizenReplies replies;
    private final Clock clock;
    private final int batch;

    /**
     * @param channels every chat channel's settings (disabled ones are skipped)
     * @param batch    most conversations closed per channel and sweep
     */
    public ChatSweeper(ChatConversations store, List<ChatChannelSettings> channels, CitizenReplies replies, Clock clock, int batch) {
        this.store = store;
        this.channels = List.copyOf(channels);
        this.replies = replies;
        this.clock = clock;
        this.batch = batch;
    }

    /** Conversations of every enabled chat channel due to close now (see {@link ChatConversations#due}). */
    public List<ChatConversation> due() {
        Instant now = clock.instant();
        List<ChatConversation> out = new ArrayList<>();
        for (ChatChannelSettings s : channels) if (s.enabled()) out.addAll(store.due(s, now, batch));
        return out;
    }

    /**
     * After {@code direct:normalise} answered for {@code conversation}: closed with the ticket (stored or
     * duplicate) or with the reason (ignored, quarantined). A greeting-only conversation gets the help text.
     */
    public void settled(@ExchangeProperty(IntakeDispatcher.INPUT) ChatConversation conversation, @Body IntakeReceipt receipt) {
        if (conversation == null || receipt == null) return;
        Instant now = clock.instant();
        String ticket = receipt.ticket();
        String reason = switch (receipt.outcome()) {
            case STORED, DUPLICATE_TRANSPORT, DUPLICATE_CONTENT -> receipt.outcome().name();
            case QUARANTINED -> "QUARANTINED " + receipt.quarantineId() + ": " + receipt.reason();
            case IGNORED -> "IGNORED: " + receipt.reason();
        };
        Runnable answer = null;
        if (receipt.outcome() == IntakeReceipt.Outcome.IGNORED && ChatConversation.GREETING_ONLY.equals(receipt.reason())) {
            String help = settingsOf(conversation).map(ChatChannelSettings::helpText).orElse(null);
            ChatReporter reporter = conversation.reporter();
            if (help != null && reporter != null) {
                answer = () -> replies.enqueue(conversation.channel(), conversation.instance(), reporter.channelUserId(),
                        CitizenReplies.Kind.HELP, null, help, now);
            }
        }
        boolean closedNow = store.closed(conversation, ticket, reason, now, answer);
        log.debug("{} conversation {} closed ({}): {}", conversation.channel(), conversation.id(), closedNow ? "now" : "before",
                receipt.outcome());
    }

    private java.util.Optional<ChatChannelSettings> settingsOf(ChatConversation c) {
        return channels.stream().filter(s -> s.channel() == c.channel()).findFirst();
    }
}
