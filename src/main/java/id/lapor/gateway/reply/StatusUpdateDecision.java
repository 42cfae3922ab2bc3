package id.lapor.gateway.reply;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.Ledger;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether a LAPOR! status change is told to the citizen, and where. Plain Java, no I/O but the opt-out look-up it is
 * given.
 * <ul>
 *   <li><b>Which statuses</b>: the ones with a text in {@code status-updates.texts} (shipped: VERIFIED, IN_PROGRESS,
 *       COMPLETED, REJECTED, i.e. LAPOR!'s "Terverifikasi", "Dalam Proses", "Selesai", "Ditolak" through
 *       {@code forward.LaporStatusMapping}). Others ("Belum Terverifikasi", an unknown name that keeps the status) are
 *       not status updates at all: {@link Decision.NotTold}, nothing recorded.</li>
 *   <li><b>Where</b>: only ever to the address the ticket acknowledgement went to, {@link Ledger#ackRecipient}: the
 *       sender's own address on the channel the complaint came by. No other address of the complaint is used (not the
 *       phone an e-mail complaint mentions, not a letter signer's contact). This is the confidentiality rule: a
 *       confidential (rahasia) complaint is told only to its sender, and since every complaint is told only to its
 *       sender, confidential and open complaints are treated alike. An anonymous (anonim) complaint is told too: the
 *       anonymity is towards LAPOR! and the public, and the reply goes back to the sender's own channel.</li>
 *   <li><b>Skipped, with a counted reason</b>: {@code SKIPPED_NO_CHANNEL} when the channel has no reply loop (letters,
 *       social posts) or the complaint has no address to reply to; {@code SKIPPED_DISABLED} when the channel's replies
 *       or its {@code channels.<channel>.status-updates.enabled} are off; {@code SKIPPED_OPTOUT} when the reporter sent
 *       BERHENTI on that channel.</li>
 * </ul>
 */
public final class StatusUpdateDecision {

    /** Statuses LAPOR! can move a complaint to (the gateway's own RECEIVED, DUPLICATE and PARKED are never LAPOR!'s). */
    public static final Set<ComplaintStatus> LAPOR_STATUSES = EnumSet.of(ComplaintStatus.FORWARDED, ComplaintStatus.VERIFIED,
            ComplaintStatus.IN_PROGRESS, ComplaintStatus.COMPLETED, ComplaintStatus.ARCHIVED, ComplaintStatus.REJECTED);

    /** What becomes of one (ticket, status). */
    public enum Outcome {
        ENQUEUED, SKIPPED_OPTOUT, SKIPPED_DISABLED, SKIPPED_NO_CHANNEL;

        /** The metric tag: {@code enqueued}, {@code skipped_optout}, … */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The decision. */
    public sealed interface Decision {
        /** Not a status the citizen is told about: nothing is recorded. */
        record NotTold() implements Decision {}

        /** Tell {@code recipient} on {@code channel}, from {@code instance} (the intake point it came in by). */
        record Tell(Channel channel, String instance, String recipient) implements Decision {}

        /** Recorded as decided but not sent; {@code outcome} is never ENQUEUED. */
        record Skip(Channel channel, Outcome outcome, String reason) implements Decision {}
    }

    private final Set<ComplaintStatus> told;
    private final Set<Channel> replying;
    private final Set<Channel> enabled;

    /**
     * @param told     statuses the citizen is told about
     * @param replying channels that have a reply loop (a {@link ReplyLoop} bean)
     * @param enabled  channels whose replies and status updates are switched on
     */
    public StatusUpdateDecision(Set<ComplaintStatus> told, Set<Channel> replying, Set<Channel> enabled) {
        this.told = Set.copyOf(told);
        this.replying = Set.copyOf(replying);
        this.enabled = Set.copyOf(enabled);
    }

    /** Whether {@code status} is one the citizen is told about. */
    public boolean tells(ComplaintStatus status) {
        return told.contains(status);
    }

    /**
     * @param c         the complaint as stored (its channel, source instance and reporter)
     * @param status    the status LAPOR! moved it to, as mapped
     * @param optedOut  whether a recipient of c's channel sent BERHENTI there
     */
    public Decision decide(Complaint c, ComplaintStatus status, Predicate<String> optedOut) {
        if (!told.contains(status) || c.duplicateOf() != null) return new Decision.NotTold();
        Channel channel = c.channel();
        if (!replying.contains(channel)) {
            return new Decision.Skip(channel, Outcome.SKIPPED_NO_CHANNEL, channel.key() + " has no reply loop");
        }
        Optional<String> recipient = Ledger.ackRecipient(c);
        if (recipient.isEmpty()) return new Decision.Skip(channel, Outcome.SKIPPED_NO_CHANNEL, "no address to reply to");
        if (!enabled.contains(channel)) {
            return new Decision.Skip(channel, Outcome.SKIPPED_DISABLED, "status updates on " + channel.key() + " are switched off");
        }
        if (optedOut.test(recipient.get())) {
            return new Decision.Skip(channel, Outcome.SKIPPED_OPTOUT, "reporter opted out (BERHENTI)");
        }
        String instance = c.source() == null ? null : c.source().instance();
        return new Decision.Tell(channel, instance, recipient.get());
    }
}
