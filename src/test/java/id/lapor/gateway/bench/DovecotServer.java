package id.lapor.gateway.bench;

import id.lapor.gateway.simulator.MailServerSimulator;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A private Dovecot IMAP server for the email benchmark: a production IMAP server, so that the
 * benchmark measures the gateway and not the test server (GreenMail's FETCH and STORE walk the whole
 * folder for every message they touch, which makes it, not the client, the bottleneck at 1,000
 * messages). Needs {@code /usr/sbin/dovecot} (Debian package dovecot-imapd; {@code bin/setup --bench}
 * installs it) and root, which Dovecot needs to run mail processes as its own user. Runs in the
 * foreground as a child process with its own configuration, base directory and maildir under /tmp;
 * the system's Dovecot service, if any, is not touched.
 */
final class DovecotServer implements BenchMailbox {

    static final Path BINARY = Path.of("/usr/sbin/dovecot");

    private final Path dir;
    private final int port;
    private final String username;
    private final String password;
    private final Process process;
    private final Session session = Session.getInstance(new Properties());

    static boolean available() {
        return Files.isExecutable(BINARY) && "root".equals(System.getProperty("user.name"));
    }

    DovecotServer(String username, String password) throws IOException, InterruptedException {
        this.username = username;
        this.password = password;
        this.port = freePort();
        this.dir = Files.createTempDirectory("lapor-dovecot-");
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("users"), username + ":{PLAIN}" + password + "\n");
        Files.writeString(dir.resolve("dovecot.conf"), """
                base_dir = %1$s/run
                instance_name = lapor-bench-%2$d
                listen = 127.0.0.1
                protocols = imap
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                log_path = %1$s/dovecot.log
                first_valid_uid = 100
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/users
                }
                userdb {
                  driver = static
                  args = uid=dovecot gid=dovecot home=%1$s/home/%%u
                }
                mail_location = maildir:~/Maildir
                namespace inbox {
                  inbox = yes
                  separator = /
                }
                service imap-login {
                  chroot =
                  inet_listener imap {
                    port = %2$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                service anvil {
                  chroot =
                }
                """.formatted(dir, port));
        // the mail processes run as the dovecot user: it must reach its home
        run("chmod", "755", dir.toString());
        run("chown", "-R", "dovecot:dovecot", dir.resolve("home").toString());
        process = new ProcessBuilder(BINARY.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("dovecot did not start: " + Files.readString(dir.resolve("stdout.log"))
                        + (Files.exists(dir.resolve("dovecot.log")) ? Files.readString(dir.resolve("dovecot.log")) : ""));
            }
            Thread.sleep(50);
        }
    }

    @Override
    public int imapPort() {
        return port;
    }

    /** Appends messages to INBOX over IMAP, as a delivery agent would. */
    @Override
    public void deliver(List<byte[]> emls) {
        try (Store store = connect()) {
            Folder inbox = store.getFolder("INBOX");
            List<Message> batch = new ArrayList<>();
            for (byte[] eml : emls) {
                batch.add(new MimeMessage(session, new ByteArrayInputStream(eml)));
                if (batch.size() == 100) {
                    inbox.appendMessages(batch.toArray(Message[]::new));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) inbox.appendMessages(batch.toArray(Message[]::new));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int count(String folder) {
        try {
            return MailServerSimulator.countMessages(session, port, username, password, folder);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Store connect() throws MessagingException {
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", port, username, password);
        return store;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            run("rm", "-rf", dir.toString());
        } catch (Exception e) {
            // a temporary directory left behind
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed");
    }

    private static int freePort() throws IOException {
        return id.lapor.gateway.support.FreePorts.pick();
    }
}
