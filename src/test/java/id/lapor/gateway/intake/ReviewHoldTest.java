package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The category review hold's decisions (issue #20), with a clock that moves only when told. */
class ReviewHoldTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-30T02:00:00Z");
    private final ReviewHold hold = new ReviewHold(Duration.ofHours(4));

    private static Complaint complaint(List<String> flags, String duplicateOf) {
        return Complaint.builder().ticket("T1CKET000").channel(Channel.SMS).receivedAt(RECEIVED).status(ComplaintStatus.RECEIVED)
                .flags(flags).duplicateOf(duplicateOf).disposition(new Complaint.Disposition("1001", "Dinas Kominfo")).build();
    }

    private static final List<String> UNSURE = List.of("CATEGORY_REVIEW:JALAN 0.21, ENERGI 0.18, LAINNYA 0.10");

    @Test
    void aComplaintMarkedForReviewIsDueWhenItsHoldEnds() {
        Complaint c = complaint(UNSURE, null);
        assertThat(hold.heldUntil(c)).contains(Instant.parse("2026-11-30T06:00:00Z"));
        assertThat(hold.dueAt(c)).isEqualTo(Instant.parse("2026-11-30T06:00:00Z"));
    }

    @Test
    void aSureComplaintADuplicateOrAZeroHoldIsDueAtOnce() {
        assertThat(hold.heldUntil(complaint(List.of("ADMIN_OPD:1002"), null))).isEmpty();
        assertThat(hold.dueAt(complaint(List.of(), null))).isEqualTo(RECEIVED);
        assertThat(hold.heldUntil(complaint(UNSURE, "D0PL1CATE"))).isEmpty();
        assertThat(new ReviewHold(Duration.ZERO).dueAt(complaint(UNSURE, null))).isEqualTo(RECEIVED);
        assertThat(ReviewHold.NONE.heldUntil(complaint(UNSURE, null))).isEmpty();
        assertThatThrownBy(() -> new ReviewHold(Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theQueueShowsTheAutomaticForwardingOnlyWhileTheHoldIsAhead() {
        MutableClock clock = new MutableClock(RECEIVED.plus(Duration.ofHours(1)));
        Instant end = hold.heldUntil(complaint(UNSURE, null)).orElseThrow();
        assertThat(ReviewHold.forwardsAutomaticallyAt("PENDING", end, false, clock.instant())).contains(end);
        // decided by an admin, never held, already claimed or sent: nothing to announce
        assertThat(ReviewHold.forwardsAutomaticallyAt("PENDING", end, true, clock.instant())).isEmpty();
        assertThat(ReviewHold.forwardsAutomaticallyAt("PENDING", null, false, clock.instant())).isEmpty();
        assertThat(ReviewHold.forwardsAutomaticallyAt("IN_FLIGHT", end, false, clock.instant())).isEmpty();
        assertThat(ReviewHold.forwardsAutomaticallyAt("DONE", end, false, clock.instant())).isEmpty();
        assertThat(ReviewHold.forwardsAutomaticallyAt(null, end, false, clock.instant())).isEmpty();
        clock.advance(Duration.ofHours(3)); // the hold's end itself: due now, no longer ahead
        assertThat(ReviewHold.forwardsAutomaticallyAt("PENDING", end, false, clock.instant())).isEmpty();
    }

    @Test
    void aFollowUpOfAHeldComplaintIsLookedAtOnceAMinuteNotAtEveryRetry() {
        Instant now = RECEIVED;
        Instant soon = now.plusSeconds(2);
        // the original is held for four hours: look again in a minute (an admin may release it)
        assertThat(ReviewHold.followUpRetryAt(now, soon, now.plus(Duration.ofHours(4)))).isEqualTo(now.plus(ReviewHold.FOLLOW_UP_LOOK));
        // due within the minute: look when it is due
        assertThat(ReviewHold.followUpRetryAt(now, soon, now.plusSeconds(20))).isEqualTo(now.plusSeconds(20));
        // due already, or not pending: the usual short delay
        assertThat(ReviewHold.followUpRetryAt(now, soon, now.minusSeconds(5))).isEqualTo(soon);
        assertThat(ReviewHold.followUpRetryAt(now, soon, null)).isEqualTo(soon);
        // a usual delay longer than the minute is kept
        assertThat(ReviewHold.followUpRetryAt(now, now.plus(Duration.ofMinutes(3)), now.plus(Duration.ofHours(4))))
                .isEqualTo(now.plus(Duration.ofMinutes(3)));
    }

    @Test
    void aHeldRowIsForwardedWithTheAdminsDecisionOrNotedAsHoldEnded() {
        assertThat(ReviewHold.outcome(null, false)).isEqualTo(ReviewHold.Outcome.NOT_HELD);
        assertThat(ReviewHold.outcome(RECEIVED, true)).isEqualTo(ReviewHold.Outcome.DECIDED);
        assertThat(ReviewHold.outcome(RECEIVED, false)).isEqualTo(ReviewHold.Outcome.HOLD_ENDED);
        assertThat(ReviewHold.holdEndedNote(new Complaint.Disposition("1001", "Dinas Kominfo")))
                .isEqualTo("category review hold ended without an admin's decision: forwarded to OPD 1001 Dinas Kominfo");
        assertThat(ReviewHold.decidedNote("admin")).isEqualTo("category review decided by admin: forwarded to LAPOR! now");
    }
}
