package id.lapor.gateway.channel.letter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, across polls, since when each file of the letters inbox has been waiting to settle, and
 * says when to stop waiting. Camel's {@code changed} read lock only bounds one poll's wait
 * ({@code settle-timeout}) and then skips the file until the next poll, for ever: a copy that hangs
 * half-written, or a file that something keeps touching, would sit in the inbox unnoticed. After
 * {@code give-up-after} it is taken as it is and refused with its reason instead (see {@link LetterReadLock}).
 *
 * <p>Keyed by the file's absolute path. A file seen neither settled nor unsettled for twice
 * {@code give-up-after} (it was taken away) is forgotten, so the map holds only what is in the inbox.
 * Thread-safe; plain Java, tested without Camel.
 */
public final class SettleWatch {

    private record Seen(Instant first, Instant last) {}

    private final Duration giveUpAfter;
    private final Clock clock;
    private final Map<String, Seen> pending = new ConcurrentHashMap<>();

    /**
     * @param giveUpAfter how long a file may go on not settling, counted from the first poll that could
     *                    not take it ({@code channels.letters.inbox.give-up-after})
     */
    public SettleWatch(Duration giveUpAfter, Clock clock) {
        if (giveUpAfter.isNegative() || giveUpAfter.isZero()) throw new IllegalArgumentException("give-up-after must be positive");
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
    }

    /**
     * The file did not settle at this poll.
     *
     * @return how long it has been waiting, when that is {@code give-up-after} or more: give up on it now
     *         (it is forgotten, so a new file of the same name starts afresh); empty: skip it this poll
     */
    public Optional<Duration> notSettled(String file) {
        Instant now = clock.instant();
        forgetGone(now);
        Seen seen = pending.compute(file, (k, v) -> v == null ? new Seen(now, now) : new Seen(v.first(), now));
        Duration waited = Duration.between(seen.first(), now);
        if (waited.compareTo(giveUpAfter) < 0) return Optional.empty();
        pending.remove(file);
        return Optional.of(waited);
    }

    /** The file settled (or went away before it did): it starts afresh if it is seen again. */
    public void settled(String file) {
        pending.remove(file);
    }

    /** Files waiting to settle now. */
    public int pending() {
        return pending.size();
    }

    private void forgetGone(Instant now) {
        Instant cutoff = now.minus(giveUpAfter.multipliedBy(2));
        pending.values().removeIf(s -> s.last().isBefore(cutoff));
    }
}
