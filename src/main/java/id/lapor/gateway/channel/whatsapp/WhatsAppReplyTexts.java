package id.lapor.gateway.channel.whatsapp;

import id.lapor.gateway.complaint.Complaint;

import java.util.Locale;
import java.util.Map;

/**
 * The Indonesian texts the WhatsApp channel sends, from {@code channels.whatsapp.replies.templates} in
 * channel-config/whatsapp.yaml. Placeholders: {ticket}, {status}, {lapor_id}. Nothing the citizen typed
 * is echoed except a ticket-shaped word.
 */
public final class WhatsAppReplyTexts {

    private final Map<String, String> templates;
    private final Map<String, String> statusNames;

    public WhatsAppReplyTexts(WhatsAppProperties.Replies replies) {
        this.templates = replies.templates();
        this.statusNames = replies.statusNames();
    }

    public String ack(String ticket) {
        return render("ack", ticket, null, null);
    }

    public String help() {
        return render("help", null, null, null);
    }

    /** The status of a complaint as its owner may see it. */
    public String status(Complaint c) {
        String status = statusNames.getOrDefault(c.status().name(), c.status().name().toLowerCase(Locale.ROOT));
        Long laporId = c.lapor() == null ? null : c.lapor().complaintId();
        return laporId == null ? render("status", c.ticket(), status, null) : render("status-lapor", c.ticket(), status, laporId);
    }

    public String unknownTicket(String typed) {
        return render("unknown-ticket", typed, null, null);
    }

    public String notFound(String ticket) {
        return render("not-found", ticket, null, null);
    }

    private String render(String template, String ticket, String status, Long laporId) {
        String t = templates.get(template);
        if (t == null) throw new IllegalStateException("no WhatsApp template '" + template + "'");
        return t.replace("{ticket}", ticket == null ? "" : ticket)
                .replace("{status}", status == null ? "" : status)
                .replace("{lapor_id}", laporId == null ? "" : laporId.toString());
    }
}
