package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.channel.chat.ChatReplyTexts;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.CitizenReply;
import id.lapor.gateway.reply.ReplyChannel;
import id.lapor.gateway.reply.ReplyOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * WhatsApp's part of the reply loop: one reply as one Cloud API message from
 * {@code channels.whatsapp.phone-number-id} ({@link WhatsAppGraphClient}). Meta allows free text only
 * within 24 hours of the citizen's last message (customer service window, {@link WhatsAppContacts});
 * after it, or when Meta answers error 131047 for a free text, the approved template
 * ({@code replies.template}) goes out with the ticket as its parameter; a status update (kind STATUS_UPDATE) goes
 * out by {@code replies.status-template} instead, its parameters the ticket and the update's text, and fails when that
 * template is not configured (the acknowledgement template would tell the citizen the wrong thing). A reply without a ticket (help)
 * outside the window cannot go out: Failed. The wamid Meta returns is the provider id, which the webhook's
 * {@code statuses} find the reply by. Outcomes: accepted → {@code Sent(wamid)}; 5xx, 429, reset or timeout →
 * {@code RetryLater}; any other refusal → {@code Failed}.
 */
public class WhatsAppReplyChannel implements ReplyChannel {

    /** What {@code citizen_reply.body} keeps of a template message. */
    static final String TEMPLATE_BODY = "[template %s: %s]";

    /**
     * Longest body of a template message as the citizen gets it, in characters: Meta's limit of 1,024 characters
     * applies to the body component's text with its parameters filled in, not to each parameter. Sources, checked
     * 2026-11-30 (REFERENCE.md does not cover WhatsApp): Meta for Developers, "Template components" (body text:
     * "Maximum 1024 characters", developers.facebook.com/documentation/business-messaging/whatsapp/templates/components);
     * BSP guides that send through the Cloud API say the same for the filled-in body (Messangi, "Text Message Template":
     * "when sending the message template, the total number of characters may not exceed 1024"; Vonage, Bird). An
     * earlier version allowed 1,024 characters for the text parameter alone, from memory, which with the ticket and
     * the template's own words could exceed the limit.
     */
    public static final int TEMPLATE_BODY_MAX = 1024;

    /**
     * What the status template's own words may take (its fixed text around {@code {{1}}} and {@code {{2}}}, e.g.
     * "Pembaruan aduan {{1}} di LAPOR!: {{2}}"): the template registered with Meta must keep within it.
     */
    public static final int TEMPLATE_FIXED_TEXT_MAX = 200;

    /**
     * Longest text parameter of the status template, in characters: {@value #TEMPLATE_BODY_MAX} less the template's
     * own words ({@value #TEMPLATE_FIXED_TEXT_MAX}) and the ticket ({@value id.lapor.gateway.complaint.Ticket#LENGTH}
     * symbols).
     */
    public static final int TEMPLATE_PARAMETER_MAX = TEMPLATE_BODY_MAX - TEMPLATE_FIXED_TEXT_MAX - id.lapor.gateway.complaint.Ticket.LENGTH;

    private final WhatsAppGraphClient graph;
    private final WhatsAppContacts contacts;
    private final ChatReplyTexts texts;
    private final WhatsAppProperties.Replies cfg;
    private final Clock clock;

