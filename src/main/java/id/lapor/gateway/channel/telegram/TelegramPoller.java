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
 * hand each update's exact bytes to {@link TelegramReception} (the batch in one transaction, see {@link #store}), then store
 * {@code max(update_id) + 1} as the next offset. A stop before that last step re-reads the batch; every
 * update in it is recognised by its update_id, so nothing is stored twice. An update whose handling failed
 * (store down) stops the batch there: the offset moves only past the updates before it. The same update failing
 * {@value #QUARANTINE_AFTER} polls in a row is the update's fault, not an outage, when its raw bytes can then be
 * quarantined (the store answers): it is kept there (INTERNAL, for replay once the cause is fixed) and the offset
 * moves past it, so one update that can never be stored does not stop the channel for good.
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
    /** The update a batch last stopped at and how many polls in a row it failed (this node; the poller runs on one). */
    private long stuckUpdate = Long.MIN_VALUE;
    private int stuckFailures;

    /** Polls in a row one update may fail before it is quarantined and passed (about this many seconds at poll-interval 1s). */
    static final int QUARANTINE_AFTER = 5;
    private volatile int failures;
    private volatile long updatesRead;
    private volatile java.util.function.BooleanSupplier leads = () -> true;

    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final id.lapor.gateway.channel.chat.ChatIntakeActivity activity;

    /**
     * @param tx       one transaction for a whole batch (see {@link #store}); the same transaction manager as the store's
     * @param activity told of each getUpdates answered or failed (health component {@code chat})
     */
    public TelegramPoller(TelegramBotApi api, TelegramReception reception, ChatConversations store, TelegramProperties props, Clock clock,
                          org.springframework.transaction.support.TransactionTemplate tx,
                          id.lapor.gateway.channel.chat.ChatIntakeActivity activity) {
        this.tx = tx;
        this.activity = activity;
        this.api = api;
        this.reception = reception;
        this.store = store;
        this.props = props;
        this.clock = clock;
    }

    /**
     * What says whether this node still leads {@code telegram-poll} ({@code cluster.SingletonGuard}); asked after
     * the offset was read and before each getUpdates, so a tick that was stuck on the database while this node
     * lost the lead makes no call once the database answers. Default: always leads (no cluster).
     */
    public void leadsWith(java.util.function.BooleanSupplier leads) {
        this.leads = leads;
    }

    /** Whether the polling route starts: the channel is enabled in polling mode. */
    public boolean polling() {
        return props.enabled() && props.mode() == TelegramProperties.Mode.POLLING;
    }

    /** Most back-to-back getUpdates calls in one tick while each returns a full batch (a backlog drains without pauses). */
    static final int MAX_BATCHES_PER_TICK = 50;

    /**
     * One tick: getUpdates calls back to back while they return a full batch ({@code limit}), at most
     * {@value #MAX_BATCHES_PER_TICK}; returns how many updates were read.
     *
     * @throws RuntimeException when handling an update failed (the offset moved only past the ones before it)
     */
    public int pollOnce() {
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_TICK; i++) {
            int n = pollBatch();
            total += n;
            if (n < props.limit()) break;
        }
        return total;
    }

    /**
     * One getUpdates call and its updates; returns how many updates it read (0 while backing off after a failure).
     *
     * @throws RuntimeException when handling an update failed (the offset moved only past the ones before it)
     */
    int pollBatch() {
        if (clock.instant().isBefore(pausedUntil)) return 0;
        OptionalLong cursor = store.cursor(Channel.TELEGRAM, props.instance());
        Long offset = cursor.isPresent() ? cursor.getAsLong() : null;
        if (!leads.getAsBoolean()) {
            log.info("Telegram: this node no longer leads telegram-poll; no getUpdates from this tick");
            return 0;
        }
        List<TelegramUpdates.Raw> updates;
        try {
            updates = TelegramUpdates.split(api.getUpdates(offset, props.limit(), props.pollTimeout()));
        } catch (TelegramBotApi.ApiException e) {
            String why = e.status() == 409
                    ? "getUpdates refused (409): a webhook is set for this bot; delete it or run in webhook mode"
                    : "getUpdates failed: " + e.getMessage();
            // 401/404: the Bot API does not know this token; 409: a webhook is set. Retrying does not help.
            activity.failed(clock.instant(), why, e.status() == 401 || e.status() == 404 || e.status() == 409);
            pause(e.retryAfter(), why);
            return 0;
        } catch (IOException e) {
            activity.failed(clock.instant(), "getUpdates answer unreadable: " + e.getMessage(), false);
            pause(null, "getUpdates answer unreadable: " + e.getMessage());
            return 0;
        }
        activity.succeeded(clock.instant());
        failures = 0;
        long next = store(updates, offset == null ? Long.MIN_VALUE : offset);
        if (next != Long.MIN_VALUE && (offset == null || next > offset)) {
            store.advanceCursor(Channel.TELEGRAM, props.instance(), next, clock.instant());
        }
        return updates.size();
    }

    /**
     * Stores a batch and returns the next offset: first all of it in one transaction (one commit for up to
     * 100 updates, the common case); if that fails for any reason (an update seen before makes its insert fail,
     * which aborts a PostgreSQL transaction; an outage) the transaction is rolled back and the updates are
     * handled one by one, each committing on its own, so one bad update costs only the batching. In the
     * one-by-one pass a failing update stops the batch: the offset then moves only past the ones before it.
     */
    private long store(List<TelegramUpdates.Raw> updates, long from) {
        if (updates.isEmpty()) return from;
        try {
            Long next = tx.execute(s -> {
                long n = from;
                for (TelegramUpdates.Raw u : updates) {
                    reception.receive(u.bytes());
                    if (u.updateId() != null) n = Math.max(n, u.updateId() + 1);
                }
                return n;
            });
            updatesRead += updates.size();
            return next;
        } catch (RuntimeException batchFailed) {
            log.debug("Telegram batch of {} not stored in one transaction ({}); one by one", updates.size(),
                    batchFailed.getClass().getSimpleName());
        }
        long next = from;
        for (TelegramUpdates.Raw u : updates) {
            try {
                reception.receive(u.bytes());
            } catch (RuntimeException e) {
                if (!quarantinedAfterFailingAgain(u, e)) {
                    if (next != from) store.advanceCursor(Channel.TELEGRAM, props.instance(), next, clock.instant());
                    throw e;
                }
            }
            if (u.updateId() != null) next = Math.max(next, u.updateId() + 1);
            updatesRead++;
        }
        return next;
    }

    /**
     * Counts a failed handling of {@code u}; at the {@value #QUARANTINE_AFTER}th in a row its raw bytes are quarantined.
     *
     * @return true when it was quarantined (the batch goes on past it); false to stop the batch as for an outage (fewer
     *         failures, no update_id, or the quarantine failed too: then the store is what is down)
     */
    private synchronized boolean quarantinedAfterFailingAgain(TelegramUpdates.Raw u, RuntimeException cause) {
        if (u.updateId() == null) return false;
        if (u.updateId() != stuckUpdate) {
            stuckUpdate = u.updateId();
            stuckFailures = 0;
        }
        if (++stuckFailures < QUARANTINE_AFTER) return false;
        try {
            reception.quarantineUnhandled(u.bytes(), Long.toString(u.updateId()), stuckFailures, cause);
        } catch (RuntimeException storeDown) {
            return false;
        }
        log.error("Telegram update {} failed {} polls in a row ({}); quarantined and passed", u.updateId(), stuckFailures,
                cause.getClass().getSimpleName());
        stuckUpdate = Long.MIN_VALUE;
        stuckFailures = 0;
        return true;
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
