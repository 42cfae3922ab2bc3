package id.lapor.gateway.channel.email;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.complaint.Ticket;
import id.lapor.gateway.intake.ChannelNormaliser;
import jakarta.mail.MessagingException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mail in, one answer out: Accepted (a complaint, or a follow-up of an earlier one), Ignored
 * (auto-replies, bounces, list mail, our own mail) or Rejected (not a message, too large, no sender,
 * nothing in it). Nothing else happens here: no I/O but the ticket look-up it is given.
 */
public final class EmailNormaliser implements ChannelNormaliser<EmailMessage> {

    private static final Pattern REPLY_PREFIX = Pattern.compile("(?i)^\\s*(re|fwd?|fw|aw|wg|tr|bls|balas|trs|rv|sv|vs|antw)\\s*(\\[\\d+])?\\s*:\\s*");
    private static final Pattern BRACKET = Pattern.compile("\\[\\s*([^\\[\\]]{1,20}?)\\s*]");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{Punct}\\s]+");

    private final MailReader reader;
    private final AttachmentScreen screen;
    private final EmailProperties props;
    private final Predicate<String> ticketKnown;
    private final Pattern ackMessageId;
    private final List<String> ownAddresses;
    private final Set<String> genericSubjects;

    /** @param ticketKnown whether a ticket is on record (a follow-up must refer to an existing complaint) */
    public EmailNormaliser(EmailProperties props, Predicate<String> ticketKnown) {
        this.props = props;
        this.reader = new MailReader(props.limits().maxAttachmentBytes());
        this.screen = new AttachmentScreen(props.allowedTypes(), props.limits());
        this.ticketKnown = ticketKnown;
        this.ackMessageId = Pattern.compile("<lapor\\.([0-9A-Za-z]{9})\\.[^@>]*@" + Pattern.quote(props.replies().messageIdDomain()) + ">",
                Pattern.CASE_INSENSITIVE);
        this.ownAddresses = props.ownAddresses().stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).toList();
        Set<String> generic = new java.util.HashSet<>();
        for (String s : props.genericSubjects()) generic.add(PUNCTUATION.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip());
        this.genericSubjects = Set.copyOf(generic);
    }

    /** The Message-ID an acknowledgement of {@code ticket} carries; a reply's In-Reply-To leads back to the ticket. */
    public static String ackMessageId(String ticket, String unique, String domain) {
        return "<lapor." + ticket + "." + unique + "@" + domain + ">";
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Normalisation normaliseRaw(byte[] raw, String instance) {
        return normalise(EmailMessage.of(raw, instance));
    }

    @Override
    public Class<EmailMessage> inputType() {
        return EmailMessage.class;
    }

    /** One mail as the mailbox holds it (RFC 5322 bytes). */
    @Override
    public Normalisation normalise(EmailMessage mail) {
        long max = props.limits().maxMessageBytes();
        if (mail.raw().length > max) {
            return Normalisation.rejected(ReasonClass.TOO_LARGE, "message of " + mail.raw().length + " bytes is over the limit of " + max);
        }
        MailReader.Parsed m;
        try {
            m = reader.read(mail.raw());
        } catch (MessagingException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return Normalisation.rejected(ReasonClass.PARSE, "not a readable mail message: " + (why.length() > 200 ? why.substring(0, 200) : why));
        }
        var auto = AutoMail.reason(m::header, m.topMediaType(), m.fromAddress(), m.subject(), ownAddresses);
        if (auto.isPresent()) return Normalisation.ignored(auto.get());
        if (m.fromAddress() == null) return Normalisation.rejected(ReasonClass.VALIDATION, "no valid sender address (From)");

        Set<String> flags = new LinkedHashSet<>(m.problems());
        Subject subject = subject(m.subject(), flags);
        String followUpOf = threadTicket(m).orElse(subject.ticket());

        AttachmentScreen.Verdict verdict = screen.screen(m.attachments());
        verdict.dropped().forEach(d -> flags.add(d.flag()));
        List<ComplaintDraft.AttachmentContent> attachments = verdict.kept().stream()
                .map(k -> new ComplaintDraft.AttachmentContent(k.filename(), k.bytes(), k.mediaType())).toList();

        String content = content(m, flags);
        if (content.isBlank()) {
            if (flags.stream().anyMatch(f -> f.startsWith("EMAIL_SMIME_ENCRYPTED:"))) {
                // the citizen's words are inside the encryption: a complaint made of the subject would lose them
                return Normalisation.rejected(ReasonClass.UNSUPPORTED, "encrypted S/MIME mail (enveloped-data): its text can only be "
                        + "read with the recipient's private key, which the gateway does not hold");
            }
            if (!attachments.isEmpty()) {
                content = "(Surel tanpa teks; lihat lampiran: " + String.join(", ", verdict.kept().stream().map(AttachmentScreen.Kept::filename).toList()) + ")";
                flags.add("EMAIL_BODY_EMPTY");
            } else if (subject.title() != null) {
                content = subject.title();
                flags.add("EMAIL_BODY_EMPTY");
            } else {
                String dropped = verdict.dropped().isEmpty() ? "" : " (left out: " + String.join(", ", verdict.dropped().stream().map(AttachmentScreen.Dropped::flag).toList()) + ")";
                return Normalisation.rejected(ReasonClass.VALIDATION, "empty message: no text, no subject and no attachment kept" + dropped);
            }
        }
        int maxChars = props.limits().maxTextChars();
        if (content.length() > maxChars) {
            flags.add("EMAIL_TEXT_TRUNCATED:" + content.length());
            int cut = Character.isLowSurrogate(content.charAt(maxChars)) ? maxChars - 1 : maxChars;
            content = content.substring(0, cut) + "\n[…]";
        }
        Complaint.Reporter reporter = new Complaint.Reporter(m.fromName(), null, m.fromAddress(), "mailto:" + m.fromAddress(),
                subject.anonymous(), subject.confidential());
        String externalId = m.messageId() != null ? m.messageId() : mail.positionId();
        return Normalisation.accepted(ComplaintDraft.of(Channel.EMAIL, "mailto:" + m.fromAddress()).instance(mail.instance())
                .externalId(externalId).reporter(reporter).title(subject.title()).content(content).language("id")
                .attachments(attachments).flags(new ArrayList<>(flags)).followUpOf(followUpOf).build());
    }

    /** The subject as a title without reply prefixes, the citizen's markers and a ticket reference. */
    record Subject(String title, boolean confidential, boolean anonymous, String ticket) {}

    Subject subject(String raw, Set<String> flags) {
        if (raw == null) return new Subject(null, false, false, null);
        boolean confidential = false;
        boolean anonymous = false;
        String ticket = null;
        StringBuilder rest = new StringBuilder();
        Matcher b = BRACKET.matcher(raw);
        int last = 0;
        while (b.find()) {
            String inside = b.group(1).strip();
            String upper = inside.toUpperCase(Locale.ROOT);
            boolean consumed = true;
            if (upper.equals("RAHASIA")) confidential = true;
            else if (upper.equals("ANONIM") || upper.equals("ANONYMOUS")) anonymous = true;
            else {
                Ticket.Parsed parsed = Ticket.parse(inside);
                if (parsed instanceof Ticket.Parsed.Valid v) {
                    if (ticketKnown.test(v.ticket())) ticket = v.ticket();
                    else flags.add("EMAIL_TICKET_UNKNOWN:" + v.ticket());
                } else if (parsed instanceof Ticket.Parsed.Mistyped mt && inside.matches(".*\\d.*")) {
                    // a bracketed word of nine letters is a word; a typo of a ticket has digits in it
                    flags.add("EMAIL_TICKET_MISTYPED:" + mt.canonical());
                } else {
                    consumed = false;
                }
            }
            rest.append(raw, last, consumed ? b.start() : b.end());
            last = b.end();
        }
        rest.append(raw.substring(last));
        String title = rest.toString().replaceAll("\\s+", " ").strip();
        for (Matcher p = REPLY_PREFIX.matcher(title); p.find(); p = REPLY_PREFIX.matcher(title)) {
            title = title.substring(p.end()).strip();
        }
        if (genericSubjects.contains(PUNCTUATION.matcher(title.toLowerCase(Locale.ROOT)).replaceAll(" ").strip())) title = null;
        return new Subject(title, confidential, anonymous, ticket);
    }

    /** The ticket of the acknowledgement this mail answers, from In-Reply-To or References. */
    private java.util.Optional<String> threadTicket(MailReader.Parsed m) {
        List<String> ids = new ArrayList<>(m.inReplyTo());
        List<String> references = new ArrayList<>(m.references());
        java.util.Collections.reverse(references); // the latest reference is the last
        ids.addAll(references);
        for (String id : ids) {
            Matcher ack = ackMessageId.matcher(id);
            if (ack.matches()) {
                var valid = Ticket.valid(ack.group(1));
                if (valid.isPresent() && ticketKnown.test(valid.get())) return valid;
            }
        }
        return java.util.Optional.empty();
    }

    /** The citizen's own words, then each forwarded message with its sender. */
    private static String content(MailReader.Parsed m, Set<String> flags) {
        ReplyTrimmer.Trimmed own = ReplyTrimmer.trimmed(m.text());
        flags.addAll(own.flags());
        StringBuilder sb = new StringBuilder(own.text());
        for (MailReader.Forwarded f : m.forwarded()) {
            flags.add("EMAIL_FORWARDED");
            if (!sb.isEmpty()) sb.append("\n\n");
            sb.append("---------- Pesan diteruskan ----------\n");
            if (f.fromAddress() != null) {
                sb.append("Dari: ").append(f.fromName() == null ? "" : f.fromName() + " ").append('<').append(f.fromAddress()).append(">\n");
            }
            if (f.date() != null) sb.append("Tanggal: ").append(f.date().strip()).append('\n');
            if (f.subject() != null && !f.subject().isBlank()) sb.append("Subjek: ").append(f.subject()).append('\n');
            sb.append('\n').append(f.text().strip());
        }
        return sb.toString().strip();
    }
}
