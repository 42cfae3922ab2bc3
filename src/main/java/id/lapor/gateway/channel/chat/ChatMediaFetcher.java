package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.intake.MediaTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches pending chat media into the content-addressed {@link AttachmentStore} (route {@code chat-media}
 * in {@code routes/chat.yaml}, one node under {@code master:}), through each channel's
 * {@link ChatMediaSource}. The bytes are typed by Tika ({@link MediaTypes}); screening (allowed types,
 * executables, archives) is the channel normaliser's, as for e-mail attachments.
 *
 * <p>Outcomes per item: fetched → FETCHED; declared or read size over {@link ChatChannelSettings#maxMediaBytes()}
 * → UNAVAILABLE {@code TOO_LARGE} (the complaint is kept, the attachment flagged); a permanent failure
 * (404, expired id) → UNAVAILABLE with its reason; a temporary one (5xx, timeout, reset) → retried after
 * {@code mediaRetryDelay × 2^(attempts − 1)}, UNAVAILABLE {@code ATTEMPTS} after {@code mediaMaxAttempts} tries.
 * The conversation's text never waits longer than {@link ChatChannelSettings#mediaWait()} for any of this.
 */
public class ChatMediaFetcher {

    private static final Logger log = LoggerFactory.getLogger(ChatMediaFetcher.class);

    private final ChatConversations store;
    private final List<ChatChannelSettings> channels;
    private final Map<Channel, ChatMediaSource> sources = new EnumMap<>(Channel.class);
    private final AttachmentStore blobs;
    private final Clock clock;
    private final int batch;

    public ChatMediaFetcher(ChatConversations store, List<ChatChannelSettings> channels, List<ChatMediaSource> sources,
                            AttachmentStore blobs, Clock clock, int batch) {
        this.store = store;
        this.channels = List.copyOf(channels);
        for (ChatMediaSource s : sources) this.sources.put(s.channel(), s);
        this.blobs = blobs;
        this.clock = clock;
        this.batch = batch;
    }

    private volatile java.util.function.BooleanSupplier leads = () -> true;

    /**
     * What says whether this node still leads {@code chat-media} ({@code cluster.SingletonGuard}); asked before each
     * download, so a tick that was stuck on the database while this node lost the lead downloads nothing more once
     * the database answers (the new leader fetches the same items). Default: always leads (no cluster).
     */
    public void leadsWith(java.util.function.BooleanSupplier leads) {
        this.leads = leads;
    }

    /** Fetches what is due on every enabled chat channel; returns how many items were tried. */
    public int fetchDue() {
        int tried = 0;
        for (ChatChannelSettings s : channels) {
            ChatMediaSource source = sources.get(s.channel());
            if (!s.enabled() || source == null) continue;
            for (ChatConversations.PendingMedia m : store.pendingMedia(s.channel(), clock.instant(), batch)) {
                if (!leads.getAsBoolean()) {
                    log.info("chat media: this node no longer leads chat-media; the rest is left to the leader");
                    return tried;
                }
                fetchOne(s, source, m);
                tried++;
            }
        }
        return tried;
    }

    void fetchOne(ChatChannelSettings s, ChatMediaSource source, ChatConversations.PendingMedia m) {
        Long declared = m.media().declaredSize();
        if (declared != null && declared > s.maxMediaBytes()) {
            store.mediaUnavailable(m.id(), "TOO_LARGE: declared " + declared + " bytes, over " + s.maxMediaBytes());
            return;
        }
        ChatMediaSource.Fetch result;
        try {
            result = source.fetch(m.instance(), m.media(), s.maxMediaBytes());
        } catch (RuntimeException e) {
            result = new ChatMediaSource.Fetch.Temporary(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int attempt = m.attempts() + 1;
        if (result instanceof ChatMediaSource.Fetch.Fetched f) {
            if (f.bytes().length > s.maxMediaBytes()) {
                store.mediaUnavailable(m.id(), "TOO_LARGE: " + f.bytes().length + " bytes, over " + s.maxMediaBytes());
                return;
            }
            String sha = blobs.put(f.bytes());
            store.mediaFetched(m.id(), sha, MediaTypes.detect(f.bytes()), f.bytes().length);
        } else if (result instanceof ChatMediaSource.Fetch.Permanent p) {
            store.mediaUnavailable(m.id(), p.reason());
        } else {
            String reason = ((ChatMediaSource.Fetch.Temporary) result).reason();
            if (attempt >= s.mediaMaxAttempts()) {
                store.mediaUnavailable(m.id(), "ATTEMPTS: " + attempt + " tries, last " + reason);
            } else {
                Instant next = clock.instant().plus(backoff(s.mediaRetryDelay(), attempt));
                store.mediaRetry(m.id(), reason, next);
                log.debug("{} media {} not fetched (try {}), again at {}", s.channel(), m.id(), attempt, next);
            }
        }
    }

    /** {@code delay × 2^(attempt − 1)}, at most 64 × delay (the reply loop's policy). */
    static Duration backoff(Duration delay, int attempt) {
        return delay.multipliedBy(1L << Math.min(6, Math.max(0, attempt - 1)));
    }
}
