package id.lapor.gateway.channel.email;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.reply.StatusUpdates;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import org.apache.camel.Exchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * Camel glue of the email route: turns the polled {@link Message} into the typed raw payload (its
 * bytes as the server holds them, its folder, UIDVALIDITY and UID) and, after intake committed,
 * picks the folder the mail moves to: quarantined mail to the quarantine folder, ignored mail to the
 * ignored folder, everything else to the processed folder ({@link FolderMoves} moves them in bulk).
 */
public class EmailReception {

    private final EmailProperties props;
    private final FolderMoves moves;
    private final EmailCommands commands;
    private final StatusUpdates updates;
    private final ComplaintIntake intake;
    private final Clock clock;

    public EmailReception(EmailProperties props, FolderMoves moves, EmailCommands commands, StatusUpdates updates,
                          ComplaintIntake intake, Clock clock) {
        this.props = props;
        this.moves = moves;
        this.commands = commands;
        this.updates = updates;
        this.intake = intake;
        this.clock = clock;
    }

    /**
     * BERHENTI / MULAI ({@link EmailCommands}): switches the sender's status updates off or on and queues the confirmation
     * ({@link StatusUpdates#optOut}, committed before this returns), and answers an IGNORED receipt, so the mail moves to
     * the ignored folder. Any other mail is returned unchanged, to be normalised.
     */
    public Object answerCommand(EmailMessage mail) {
        Optional<EmailCommands.UpdatesSwitch> command = commands.updatesSwitch(mail);
        if (command.isEmpty()) return mail;
        updates.optOut(Channel.EMAIL, mail.instance(), command.get().recipient(), command.get().stop(), clock.instant());
        String reason = command.get().stop() ? "status updates stopped (BERHENTI)" : "status updates resumed (MULAI)";
        intake.ignored(Channel.EMAIL, reason);
        return IntakeReceipt.ignored(reason);
    }

    /** Reads the whole message from the server; a connection problem throws, so the mail stays and is tried again. */
    public EmailMessage read(Exchange exchange) throws MessagingException, IOException, InterruptedException,
            org.apache.camel.InvalidPayloadException {
        Message m = exchange.getMessage().getMandatoryBody(Message.class);
        moves.track(exchange, m, m.getSize());
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
        m.writeTo(out);
        Folder folder = m.getFolder();
        long uidValidity = 0;
        long uid = 0;
        if (folder instanceof UIDFolder uf) {
            uidValidity = uf.getUIDValidity();
            uid = uf.getUID(m);
        }
        return new EmailMessage(out.toByteArray(), props.instance(), folder == null ? null : folder.getFullName(), uidValidity, uid);
    }

    /** Sets the folder the mail moves to once this exchange completed (after the commit). */
    public void chooseFolder(Exchange exchange) {
        IntakeReceipt receipt = exchange.getMessage().getBody(IntakeReceipt.class);
        String folder = props.imap().processedFolder();
        if (receipt != null && receipt.outcome() == IntakeReceipt.Outcome.QUARANTINED) folder = props.imap().quarantineFolder();
        else if (receipt != null && receipt.outcome() == IntakeReceipt.Outcome.IGNORED) folder = props.imap().ignoredFolder();
        exchange.setProperty(FolderMoves.FOLDER, folder);
    }
}
