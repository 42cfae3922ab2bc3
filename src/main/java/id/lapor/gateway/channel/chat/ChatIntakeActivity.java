package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;

import java.time.Instant;
import java.util.Objects;

/**
 * How one chat channel's reception went lately on this node, for {@link ChatHealthIndicator}: when a poll
 * (Telegram getUpdates) or a webhook request was last taken, and the failures since. In memory, per node,
 * reset on restart (as the console's route figures are): a node that is not the poller (Telegram's
 * getUpdates runs under {@code master:}) simply has no poll to report. Thread-safe.
 */
public final class ChatIntakeActivity {

    /**
     * What is known now.
     *
     * @param mode            "polling" or "webhook"
     * @param lastSuccess     the last poll answered / webhook request stored and answered 200; null before the first
     * @param lastFailure     the last failed poll or webhook request (store failure); null when none
     * @param failuresInARow  failures since the last success
     * @param lastError       the last failure in words (no personal data), null when none
     * @param refused         the last failure was the platform refusing this configuration (Telegram: token refused,
     *                        401/404; a webhook set while polling, 409): no retry helps until an admin acts
     */
    public record Snapshot(Channel channel, String mode, Instant lastSuccess, Instant lastFailure, int failuresInARow,
                           String lastError, boolean refused) {}

    private final Channel channel;
    private final String mode;
    private Instant lastSuccess;
    private Instant lastFailure;
    private int failuresInARow;
    private String lastError;
    private boolean refused;

    /** @param mode "polling" or "webhook" (as configured) */
    public ChatIntakeActivity(Channel channel, String mode) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public Channel channel() {
        return channel;
    }

    /** A poll was answered, or a webhook request was stored and answered 200. */
    public synchronized void succeeded(Instant at) {
        lastSuccess = at;
        failuresInARow = 0;
        refused = false;
    }

    /**
     * A poll or a webhook request failed.
     *
     * @param reason           in words, without personal data (it is shown on /actuator/health)
     * @param refusedByPlatform the platform refused this configuration (see {@link Snapshot#refused()})
     */
    public synchronized void failed(Instant at, String reason, boolean refusedByPlatform) {
        lastFailure = at;
        failuresInARow++;
        lastError = reason;
        refused = refusedByPlatform;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(channel, mode, lastSuccess, lastFailure, failuresInARow, lastError, refused);
    }
}
