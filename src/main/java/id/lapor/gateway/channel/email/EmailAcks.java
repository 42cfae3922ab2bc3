package id.lapor.gateway.channel.email;

import id.lapor.gateway.complaint.Complaint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an acknowledgement says and whether one goes out at all: never to a no-reply or automated
 * address; the Indonesian templates of channel-config/email.yaml filled with the ticket, the
 * citizen's name and the attachments that were left out and why. Threading headers point at the
 * citizen's mail; the Message-ID carries the ticket so a reply finds its complaint.
 */
public final class EmailAcks {

    /** A mail to send. */
    public record Ack(String to, String subject, String body, String inReplyTo) {}

    private final EmailProperties.Replies cfg;
    private final String fromName;
    private final List<Pattern> noReply;

    public EmailAcks(EmailProperties.Replies cfg, String fromName) {
        this.cfg = cfg;
        this.fromName = fromName == null ? "" : fromName;
        this.noReply = cfg.noReplyPatterns().stream().map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
    }

    /** Why no acknowledgement goes to {@code address}, or empty when one may. */
    public Optional<String> refusal(String address) {
        if (address == null || !address.contains("@")) return Optional.of("no mail address");
        String a = address.toLowerCase(Locale.ROOT);
        for (Pattern p : noReply) if (p.matcher(a).find()) return Optional.of("automated address (" + p.pattern() + ")");
        return Optional.empty();
    }

    /** The acknowledgement of {@code c}; {@code ticket} is what the citizen is told (the original's for a duplicate). */
    public Ack compose(Complaint c, String ticket, String address) {
        Map<String, String> t = cfg.templates();
        String name = c.reporter() != null && c.reporter().name() != null ? c.reporter().name() : t.get("name-unknown");
        String template = c.followUpOf() != null ? t.get("follow-up") : t.get("ack");
        String body = template.replace("{name}", name).replace("{ticket}", ticket)
                .replace("{original}", c.followUpOf() == null ? "" : c.followUpOf())
                .replace("{dropped}", dropped(c.flags())).replace("{from_name}", fromName);
        String title = c.title() == null ? "" : c.title();
        String subject = t.get("subject").replace("{ticket}", c.followUpOf() != null ? c.followUpOf() : ticket).replace("{subject}", title).strip();
        String inReplyTo = c.source() != null && c.source().externalId() != null && c.source().externalId().startsWith("<")
                ? c.source().externalId() : null;
        return new Ack(address, subject, body.replaceAll("\n{3,}", "\n\n"), inReplyTo);
    }

    /**
     * Any other mail to a citizen (a status update, the answer to BERHENTI / MULAI): {@code text} in the {@code notice}
     * template. About a complaint {@code c} (may be null) it goes under the acknowledgement's subject and
     * {@code In-Reply-To} the citizen's mail, so it threads with the acknowledgement; else under {@code notice-subject}.
     */
    public Ack notice(Complaint c, String ticket, String address, String text) {
        Map<String, String> t = cfg.templates();
        String name = c != null && c.reporter() != null && c.reporter().name() != null ? c.reporter().name() : t.get("name-unknown");
        String body = t.get("notice").replace("{name}", name).replace("{from_name}", fromName).replace("{text}", text);
        if (c == null) return new Ack(address, t.get("notice-subject"), body, null);
        String subjectTicket = c.followUpOf() != null ? c.followUpOf() : ticket;
        String subject = t.get("subject").replace("{ticket}", subjectTicket).replace("{subject}", c.title() == null ? "" : c.title()).strip();
        String inReplyTo = c.source() != null && c.source().externalId() != null && c.source().externalId().startsWith("<")
                ? c.source().externalId() : null;
        return new Ack(address, subject, body, inReplyTo);
    }

    private String dropped(List<String> flags) {
        List<String> items = new ArrayList<>();
        for (String f : flags) {
            String[] fileAndReason = AttachmentScreen.Dropped.fromFlag(f);
            if (fileAndReason == null) continue;
            String why = cfg.droppedReasons().getOrDefault(fileAndReason[1], fileAndReason[1]);
            items.add(cfg.templates().get("dropped-item").replace("{file}", fileAndReason[0]).replace("{why}", why));
        }
        if (items.isEmpty()) return "";
        return "\n" + cfg.templates().get("dropped").replace("{items}", String.join("\n", items));
    }
}
