package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.channel.chat.ChatCommands;
import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.channel.chat.ChatPart;
import id.lapor.gateway.channel.chat.ChatText;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.StatusUpdates;
import id.lapor.gateway.reply.ReplyLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What a verified webhook body becomes ({@code direct:whatsapp-webhook}), every step committed before this
 * returns, so the webhook's 200 follows the commit and Meta's retry of anything not answered 200 loses nothing:
 * <ul>
 *   <li>a body that is not a WhatsApp webhook: quarantined with its raw bytes (PARSE);</li>
 *   <li>{@code statuses}: the delivery state of our reply with that wamid (delivered, read → DELIVERED; failed →
 *       UNDELIVERED with Meta's error code; sent changes nothing, the reply is SENT already);</li>
 *   <li>each message: reactions, stickers and unsupported types counted as ignored ({@code gateway.whatsapp.ignored{reason}});
 *       a message that cannot be used quarantined with its envelope; CEK/INFO answered once, BERHENTI/MULAI recorded through StatusUpdates#optOut (recorded by wamid,
 *       the answer queued in the same transaction); every other message appended to its sender's open
 *       conversation ({@link ChatConversations#append}, dedup by wamid), which the chat core closes into one
 *       complaint after the quiet period. The stored parts also tell when the citizen last wrote (24-hour rule,
 *       {@link WhatsAppContacts}).</li>
 * </ul>
 */
public class WhatsAppReception {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppReception.class);

    /** Media type of quarantined WhatsApp input. */
    public static final String RAW_MEDIA_TYPE = "application/json";

    private final String instance;
    private final ChatConversations chats;
    private final ChatCommands commands;
    private final CitizenReplies replies;
    private final ReplyLoop replyLoop;
    private final ComplaintIntake intake;
    private final StatusUpdates statusUpdates;
    private final MeterRegistry meters;
    private final Clock clock;

    public WhatsAppReception(String instance, ChatConversations chats, ChatCommands commands,
                             CitizenReplies replies, ReplyLoop replyLoop, ComplaintIntake intake, StatusUpdates statusUpdates,
                             MeterRegistry meters, Clock clock) {
        this.statusUpdates = statusUpdates;
        this.instance = instance;
        this.chats = chats;
        this.commands = commands;
        this.replies = replies;
        this.replyLoop = replyLoop;
        this.intake = intake;
        this.meters = meters;
        this.clock = clock;
    }

    /** @param body a webhook body whose signature was verified, exactly as received */
    public void receive(byte[] body) {
        WhatsAppPayload.Parsed parsed;
        try {
            parsed = WhatsAppPayload.parse(body);
        } catch (WhatsAppPayload.Malformed e) {
            intake.quarantine(Channel.WHATSAPP, instance, null, body, RAW_MEDIA_TYPE, ReasonClass.PARSE,
                    "WhatsApp webhook unreadable: " + e.getMessage());
            return;
        }
        for (WhatsAppPayload.Status s : parsed.statuses()) status(s);
        for (int i = 0; i < parsed.otherChanges(); i++) ignored("webhook field other than messages");
        if (parsed.messages().isEmpty() && parsed.statuses().isEmpty() && parsed.otherChanges() == 0) ignored(WhatsAppNormaliser.NO_MESSAGES);
        for (WhatsAppPayload.Inbound in : parsed.messages()) message(in);
    }

    private void message(WhatsAppPayload.Inbound in) {
        Instant now = clock.instant();
        WhatsAppParts.Read read = WhatsAppParts.read(in, instance, now);
        if (read instanceof WhatsAppParts.Read.Ignored i) {
            ignored(i.reason());
            return;
        }
        if (read instanceof WhatsAppParts.Read.Invalid i) {
            // a wamid too long to be a key is kept only in the envelope
            String id = in.wamid() != null && in.wamid().length() <= ChatText.ID_MAX ? in.wamid() : null;
            intake.quarantine(Channel.WHATSAPP, instance, id, in.envelope(), RAW_MEDIA_TYPE, i.reasonClass(), i.reason());
            return;
        }
        ChatPart part = ((WhatsAppParts.Read.Part) read).part();
        Optional<ChatCommands.Answer> answer = part.media().isEmpty() && "text".equals(in.type())
                ? commands.answer(part.text(), part.conversationKey()) : Optional.empty();
        if (answer.isPresent()) {
            ChatCommands.Answer a = answer.get();
            String recipient = part.conversationKey();
            ChatConversations.Appended r = chats.recordOnly(part, "COMMAND", a.optOut()
                    ? () -> statusUpdates.optOut(Channel.WHATSAPP, instance, recipient, a.updates() == ChatCommands.Updates.STOP, now)
                    : () -> replies.enqueue(Channel.WHATSAPP, instance, recipient, a.kind(), a.ticket(), a.body(), now));
            if (r == ChatConversations.Appended.STORED) {
                ignored(ChatCommands.ignoreReason(a));
            }
            return;
        }
        if (chats.append(part) == ChatConversations.Appended.DUPLICATE) log.debug("WhatsApp message received again; stored once");
    }

    private void status(WhatsAppPayload.Status s) {
        String state = s.status() == null ? "" : s.status().toLowerCase(Locale.ROOT);
        switch (state) {
            case "delivered", "read" -> replyLoop.delivery(s.wamid(), state.toUpperCase(Locale.ROOT), true);
            case "failed" -> replyLoop.delivery(s.wamid(), failedState(s.error()), false);
            default -> ignored("sent".equals(state) ? "status sent" : "unknown status");
        }
    }

    /** {@code FAILED} and Meta's error code (the column holds 32 characters; the title is not kept). */
    static String failedState(String error) {
        if (error == null || error.isBlank()) return "FAILED";
        String state = "FAILED " + error.strip().split("\\s+", 2)[0];
        return state.length() > 32 ? state.substring(0, 32) : state;
    }

    private void ignored(String reason) {
        intake.ignored(Channel.WHATSAPP, reason);
        Counter.builder("gateway.whatsapp.ignored").description("WhatsApp webhook items that are not complaints, by reason")
                .tag("reason", reason).register(meters).increment();
    }
}
