package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.IntakeDispatcher;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.StatusUpdates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happens to a deliver_sm before the normaliser: a delivery receipt updates the reply it is
 * about; a part is stored and, once its siblings are all there, the whole message goes on; CEK/STATUS
 * and INFO/BANTUAN are answered and BERHENTI/MULAI switch status updates; they create no complaint. Every step commits before the route
 * returns, so deliver_sm_resp is only ever sent for something stored.
 */
public class SmsReception {

    private static final Logger log = LoggerFactory.getLogger(SmsReception.class);

    private final SmsDecoding decoding;
    private final SmsPartStore parts;
    private final SmsCommands commands;
    private final CitizenReplies replies;
    private final ComplaintIntake intake;
    private final Duration partTimeout;
    private final String instance;
    private final Clock clock;
    /** Where delivery receipts go: they mark replies, and one for an unknown message id waits out its grace there. */
    private final SmsReceipts receipts;
    private final StatusUpdates updates;

    public SmsReception(SmsDecoding decoding, SmsPartStore parts, SmsTextParser parser, SmsReplyTexts texts,
                        CitizenReplies replies, SmsReceipts receipts, Ledger ledger, ComplaintIntake intake,
                        Duration partTimeout, String instance, String senderRegion, Clock clock, StatusUpdates updates) {
        this.updates = updates;
        this.instance = instance;
        this.receipts = receipts;
        this.decoding = decoding;
        this.parts = parts;
        this.commands = new SmsCommands(parser, texts, ledger::find, senderRegion);
        this.replies = replies;
        this.intake = intake;
        this.partTimeout = partTimeout;
        this.clock = clock;
    }

    /** The message to normalise, or null when there is nothing more to do (receipt recorded, part stored). */
    public SmsMessage receive(SmsPdu pdu) {
        SmsDecoding.Decoded d = decoding.decode(pdu, instance);
        if (d instanceof SmsDecoding.Decoded.Whole w) return w.message();
        if (d instanceof SmsDecoding.Decoded.Receipt r) {
            receipts.record(r.messageId(), r.state());
            return null;
        }
        SmsPart part = ((SmsDecoding.Decoded.Part) d).part();
        SmsPartStore.Added added = parts.add(part);
        if (added == SmsPartStore.Added.OF_SETTLED_MESSAGE) {
            intake.ignored(Channel.SMS, "part of a message already received");
            return null;
        }
        if (added == SmsPartStore.Added.DUPLICATE) log.debug("SMS part {}/{} received again; stored once", part.seq(), part.total());
        List<SmsPart> stored = parts.parts(part.messageKey());
        if (stored.size() < part.total()) return null;
        return decoding.assemble(stored, pdu.raw());
    }

    /** Messages whose parts stopped arriving: what was received, flagged SMS_INCOMPLETE. */
    public List<SmsMessage> expired() {
        List<SmsMessage> out = new ArrayList<>();
        Instant cutoff = clock.instant().minus(partTimeout);
        parts.purgeSettled(cutoff);
        for (String key : parts.expired(cutoff, 100)) {
            List<SmsPart> stored = parts.parts(key);
            if (!stored.isEmpty()) out.add(decoding.assemble(stored, stored.get(0).userData()));
        }
        return out;
    }

    /** After the message committed (as a complaint, in quarantine or ignored): its stored parts are settled. */
    public void settled(@org.apache.camel.ExchangeProperty(IntakeDispatcher.INPUT) SmsMessage m) {
        if (m != null && m.partKey() != null) parts.settle(m.partKey(), clock.instant());
    }

    /**
     * Answers CEK/STATUS and INFO/BANTUAN ({@link SmsCommands}) by queueing the reply, and BERHENTI/MULAI by switching
     * the number's status updates off or on ({@link StatusUpdates#optOut}, which queues the confirmation); returns null then,
     * or the message unchanged when it is not a command.
     */
    public SmsMessage answerCommand(SmsMessage m) {
        Optional<SmsCommands.UpdatesSwitch> updatesSwitch = commands.updatesSwitch(m);
        if (updatesSwitch.isPresent()) {
            updates.optOut(Channel.SMS, m.instance(), updatesSwitch.get().recipient(), updatesSwitch.get().stop(), clock.instant());
            intake.ignored(Channel.SMS, updatesSwitch.get().stop() ? "status updates stopped (BERHENTI)" : "status updates resumed (MULAI)");
            settled(m);
            return null;
        }
        Optional<SmsCommands.Answer> answer = commands.answer(m);
        if (answer.isEmpty()) return m;
        SmsCommands.Answer a = answer.get();
        replies.enqueue(Channel.SMS, m.instance(), a.recipient(), a.kind(), a.ticket(), a.body(), clock.instant());
        intake.ignored(Channel.SMS, a.kind() == CitizenReplies.Kind.HELP ? "help request answered" : "status query answered");
        settled(m);
        return null;
    }
}
