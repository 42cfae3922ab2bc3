package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.Ticket;

import java.util.Map;

/**
 * The Indonesian texts the SMS channel sends, from the templates in channel-config/sms.yaml.
 * Placeholders: {ticket}, {status}, {lapor_id}, {short_code}. Nothing the citizen typed is echoed
 * except a ticket-shaped word, so a NIK in a message never comes back over SMS.
 */
public final class SmsReplyTexts {

    private final Map<String, String> templates;
    private final Map<String, String> statusNames;
    private final String shortCode;

    public SmsReplyTexts(SmsProperties.Replies replies, String shortCode) {
        this.templates = replies.templates();
        this.statusNames = replies.statusNames();
        this.shortCode = shortCode;
    }

    /** Start-up check: the acknowledgement with a 9-character ticket fits one GSM-7 segment. */
    public void requireSingleSegmentAck() {
        String sample = ack("ABCDEFGH1");
        if (Gsm7.septets(sample) < 0 || Gsm7.septets(sample) > 160) {
            throw new IllegalStateException("channels.sms.replies.templates.ack must fit one SMS (160 GSM-7 characters) with a "
                    + Ticket.LENGTH + "-character ticket; it renders to " + sample.length() + " characters");
        }
    }

    public String ack(String ticket) {
        return render("ack", ticket, null, null);
    }

    public String help() {
        return render("help", null, null, null);
    }

    /** The status of a complaint as its owner may see it. */
    public String status(Complaint c) {
        String status = statusNames.getOrDefault(c.status().name(), c.status().name().toLowerCase(java.util.Locale.ROOT));
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
        if (t == null) throw new IllegalStateException("no SMS template '" + template + "'");
        return t.replace("{ticket}", ticket == null ? "" : ticket)
                .replace("{status}", status == null ? "" : status)
                .replace("{lapor_id}", laporId == null ? "" : laporId.toString())
                .replace("{short_code}", shortCode);
    }
}
