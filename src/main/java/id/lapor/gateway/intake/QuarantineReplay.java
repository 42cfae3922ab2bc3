package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a quarantined input through its channel's normaliser (after a fix or a configuration
 * change). Accepted: goes through the shared intake and the item becomes REPLAYED with its ticket.
 * Ignored: the item becomes IGNORED. Still rejected: the item stays OPEN with the new reason.
 */
public class QuarantineReplay {

    public record Result(QuarantineStore.State state, String ticket, String reason) {}

    private final QuarantineStore store;
    private final ComplaintIntake intake;
    private final Map<Channel, ChannelReplayer> replayers = new EnumMap<>(Channel.class);
    private final TransactionTemplate tx;
    private final Clock clock;

    public QuarantineReplay(QuarantineStore store, ComplaintIntake intake, List<ChannelReplayer> replayers,
                            TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.intake = intake;
        this.tx = tx;
        this.clock = clock;
        for (ChannelReplayer r : replayers) this.replayers.put(r.channel(), r);
    }

    /** Empty if there is no such item; throws IllegalStateException if it cannot be replayed. */
    public Optional<Result> replay(long id) {
        QuarantineStore.Item item = store.find(id).orElse(null);
        if (item == null) return Optional.empty();
        if (item.state() != QuarantineStore.State.OPEN) {
            throw new IllegalStateException("quarantine item " + id + " is " + item.state() + ", not OPEN");
        }
        ChannelReplayer replayer = replayers.get(item.channel());
        if (replayer == null) throw new IllegalStateException("no normaliser for channel " + item.channel() + " is running");
        byte[] raw = store.raw(item).orElseThrow(() -> new IllegalStateException("raw bytes of item " + id + " are missing"));
        Normalisation n = replayer.normaliseRaw(raw, item.instance());
        Instant now = clock.instant();
        if (n instanceof Normalisation.Accepted a) {
            IntakeReceipt receipt = intake.accept(a.draft(), raw, item.rawMediaType());
            if (receipt.outcome() == IntakeReceipt.Outcome.QUARANTINED) {
                tx.executeWithoutResult(s -> store.markReplayed(id, QuarantineStore.State.OPEN, null, receipt.reason(), now));
                return Optional.of(new Result(QuarantineStore.State.OPEN, null, receipt.reason()));
            }
            tx.executeWithoutResult(s -> store.markReplayed(id, QuarantineStore.State.REPLAYED, receipt.ticket(), null, now));
            return Optional.of(new Result(QuarantineStore.State.REPLAYED, receipt.ticket(), receipt.outcome().name()));
        }
        if (n instanceof Normalisation.Ignored i) {
            tx.executeWithoutResult(s -> store.markReplayed(id, QuarantineStore.State.IGNORED, null, i.reason(), now));
            return Optional.of(new Result(QuarantineStore.State.IGNORED, null, i.reason()));
        }
        Normalisation.Rejected r = (Normalisation.Rejected) n;
        String reason = r.reasonClass() + ": " + r.reason();
        tx.executeWithoutResult(s -> store.markReplayed(id, QuarantineStore.State.OPEN, null, reason, now));
        return Optional.of(new Result(QuarantineStore.State.OPEN, null, reason));
    }
}
