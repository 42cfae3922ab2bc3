package id.lapor.gateway.simulator;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * A real mail server in-process (GreenMail): IMAP holding the complaint mailbox, SMTP taking the
 * gateway's acknowledgements into the citizens' mailboxes. Demo mode and the tests use it; mail can
 * be dropped straight into the complaint mailbox as raw .eml bytes, and what the gateway sent can be
 * read back per recipient.
 */
public final class MailServerSimulator implements AutoCloseable {

    private final int imapPort;
    private final int smtpPort;
    private final String address;
    private final String username;
    private final String password;
    private final Session session = Session.getInstance(new Properties());
    private GreenMail mail;
    private GreenMailUser mailbox;
    private volatile boolean locked;

    /** Port 0 picks a free port. Call {@link #start()} to open the sockets. */
    public MailServerSimulator(int imapPort, int smtpPort, String address, String username, String password) {
        this.imapPort = imapPort == 0 ? freePort() : imapPort;
        this.smtpPort = smtpPort == 0 ? freePort() : smtpPort;
        this.address = address;
        this.username = username;
        this.password = password;
    }

    public synchronized MailServerSimulator start() {
        if (mail != null) return this;
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mailbox = mail.setUser(address, username, locked ? password + "-changed" : password);
        return this;
    }

    public int imapPort() {
        return imapPort;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** Drops a message into the complaint mailbox's INBOX, as if it had arrived by SMTP. */
    public void deliver(byte[] eml) {
        try {
            mailbox.deliver(new MimeMessage(session, new ByteArrayInputStream(eml)));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not a message: " + e.getMessage(), e);
        }
    }

    /** Messages the gateway sent to {@code recipient} (its acknowledgements), oldest first. */
    public List<MimeMessage> sentTo(String recipient) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(recipient))) out.add(m);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Number of messages in a folder of the complaint mailbox (0 when the folder does not exist). */
    public int count(String folder) {
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", imapPort, username, password);
            Folder f = store.getFolder(folder);
            if (!f.exists()) return 0;
            f.open(Folder.READ_ONLY);
            try {
                int n = 0;
                for (Message m : f.getMessages()) if (!m.isSet(jakarta.mail.Flags.Flag.DELETED)) n++;
                return n;
            } finally {
                f.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** New logins to the complaint mailbox fail (its password changed) until {@link #restoreAccount()}; open sessions go on. */
    public synchronized void lockAccount() {
        locked = true;
        if (mailbox != null) mailbox.setPassword(password + "-changed");
    }

    public synchronized void restoreAccount() {
        locked = false;
        if (mailbox != null) mailbox.setPassword(password);
    }

    @Override
    public synchronized void close() {
        if (mail != null) mail.stop();
        mail = null;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
