package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.channel.chat.ChatCommands;
import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.channel.chat.ChatPart;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.StatusUpdates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What happens to one Telegram update, in polling and webhook mode alike, before the platform is
 * acknowledged (the offset moves past it, or the webhook answers 200): every path commits before
 * {@link #receive} returns.
 *
 * <ul>
 *   <li>a message → stored as a part of its chat's open conversation ({@link ChatConversations#append});
 *       the conversation becomes one complaint after the quiet period ({@code routes/chat.yaml});</li>
 *   <li>{@code /start}, {@code /help}, {@code CEK <ticket>}, {@code INFO} → answered on their own
 *       ({@link ChatCommands}), the answer queued in the same transaction that records the update, so a
 *       redelivered command is answered once;</li>
 *   <li>BERHENTI/STOP, MULAI/START (plain text; {@code /start} is help) → {@link StatusUpdates#optOut} in the
 *       transaction that records the update (it queues the confirmation);</li>
 *   <li>{@code edited_message} → the part's text replaced while its conversation is open, else a revision
 *       of the complaint it became ({@link ChatConversations#edit}); when that conversation closed without a
 *       complaint (a greeting only) the edited text is taken as a new message;</li>
 *   <li>group, channel and bot messages, other update types → counted as ignored;</li>
 *   <li>malformed JSON, no update_id → quarantined with the raw bytes (PARSE).</li>
 * </ul>
 * The same update_id twice is stored once.
 */
public class TelegramReception {

    private static final Logger log = LoggerFactory.getLogger(TelegramReception.class);
    /** Media type of a quarantined update. */
    public static final String RAW_MEDIA_TYPE = "application/json";

    /** What {@link #receive} did with an update. */
    public enum Outcome { STORED, DUPLICATE, COMMAND, EDITED, REVISION, IGNORED, QUARANTINED }

    private final ChatConversations store;
    private final ChatCommands commands;
    private final CitizenReplies replies;
    private final ComplaintIntake intake;
    private final StatusUpdates statusUpdates;
    private final String instance;
    private final Clock clock;

    public TelegramReception(ChatConversations store, ChatCommands commands, CitizenReplies replies, ComplaintIntake intake,
                             StatusUpdates statusUpdates, String instance, Clock clock) {
        this.statusUpdates = statusUpdates;
        this.store = store;
        this.commands = commands;
        this.replies = replies;
        this.intake = intake;
        this.instance = instance;
        this.clock = clock;
    }

    /**
     * Handles one update's raw JSON (exact bytes); returns after what it led to committed.
     *
     * @throws RuntimeException only for an outage (the store is down): the update is not acknowledged then
     */
    public Outcome receive(byte[] raw) {
        Instant now = clock.instant();
        TelegramUpdates.Parsed parsed = TelegramUpdates.parse(raw, instance, now);
        if (parsed instanceof TelegramUpdates.Parsed.Malformed m) {
            intake.quarantine(Channel.TELEGRAM, instance, m.updateId(), raw, RAW_MEDIA_TYPE, ReasonClass.PARSE, m.reason());
            return Outcome.QUARANTINED;
        }
        if (parsed instanceof TelegramUpdates.Parsed.Ignore i) {
            intake.ignored(Channel.TELEGRAM, i.reason());
            return Outcome.IGNORED;
        }
        if (parsed instanceof TelegramUpdates.Parsed.Edit e) {
            ChatConversations.EditResult r = store.edit(e.edit());
            return switch (r.outcome()) {
                case REPLACED -> Outcome.EDITED;
                case REVISION -> {
                    log.info("Telegram edit recorded as a revision of {}", r.ticket());
                    yield Outcome.REVISION;
                }
                case DUPLICATE -> Outcome.DUPLICATE;
                case UNKNOWN_ORIGINAL -> {
                    intake.ignored(Channel.TELEGRAM, "edit of a message that is part of no conversation");
                    yield Outcome.IGNORED;
                }
                case NO_COMPLAINT -> {
                    if (e.asMessage() == null) {
                        intake.ignored(Channel.TELEGRAM, "edit of a message that is part of no conversation");
                        yield Outcome.IGNORED;
                    }
                    yield message(e.asMessage(), now);
                }
            };
        }
        return message(((TelegramUpdates.Parsed.Message) parsed).part(), now);
    }

    /** A message (or an edit taken as one): a command answered, or a part of its chat's conversation. */
    private Outcome message(ChatPart part, Instant now) {
        if (part.media().isEmpty() && part.location() == null) {
            String recipient = part.reporter().channelUserId();
            Optional<ChatCommands.Answer> answer = commands.answer(part.text(), recipient);
            if (answer.isPresent()) {
                ChatCommands.Answer a = answer.get();
                ChatConversations.Appended done = store.recordOnly(part, "COMMAND", a.optOut()
                        ? () -> statusUpdates.optOut(Channel.TELEGRAM, instance, recipient, a.updates() == ChatCommands.Updates.STOP, now)
                        : () -> replies.enqueue(Channel.TELEGRAM, instance, recipient, a.kind(), a.ticket(), a.body(), now));
                if (done == ChatConversations.Appended.DUPLICATE) return Outcome.DUPLICATE;
                intake.ignored(Channel.TELEGRAM, ChatCommands.ignoreReason(a));
                return Outcome.COMMAND;
            }
        }
        ChatConversations.Appended done = store.append(part);
        if (done == ChatConversations.Appended.DUPLICATE) {
            log.debug("Telegram update {} received again; stored once", part.externalId());
            return Outcome.DUPLICATE;
        }
        return Outcome.STORED;
    }

    /**
     * Quarantines an update whose handling failed {@code failures} times in a row (the poller's last resort, so one
     * update that can never be stored does not stop the channel): its exact bytes, reason class INTERNAL, for replay
     * once the cause is fixed. Committed when this returns.
     *
     * @throws RuntimeException when the store is down (then it was an outage after all)
     */
    public void quarantineUnhandled(byte[] raw, String updateId, int failures, RuntimeException cause) {
        intake.quarantine(Channel.TELEGRAM, instance, updateId, raw, RAW_MEDIA_TYPE, ReasonClass.INTERNAL,
                "handling failed " + failures + " times in a row (" + cause.getClass().getSimpleName() + "); kept for replay once that is fixed");
    }
}
