package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Complaint;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Indonesian texts a chat channel sends, from the {@code replies.templates} and
 * {@code replies.status-names} of its {@code channel-config/<channel>.yaml}. Templates: {@value #TEMPLATES};
 * placeholders {@code {ticket}}, {@code {status}}, {@code {lapor_id}}. Nothing the citizen typed is echoed
 * except a ticket-shaped word.
 */
public final class ChatReplyTexts {

    /** The templates every chat channel defines. */
    public static final String TEMPLATES = "ack, status, status-lapor, unknown-ticket, not-found, help";
    public static final List<String> REQUIRED = List.of("ack", "status", "status-lapor", "unknown-ticket", "not-found", "help");

    private final Map<String, String> templates;
    private final Map<String, String> statusNames;

    /** @throws IllegalArgumentException when a template of {@link #REQUIRED} is missing */
    public ChatReplyTexts(Map<String, String> templates, Map<String, String> statusNames) {
        for (String t : REQUIRED) if (templates == null || !templates.containsKey(t)) throw new IllegalArgumentException("no chat template '" + t + "'");
        this.templates = Map.copyOf(templates);
        this.statusNames = statusNames == null ? Map.of() : Map.copyOf(statusNames);
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
        return templates.get(template).replace("{ticket}", ticket == null ? "" : ticket)
                .replace("{status}", status == null ? "" : status)
                .replace("{lapor_id}", laporId == null ? "" : laporId.toString());
    }
}
