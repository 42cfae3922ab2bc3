package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.ReplyLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens to a verified webhook body before the normaliser ({@code direct:whatsapp-webhook}):
 * <ul>
 *   <li>a body that is not a WhatsApp webhook goes on whole, to be rejected (PARSE) and quarantined;</li>
 *   <li>{@code statuses} update the delivery state of our replies (delivered, read → DELIVERED; failed →
 *       UNDELIVERED; sent changes nothing: the reply is SENT already);</li>
 *   <li>each message records the citizen's last message time (24-hour rule); reactions, stickers and
 *       unsupported types are counted as ignored, with their reason ({@code gateway.whatsapp.ignored});
 *       CEK/INFO are answered (queued reply) and make no complaint;</li>
 *   <li>every other message goes on as its own {@link WhatsAppMessage}, with its media fetched.</li>
 * </ul>
 * Everything it writes commits before it returns, so the webhook's 200 follows the commit.
 */
public class WhatsAppReception {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppReception.class);

    private final String instance;
    private final WhatsAppContacts contacts;
    private final WhatsAppCommands commands;
    private final CitizenReplies replies;
    private final ReplyLoop replyLoop;
    private final ComplaintIntake intake;
    private final WhatsAppMedia media;
    private final MeterRegistry meters;
    private final Clock clock;

    public WhatsAppReception(String instance, WhatsAppContacts contacts, WhatsAppCommands commands, CitizenReplies replies,
                             ReplyLoop replyLoop, ComplaintIntake intake, WhatsAppMedia media, MeterRegistry meters, Clock clock) {
        this.instance = instance;
        this.contacts = contacts;
        this.commands = commands;
        this.replies = replies;
        this.replyLoop = replyLoop;
        this.intake = intake;
        this.media = media;
        this.meters = meters;
        this.clock = clock;
    }

    /** @param body a webhook body whose signature was verified; returns the messages to normalise, in order */
    public List<WhatsAppMessage> receive(byte[] body) {
        WhatsAppPayload.Parsed parsed;
        try {
            parsed = WhatsAppPayload.parse(body);
        } catch (WhatsAppPayload.Malformed e) {
            return List.of(new WhatsAppMessage(instance, null, body));
        }
        for (WhatsAppPayload.Status s : parsed.statuses()) status(s);
        for (int i = 0; i < parsed.otherChanges(); i++) ignored("webhook field other than messages");
        List<WhatsAppMessage> out = new ArrayList<>();
        for (WhatsAppPayload.Inbound in : parsed.messages()) {
            WhatsAppMessage m = message(in);
            if (m != null) out.add(m);
        }
        return out;
    }

    private WhatsAppMessage message(WhatsAppPayload.Inbound in) {
        Optional<String> e164 = WhatsAppNormaliser.e164(in.from());
        Instant now = clock.instant();
        if (e164.isPresent()) {
            Instant at = in.timestamp() == null || in.timestamp().isAfter(now) ? now : in.timestamp();
            contacts.inbound(e164.get().substring(1), at);
        }
        Optional<String> ignored = WhatsAppNormaliser.ignoredType(in.type());
        if (ignored.isPresent()) {
            ignored(ignored.get());
            return null;
        }
        WhatsAppPayload.Message msg;
        try {
            msg = WhatsAppPayload.message(in.envelope());
        } catch (WhatsAppPayload.Malformed e) {
            return new WhatsAppMessage(instance, in.wamid(), in.envelope());
        }
        if (e164.isPresent() && "text".equals(in.type())) {
            Optional<WhatsAppCommands.Answer> answer = commands.answer("whatsapp:" + e164.get(), WhatsAppNormaliser.part(msg).text());
            if (answer.isPresent()) {
                WhatsAppCommands.Answer a = answer.get();
                replies.enqueue(Channel.WHATSAPP, instance, a.recipient(), a.kind(), a.ticket(), a.body(), now);
                ignored(a.kind() == CitizenReplies.Kind.HELP ? "help request answered" : "status query answered");
                return null;
            }
        }
        if (!WhatsAppNormaliser.MEDIA_TYPES.contains(in.type())) return new WhatsAppMessage(instance, in.wamid(), in.envelope());
        String mediaId = WhatsAppPayload.text(msg.message().path(in.type()), "id");
        List<ComplaintDraft.AttachmentContent> files = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        WhatsAppGraphClient.MediaResult r = media.fetch(mediaId);
        if (r instanceof WhatsAppGraphClient.MediaResult.Fetched f) {
            files.add(new ComplaintDraft.AttachmentContent(filename(msg, in.type(), mediaId), f.bytes()));
        } else if (r instanceof WhatsAppGraphClient.MediaResult.TooLarge) {
            flags.add("WHATSAPP_MEDIA_TOO_LARGE:" + mediaId);
        } else {
            flags.add("WHATSAPP_MEDIA_UNAVAILABLE:" + mediaId);
        }
        return new WhatsAppMessage(instance, in.wamid(), in.envelope(), files, flags);
    }

    /** A document's own file name, else {@code <type>-<media id>}. */
    static String filename(WhatsAppPayload.Message msg, String type, String mediaId) {
        String name = WhatsAppPayload.text(msg.message().path(type), "filename");
        return name != null && !name.isBlank() ? name : type + "-" + mediaId;
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
        String code = error.strip().split("\\s+", 2)[0];
        String state = "FAILED " + code;
        return state.length() > 32 ? state.substring(0, 32) : state;
    }

    private void ignored(String reason) {
        intake.ignored(Channel.WHATSAPP, reason);
        Counter.builder("gateway.whatsapp.ignored").description("WhatsApp webhook items that are not complaints, by reason")
                .tag("reason", reason).register(meters).increment();
        log.debug("WhatsApp input ignored: {}", reason);
    }
}
