package id.lapor.gateway.simulator;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    private final String bindAddress;
    private final Session session = Session.getInstance(new Properties());
    private GreenMail mail;
    private GreenMailUser mailbox;
    private volatile boolean locked;

    /** Port 0 picks a free port. Call {@link #start()} to open the sockets. */
    public MailServerSimulator(int imapPort, int smtpPort, String address, String username, String password) {
        this("127.0.0.1", imapPort, smtpPort, address, username, password);
    }

    /** As above, listening on {@code bindAddress} (0.0.0.0 in a container). */
    public MailServerSimulator(String bindAddress, int imapPort, int smtpPort, String address, String username, String password) {
        this.bindAddress = bindAddress;
        this.imapPort = imapPort == 0 ? freePort() : imapPort;
        this.smtpPort = smtpPort == 0 ? freePort() : smtpPort;
        this.address = address;
        this.username = username;
        this.password = password;
    }

    public synchronized MailServerSimulator start() {
        if (mail != null) return this;
        mail = new NoDelayGreenMail(new ServerSetup[] {new ServerSetup(smtpPort, bindAddress, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, bindAddress, ServerSetup.PROTOCOL_IMAP)});
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
        // GreenMail now and then drops a connection that SELECTs a folder while another session moves
        // mail out of it; a reader of the simulator wants the count, so such a drop is retried
        for (int attempt = 1; ; attempt++) {
            try {
                return countMessages(session, imapPort, username, password, folder);
            } catch (MessagingException e) {
                if (attempt == 3) throw new IllegalStateException("cannot read folder " + folder + ": " + e.getMessage(), e);
            }
        }
    }

    /** Messages in {@code folder} of the mailbox at 127.0.0.1:{@code port} not flagged \Deleted (0 if there is no such folder). */
    public static int countMessages(Session session, int port, String username, String password, String folder) throws MessagingException {
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", port, username, password);
            Folder f = store.getFolder(folder);
            if (!f.exists()) return 0;
            f.open(Folder.READ_ONLY);
            try {
                // two server-side counts, no per-message reads: a message expunged meanwhile cannot fail it
                return f.getMessageCount() - f.getDeletedMessageCount();
            } finally {
                f.close(false);
            }
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

    /** Not {@code new ServerSocket(0)}: two of those in a row (IMAP, then SMTP) can return the same ephemeral port. */
    private static int freePort() {
        return id.lapor.gateway.support.FreePorts.pick();
    }

    /**
     * GreenMail writes an IMAP response in several small TCP writes; with Nagle's algorithm on and the
     * client's delayed ACK each command then waits about 40 ms (measured: 11 messages/s for a bare
     * fetch loop). Real servers (Dovecot, Exchange) answer in one flush, so the simulator's IMAP
     * sockets are set TCP_NODELAY to behave like them.
     */
    private static final class NoDelayGreenMail extends GreenMail {
        NoDelayGreenMail(ServerSetup[] setups) {
            super(setups);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
            Map<String, AbstractServer> services = super.createServices(setups, managers);
            AbstractServer imap = services.get(ServerSetup.PROTOCOL_IMAP);
            if (imap != null) {
                services.put(ServerSetup.PROTOCOL_IMAP, new NoDelayImapServer(imap.getServerSetup(), managers));
            }
            return services;
        }
    }

    private static final class NoDelayImapServer extends AbstractServer {
        NoDelayImapServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            try {
                socket.setTcpNoDelay(true);
            } catch (SocketException e) {
                // the connection is already gone; the handler will notice
            }
            return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
        }
    }
}
