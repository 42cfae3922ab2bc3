package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Complaint;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether and how long forwarding to LAPOR! waits for an admin's review of a complaint's category
 * (issue #20, "honest uncertainty"). A complaint the model is unsure of ({@link Enrichment#CATEGORY_REVIEW})
 * is disposed to the fallback OPD that disposes by hand; sent at once, the admin's correction in the
 * console's review queue would come too late for LAPOR!. So its outbox row is held: it becomes due only
 * when an admin decides (confirms or corrects category and OPD: the row is released at once and goes with
 * the admin's choice) or when the hold ends ({@code lapor.forward.review-hold} after receipt: it goes with
 * the disposition intake gave it, the fallback, and its history says so). Nothing is held for ever, and
 * a hold of zero forwards at once, as before.
 *
 * <p>The hold is stored with the row (its {@code next_attempt_at} and {@code held_until}, see the
 * V9_20_30 migration), so it survives restarts and is the same for every node: claims stay as they are
 * ({@code FOR UPDATE SKIP LOCKED} on due rows). No I/O here: the decisions, tested with a clock.
 */
public final class ReviewHold {

    /** No hold: every complaint is due at its receipt. */
    public static final ReviewHold NONE = new ReviewHold(Duration.ZERO);

    private final Duration hold;

    /**
     * @param hold how long after receipt a complaint marked for review waits for an admin at most; zero: not at all
     * @throws IllegalArgumentException when negative
     */
    public ReviewHold(Duration hold) {
        Objects.requireNonNull(hold, "hold");
        if (hold.isNegative()) throw new IllegalArgumentException("review hold must not be negative: " + hold);
        this.hold = hold;
    }

    /** The configured hold (zero: none). */
    public Duration hold() {
        return hold;
    }

    /** Whether intake marked {@code c} for a category review ({@link Enrichment#CATEGORY_REVIEW}). */
    public static boolean markedForReview(Complaint c) {
        return c.flags().stream().anyMatch(f -> f.startsWith(Enrichment.CATEGORY_REVIEW));
    }

    /**
     * When the hold of a new complaint ends: its receipt plus the hold, if it is marked for review, is
     * not a duplicate (a duplicate is never forwarded) and the hold is not zero; else empty (due at once).
     */
    public Optional<Instant> heldUntil(Complaint c) {
        if (hold.isZero() || c.duplicateOf() != null || !markedForReview(c)) return Optional.empty();
        return Optional.of(c.receivedAt().plus(hold));
    }

    /** When a new complaint's outbox row is first due: the end of its hold, else its receipt. */
    public Instant dueAt(Complaint c) {
        return heldUntil(c).orElse(c.receivedAt());
    }

    /**
     * The time a complaint in the review queue goes to LAPOR! by itself if no admin decides first: the end of
     * its hold while that is still ahead and its row waits; else empty (not held, already decided, due or sent).
     *
     * @param outboxState the row's state (PENDING, IN_FLIGHT, DONE, PARKED), null when it has none
     * @param heldUntil   the row's {@code held_until}, null when never held
     * @param decided     the row's {@code hold_decided}
     */
    public static Optional<Instant> forwardsAutomaticallyAt(String outboxState, Instant heldUntil, boolean decided, Instant now) {
        if (!"PENDING".equals(outboxState) || heldUntil == null || decided || !heldUntil.isAfter(now)) return Optional.empty();
        return Optional.of(heldUntil);
    }

    /** Longest wait between looks at a follow-up whose original is not yet due ({@link #followUpRetryAt}). */
    public static final Duration FOLLOW_UP_LOOK = Duration.ofMinutes(1);

    /**
     * When to look again at a follow-up whose original has no LAPOR! id yet (a follow-up names the report it
     * adds to, so it waits). While the original's row is not due (held for review, or in a long backoff)
     * looking every retry delay would claim the follow-up thousands of times over a 4-hour hold: the next
     * look is then at the original's due time, but at most {@link #FOLLOW_UP_LOOK} away, because an admin's
     * decision may release the original any time.
     *
     * @param retryAt     now plus the forwarder's usual short delay
     * @param originalDue the original row's {@code next_attempt_at} while it is PENDING, else null
     */
    public static Instant followUpRetryAt(Instant now, Instant retryAt, Instant originalDue) {
        if (originalDue == null || !originalDue.isAfter(retryAt)) return retryAt;
        Instant cap = now.plus(FOLLOW_UP_LOOK);
        Instant at = originalDue.isBefore(cap) ? originalDue : cap;
        return at.isAfter(retryAt) ? at : retryAt;
    }

    /** What forwarding a claimed row means for its review hold. */
    public enum Outcome {
        /** Never held: forwarded as any other. */
        NOT_HELD,
        /** An admin decided: forwarded with the admin's category and OPD. */
        DECIDED,
        /** The hold ran out without a decision: forwarded with intake's (fallback) disposition; noted in the history. */
        HOLD_ENDED
    }

    /**
     * @param heldUntil the row's {@code held_until}, null when never held
     * @param decided   the row's {@code hold_decided}
     */
    public static Outcome outcome(Instant heldUntil, boolean decided) {
        if (heldUntil == null) return Outcome.NOT_HELD;
        return decided ? Outcome.DECIDED : Outcome.HOLD_ENDED;
    }

    /**
     * The history note of a held complaint forwarded because its hold ended (English, like every stored note;
     * the console shows it in Indonesian, {@code history.holdEnded}).
     */
    public static String holdEndedNote(Complaint.Disposition d) {
        return "category review hold ended without an admin's decision: forwarded to OPD "
                + (d == null ? "-" : d.institutionId() + " " + d.name());
    }

    /** The history note of a held complaint an admin decided on: it goes to LAPOR! now ({@code history.holdDecided}). */
    public static String decidedNote(String user) {
        return "category review decided by " + user + ": forwarded to LAPOR! now";
    }
}
