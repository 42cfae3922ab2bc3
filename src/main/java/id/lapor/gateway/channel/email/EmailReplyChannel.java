package id.lapor.gateway.channel.email;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.reply.CitizenReply;
import id.lapor.gateway.reply.ReplyChannel;
import id.lapor.gateway.reply.ReplyOutcome;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Email's part of the reply loop: one reply as one mail (an acknowledgement, or a status update or
 * answer to BERHENTI / MULAI in the {@code notice} template, {@link EmailAcks#notice}); an acknowledgement as one mail over SMTP ({@code channels.email.smtp.*}),
 * composed from the Indonesian templates by {@link EmailAcks}, with {@code In-Reply-To}/{@code References} to
 * the citizen's mail and a Message-ID {@code <lapor.<ticket>.<reply id>.<random>@<message-id-domain>>}
 * ({@link EmailNormaliser#ackMessageId}) by which a reply to it finds its ticket. Each mail says
 * {@code Auto-Submitted: auto-replied} (RFC 3834) so other robots do not answer it.
 * Refused (SUPPRESSED): automated addresses ({@code no-reply-patterns}) and an acknowledgement of a ticket with no complaint.
 * Outcomes: the SMTP server accepted the mail → {@code Sent(Message-ID)}; any SMTP or encoding error →
 * {@code RetryLater}.
 */
public class EmailReplyChannel implements ReplyChannel {

    private final Ledger ledger;
    private final EmailAcks acks;
    private final EmailProperties props;
    private final Session session;
    private final Clock clock;

    public EmailReplyChannel(Ledger ledger, EmailAcks acks, EmailProperties props, Clock clock) {
        this.ledger = ledger;
        this.acks = acks;
        this.props = props;
        this.clock = clock;
        this.session = Session.getInstance(smtpProperties(props.smtp()));
    }

    static Properties smtpProperties(EmailProperties.Smtp smtp) {
        String p = smtp.protocol();
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", p);
        props.setProperty("mail." + p + ".host", smtp.host());
        props.setProperty("mail." + p + ".port", String.valueOf(smtp.port()));
        EmailConfiguration.timeouts(props, p, smtp.timeout());
        props.setProperty("mail." + p + ".starttls.enable", String.valueOf(smtp.startTls()));
        props.setProperty("mail." + p + ".auth", String.valueOf(smtp.username() != null && !smtp.username().isBlank()));
        props.setProperty("mail." + p + ".from", smtp.from());
        return props;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Optional<String> refusal(CitizenReply reply) {
        Optional<String> refusal = acks.refusal(address(reply));
        if (refusal.isPresent()) return refusal;
        if (reply.kind() != CitizenReplies.Kind.ACK) return reply.body() == null ? Optional.of("nothing to send") : Optional.empty();
        if (reply.ticket() == null || ledger.find(reply.ticket()).isEmpty()) return Optional.of("no complaint " + reply.ticket());
        return Optional.empty();
    }

    @Override
    public ReplyOutcome send(CitizenReply reply) {
        Optional<Complaint> complaint = reply.ticket() == null ? Optional.empty() : ledger.find(reply.ticket());
        if (reply.kind() != CitizenReplies.Kind.ACK) return sendNotice(reply, complaint.orElse(null));
        if (complaint.isEmpty()) return new ReplyOutcome.Failed("no complaint " + reply.ticket());
        EmailAcks.Ack ack = acks.compose(complaint.get(), reply.ticket(), address(reply));
        String messageId = EmailNormaliser.ackMessageId(complaint.get().ticket(),
                Long.toString(reply.id(), 36) + "." + UUID.randomUUID().toString().substring(0, 8), props.replies().messageIdDomain());
        try {
            send(ack, messageId);
            return new ReplyOutcome.Sent(messageId, stored(ack));
        } catch (MessagingException | UnsupportedEncodingException e) {
            return new ReplyOutcome.RetryLater(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * A status update or an answer to BERHENTI / MULAI: the queued text in the {@code notice} template. One about a ticket
     * carries the ticket in its Message-ID too, so a reply to it ("BERHENTI", or more about the complaint) finds it.
     */
    private ReplyOutcome sendNotice(CitizenReply reply, Complaint complaint) {
        EmailAcks.Ack notice = acks.notice(complaint, reply.ticket(), address(reply), reply.body());
        String unique = Long.toString(reply.id(), 36) + "." + UUID.randomUUID().toString().substring(0, 8);
        String messageId = complaint != null
                ? EmailNormaliser.ackMessageId(complaint.ticket(), unique, props.replies().messageIdDomain())
                : "<lapor.notice." + unique + "@" + props.replies().messageIdDomain() + ">";
        try {
            send(notice, messageId);
            return new ReplyOutcome.Sent(messageId, stored(notice));
        } catch (MessagingException | UnsupportedEncodingException e) {
            return new ReplyOutcome.RetryLater(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String address(CitizenReply reply) {
        return reply.recipient().startsWith("mailto:") ? reply.recipient().substring(7) : reply.recipient();
    }

    private void send(EmailAcks.Ack ack, String messageId) throws MessagingException, UnsupportedEncodingException {
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        EmailProperties.Smtp smtp = props.smtp();
        m.setFrom(new InternetAddress(smtp.from(), smtp.fromName(), "UTF-8"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(ack.to()));
        m.setSubject(ack.subject(), "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        m.setText(ack.body(), "UTF-8");
        m.setHeader("Auto-Submitted", "auto-replied");
        m.setHeader("X-Auto-Response-Suppress", "All");
        if (ack.inReplyTo() != null) {
            m.setHeader("In-Reply-To", ack.inReplyTo());
            m.setHeader("References", ack.inReplyTo());
        }
        m.saveChanges();
        if (smtp.username() != null && !smtp.username().isBlank()) Transport.send(m, smtp.username(), smtp.password());
        else Transport.send(m);
    }

    /** What citizen_reply keeps of the mail: subject and body, cut to the column. */
    private static String stored(EmailAcks.Ack ack) {
        String s = ack.subject() + "\n\n" + ack.body();
        return s.length() > 1000 ? s.substring(0, 999) + "…" : s;
    }
}
