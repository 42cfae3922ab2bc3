package id.lapor.gateway.channel.email;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.reply.CitizenReplies;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Sends due email acknowledgements over SMTP (rows of {@code citizen_reply} the intake transaction
 * queued). One per address within {@code ack-window}; none to automated addresses; a failed send is
 * retried after {@code retry-delay} up to {@code max-attempts}. Each mail says
 * {@code Auto-Submitted: auto-replied} so other robots do not answer it.
 */
public class EmailReplySender {

    private static final Logger log = LoggerFactory.getLogger(EmailReplySender.class);
    private static final int BATCH = 20;

    private final CitizenReplies replies;
    private final Ledger ledger;
    private final EmailAcks acks;
    private final EmailProperties props;
    private final Session session;
    private final Clock clock;

    public EmailReplySender(CitizenReplies replies, Ledger ledger, EmailAcks acks, EmailProperties props, Clock clock) {
        this.replies = replies;
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

    /** One poll: claims due acknowledgements and sends them. Returns how many went out. */
    public synchronized int sendDue() {
        EmailProperties.Replies cfg = props.replies();
        if (!cfg.enabled()) return 0;
        Instant now = clock.instant();
        List<CitizenReplies.Due> due = replies.claim(Channel.EMAIL, BATCH, now, cfg.retryDelay().plus(props.smtp().timeout()));
        int sent = 0;
        for (CitizenReplies.Due d : due) {
            String address = d.recipient().startsWith("mailto:") ? d.recipient().substring(7) : d.recipient();
            Optional<String> refusal = acks.refusal(address);
            if (refusal.isPresent()) {
                replies.suppressed(d.id(), refusal.get());
                continue;
            }
            if (replies.suppressRepeatAck(d, cfg.ackWindow(), clock.instant())) continue;
            Optional<Complaint> complaint = d.ticket() == null ? Optional.empty() : ledger.find(d.ticket());
            if (complaint.isEmpty()) {
                replies.suppressed(d.id(), "no complaint " + d.ticket());
                continue;
            }
            EmailAcks.Ack ack = acks.compose(complaint.get(), d.ticket(), address);
            String messageId = EmailNormaliser.ackMessageId(complaint.get().ticket(),
                    Long.toString(d.id(), 36) + "." + UUID.randomUUID().toString().substring(0, 8), cfg.messageIdDomain());
            try {
                send(ack, messageId);
                replies.sent(d, stored(ack), messageId, clock.instant());
                sent++;
            } catch (MessagingException | UnsupportedEncodingException e) {
                boolean giveUp = d.attempts() >= cfg.maxAttempts();
                replies.failed(d.id(), e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant().plus(cfg.retryDelay()), giveUp);
                log.warn("email acknowledgement {} for ticket {} failed (attempt {}{}): {}", d.id(), d.ticket(), d.attempts(),
                        giveUp ? ", giving up" : "", e.getClass().getSimpleName());
            }
        }
        return sent;
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
