package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.complaint.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * getUpdates long polling with a durable offset (route {@code telegram-poll}, one node under {@code master:}).
 *
 * <p>Why not camel-telegram's consumer: its {@code TelegramConsumer.poll()} (Camel 4.18,
 * components/camel-telegram/…/TelegramConsumer.java) runs {@code processUpdates(updates)} and then
 * {@code updateOffset(updates)} unconditionally, keeping the offset in {@code private volatile Long offset}
 * (memory only): a failed exchange is skipped for good once the next getUpdates confirms it, and after a
 * restart the offset starts at null. Its {@code model.Update} is {@code @JsonIgnoreProperties(ignoreUnknown = true)}
 * with only {@code message}, {@code channel_post} and {@code callback_query}, so {@code edited_message} is
 * dropped and the raw update JSON is not available. So the gateway calls getUpdates itself (Apache
 * HttpClient 5, {@link TelegramBotApi}) and Camel only schedules it.
 *
 * <p>Each poll: read the offset from the store ({@code chat_cursor}), getUpdates(offset, limit, timeout),
 * hand each update's exact bytes to {@link TelegramReception} (each commits), then store
 * {@code max(update_id) + 1} as the next offset. A stop before that last step re-reads the batch; every
 * update in it is recognised by its update_id, so nothing is stored twice. An update whose handling failed
 * (store down) stops the batch there: the offset moves only past the updates before it.
 */
public class TelegramPoller {

    private static final Logger log = LoggerFactory.getLogger(TelegramPoller.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final TelegramBotApi api;
    private final TelegramReception reception;
    private final ChatConversations store;
    private final TelegramProperties props;
    private final Clock clock;
    private volatile Instant pausedUntil = Instant.EPOCH;
    private volatile int failures;
    private volatile long updatesRead;

    public TelegramPoller(TelegramBotApi api, TelegramReception reception, ChatConversations store, TelegramProperties props, Clock clock) {
        this.api = api;
        this.reception = reception;
        this.store = store;
        this.props = props;
        this.clock = clock;
    }

    /** Whether the polling route starts: the channel is enabled in polling mode. */
    public boolean polling() {
        return props.enabled() && props.mode() == TelegramProperties.Mode.POLLING;
    }

    /**
     * One getUpdates call and its updates; returns how many updates it read (0 while backing off after a failure).
     *
     * @throws RuntimeException when handling an update failed (the offset moved only past the ones before it)
     */
    public int pollOnce() {
        if (clock.instant().isBefore(pausedUntil)) return 0;
        OptionalLong cursor = store.cursor(Channel.TELEGRAM, props.instance());
        Long offset = cursor.isPresent() ? cursor.getAsLong() : null;
        List<TelegramUpdates.Raw> updates;
        try {
            updates = TelegramUpdates.split(api.getUpdates(offset, props.limit(), props.pollTimeout()));
        } catch (TelegramBotApi.ApiException e) {
            pause(e.retryAfter(), e.status() == 409
                    ? "getUpdates refused (409): a webhook is set for this bot; delete it or run in webhook mode"
                    : "getUpdates failed: " + e.getMessage());
            return 0;
        } catch (IOException e) {
            pause(null, "getUpdates answer unreadable: " + e.getMessage());
            return 0;
        }
        failures = 0;
        long next = offset == null ? Long.MIN_VALUE : offset;
        try {
            for (TelegramUpdates.Raw u : updates) {
                reception.receive(u.bytes());
                if (u.updateId() != null) next = Math.max(next, u.updateId() + 1);
                updatesRead++;
            }
        } finally {
            if (next != Long.MIN_VALUE && (offset == null || next > offset)) {
                store.advanceCursor(Channel.TELEGRAM, props.instance(), next, clock.instant());
            }
        }
        return updates.size();
    }

    private void pause(Duration retryAfter, String why) {
        int n = ++failures;
        Duration wait = retryAfter != null ? retryAfter : Duration.ofSeconds(1L << Math.min(6, n - 1));
        if (wait.compareTo(MAX_BACKOFF) > 0 && retryAfter == null) wait = MAX_BACKOFF;
        pausedUntil = clock.instant().plus(wait);
        log.warn("Telegram {}; next try in {} s", why, wait.toSeconds());
    }

    /** Updates read since start (a gauge). */
    public long updatesRead() {
        return updatesRead;
    }
}
