package id.lapor.gateway.channel.email;

import id.lapor.gateway.intake.CitizenCommands;
import jakarta.mail.MessagingException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The e-mail commands, decided before normalising, plain Java: a mail whose whole own text is {@code BERHENTI} /
 * {@code STOP} (or {@code MULAI} / {@code START}) switches the sender's status updates off (or on again), by the one rule
 * of {@link CitizenCommands}. The own text is the body without the quoted mail it answers and without the signature
 * ({@link ReplyTrimmer}, as the normaliser reads it); when that is empty, the subject without reply prefixes and a
 * bracketed ticket is read instead ("BERHENTI" as a subject with an empty body). Never a command: an automated mail
 * ({@link AutoMail}: auto-replies, bounces, lists, our own mail), a mail without a sender, a mail that forwards another,
 * a mail larger than {@value #MAX_COMMAND_BYTES} bytes (a command is a few lines; bigger mail is not read twice).
 * Other commands (CEK, INFO) are not answered by e-mail: such a mail is a complaint as before.
 */
public final class EmailCommands {

    /** Larger mail is never read as a command. */
    static final int MAX_COMMAND_BYTES = 64 * 1024;

    private static final Pattern REPLY_PREFIX = Pattern.compile("(?i)^\\s*(re|fwd?|fw|aw|wg|tr|bls|balas|trs|rv|sv|vs|antw)\\s*(\\[\\d+])?\\s*:\\s*");
    private static final Pattern BRACKETED = Pattern.compile("\\[[^\\[\\]]{0,20}]");

    /**
     * BERHENTI ({@code stop}) or MULAI from {@code recipient} ({@code mailto:} and the From address, as the complaint's
     * {@code channel_user_id}).
     */
    public record UpdatesSwitch(String recipient, boolean stop) {}

    private final MailReader reader;
    private final List<String> ownAddresses;

    public EmailCommands(EmailProperties props) {
        this.reader = new MailReader(props.limits().maxAttachmentBytes());
        this.ownAddresses = props.ownAddresses().stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /** BERHENTI / MULAI from the sender of {@code mail}, or empty (any other mail, which goes on to the normaliser). */
    public Optional<UpdatesSwitch> updatesSwitch(EmailMessage mail) {
        if (mail.raw().length > MAX_COMMAND_BYTES) return Optional.empty();
        MailReader.Parsed m;
        try {
            m = reader.read(mail.raw());
        } catch (MessagingException | RuntimeException e) {
            return Optional.empty(); // the normaliser quarantines it with its reason
        }
        if (m.fromAddress() == null || !m.forwarded().isEmpty()) return Optional.empty();
        if (AutoMail.reason(m::header, m.topMediaType(), m.fromAddress(), m.subject(), ownAddresses).isPresent()) return Optional.empty();
        String own = m.text() == null ? "" : ReplyTrimmer.trimmed(m.text()).text().strip();
        String text = own.isEmpty() ? subjectText(m.subject()) : own;
        Optional<CitizenCommands.Command> command = CitizenCommands.parse(text);
        if (command.isEmpty()) return Optional.empty();
        String recipient = "mailto:" + m.fromAddress();
        if (command.get() instanceof CitizenCommands.Command.StopUpdates) return Optional.of(new UpdatesSwitch(recipient, true));
        if (command.get() instanceof CitizenCommands.Command.ResumeUpdates) return Optional.of(new UpdatesSwitch(recipient, false));
        return Optional.empty();
    }

    private static String subjectText(String subject) {
        if (subject == null) return "";
        String s = BRACKETED.matcher(subject).replaceAll(" ").replaceAll("\\s+", " ").strip();
        for (var p = REPLY_PREFIX.matcher(s); p.find(); p = REPLY_PREFIX.matcher(s)) s = s.substring(p.end()).strip();
        return s;
    }
}