    public WhatsAppReplyChannel(WhatsAppGraphClient graph, WhatsAppContacts contacts, ChatReplyTexts texts,
                                WhatsAppProperties.Replies cfg, Clock clock) {
        this.graph = graph;
        this.contacts = contacts;
        this.texts = texts;
        this.cfg = cfg;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public Optional<String> refusal(CitizenReply reply) {
        return waId(reply.recipient()).isEmpty() ? Optional.of("recipient is not a whatsapp:+<number> address") : Optional.empty();
    }

    @Override
    public ReplyOutcome send(CitizenReply reply) {
        String waId = waId(reply.recipient()).orElse(null);
        if (waId == null) return new ReplyOutcome.Failed("recipient is not a whatsapp:+<number> address");
        String text = reply.body() != null ? reply.body()
                : reply.kind() == CitizenReplies.Kind.ACK && reply.ticket() != null ? texts.ack(reply.ticket()) : null;
        if (text == null) return new ReplyOutcome.Failed("nothing to send: no text and no ticket");
        if (withinWindow(reply.instance(), waId, clock.instant())) {
            WhatsAppGraphClient.SendResult r = graph.sendText(waId, text);
            if (r instanceof WhatsAppGraphClient.SendResult.Accepted a) return new ReplyOutcome.Sent(a.wamid(), text);
            WhatsAppGraphClient.SendResult.Refused refused = (WhatsAppGraphClient.SendResult.Refused) r;
            Integer code = refused.errorCode();
            if (code == null || code != WhatsAppGraphClient.OUTSIDE_SERVICE_WINDOW) return outcome(refused);
            // Meta says the window closed (its clock, or a message we never saw): the template instead
        }
        if (reply.ticket() == null) return new ReplyOutcome.Failed("outside the 24-hour window and no ticket for the template");
        if (reply.kind() == CitizenReplies.Kind.STATUS_UPDATE) return statusTemplate(waId, reply.ticket(), text);
        WhatsAppGraphClient.SendResult r = graph.sendTemplate(waId, cfg.template().name(), cfg.template().language(), reply.ticket());
        if (r instanceof WhatsAppGraphClient.SendResult.Accepted a) {
            return new ReplyOutcome.Sent(a.wamid(), TEMPLATE_BODY.formatted(cfg.template().name(), reply.ticket()));
        }
        return outcome((WhatsAppGraphClient.SendResult.Refused) r);
    }

    /**
     * A status update outside the window: {@code replies.status-template} with (ticket, text). Meta refuses a text
     * parameter with a line break, a tab or more than four spaces in a row (error 132018), so those become one space.
     */
    private ReplyOutcome statusTemplate(String waId, String ticket, String text) {
        WhatsAppProperties.Template t = cfg.statusTemplate();
        if (t == null) return new ReplyOutcome.Failed("outside the 24-hour window and no replies.status-template for a status update");
        String parameter = templateParameter(text);
        WhatsAppGraphClient.SendResult r = graph.sendTemplate(waId, t.name(), t.language(), ticket, parameter);
        if (r instanceof WhatsAppGraphClient.SendResult.Accepted a) {
            return new ReplyOutcome.Sent(a.wamid(), TEMPLATE_BODY.formatted(t.name(), ticket + " | " + parameter));
        }
        return outcome((WhatsAppGraphClient.SendResult.Refused) r);
    }

    /** {@code text} as a template's text parameter: no line breaks or tabs, no run of more than one space. */
    static String templateParameter(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /**
     * Whether {@code text} goes out as one WhatsApp reply: free text takes 4,096 characters, but a status update may
     * have to go as the status template's parameter, so with that template configured it is
     * {@value #TEMPLATE_PARAMETER_MAX} characters (after {@link #templateParameter}); {@link id.lapor.gateway.reply.StatusUpdates}
     * cuts LAPOR!'s note to this.
     */
    @Override
    public boolean fits(String text) {
        if (!ReplyChannel.super.fits(text)) return false;
        return cfg.statusTemplate() == null || templateParameter(text).length() <= TEMPLATE_PARAMETER_MAX;
    }

    /** Whether free text may go to {@code waId} at {@code now}: its last message is at most {@code free-text-window} old. */
    boolean withinWindow(String instance, String waId, Instant now) {
        Optional<Instant> last = contacts.lastInbound(instance, waId);
        Duration window = cfg.freeTextWindow();
        return last.isPresent() && !now.isAfter(last.get().plus(window));
    }

    private static ReplyOutcome outcome(WhatsAppGraphClient.SendResult.Refused r) {
        return r.temporary() ? new ReplyOutcome.RetryLater(r.reason()) : new ReplyOutcome.Failed(r.reason());
    }

    /** The digits of {@code whatsapp:+<digits>}, as the Cloud API's {@code to} takes them. */
    static Optional<String> waId(String recipient) {
        if (recipient == null || !recipient.matches("whatsapp:\\+\\d{6,15}")) return Optional.empty();
        return Optional.of(recipient.substring("whatsapp:+".length()));
    }
}
