package id.lapor.gateway.channel.email;

import id.lapor.gateway.simulator.MailServerSimulator;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two IMAP helpers of the email route over a real IMAP server (GreenMail), with the client's
 * protocol trace as the witness of which commands went over the wire.
 */
class MailboxSessionTest {

    static final String MAILBOX = "pengaduan@diskominfo.example.go.id";
    static MailServerSimulator mail;

    @BeforeAll
    static void start() {
        mail = new MailServerSimulator(0, 0, MAILBOX, "pengaduan", "pw").start();
    }

    @AfterAll
    static void stop() {
        mail.close();
    }

    static String eml(String id) {
        return "From: Warga <warga@example.id>\r\nTo: " + MAILBOX + "\r\nSubject: Aduan " + id + "\r\nMessage-ID: <" + id
                + "@example.id>\r\nContent-Type: text/plain\r\n\r\nJalan rusak.\r\n";
    }

    record Open(Store store, Folder inbox, ByteArrayOutputStream trace) implements AutoCloseable {
        String commandsSinceMark(int mark) {
            String all = trace.toString(StandardCharsets.UTF_8);
            return all.substring(Math.min(mark, all.length()));
        }

        int mark() {
            return trace.size();
        }

        @Override
        public void close() throws Exception {
            if (inbox.isOpen()) inbox.close(true);
            store.close();
        }
    }

    static Open open() throws Exception {
        Session session = Session.getInstance(new Properties());
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        session.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
        session.setDebug(true);
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", mail.imapPort(), "pengaduan", "pw");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        return new Open(store, inbox, trace);
    }

    /**
     * {@code direct:mail} as the email route uses {@link FolderMoves}: track the message (header
     * "mail"), pick its folder ({@code folder}, or header "folder"), fail when header "fail" is true.
     */
    static DefaultCamelContext trackingRoute(FolderMoves moves, String folder) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:mail").process(e -> {
                    moves.track(e, e.getIn().getHeader("mail", Message.class), 100);
                    e.setProperty(FolderMoves.FOLDER, folder != null ? folder : e.getIn().getHeader("folder", String.class));
                    if (e.getIn().getHeader("fail", false, Boolean.class)) throw new IllegalStateException("intake failed: stays for the next poll");
                });
            }
        });
        camel.start();
        return camel;
    }

    static long countLines(String trace, String regex) {
        return trace.lines().filter(l -> l.matches(regex)).count();
    }

    @Test
    void oneFetchServesTheWindowsFlagsUidsAndHeadersAndTheKeyIsTheUid() throws Exception {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 12; i++) mail.deliver(eml(run + "-" + i).getBytes(StandardCharsets.UTF_8));
        MailboxWindow window = new MailboxWindow(5);
        try (Open o = open()) {
            Message[] all = o.inbox.getMessages();
            int mark = o.mark();
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                Message m = all[i];
                keys.add(window.generateUuid(null, m));
                // what camel-mail and EmailReception ask of every message before its body
                assertThat(m.getFlags().contains(jakarta.mail.Flags.Flag.DELETED)).isFalse();
                assertThat(m.getSize()).isPositive();
                assertThat(m.getHeader("Message-ID")[0]).startsWith("<" + run);
            }
            String trace = o.commandsSinceMark(mark);
            assertThat(countLines(trace, "^[A-Z]+\\d+ FETCH .*")).as(trace).isEqualTo(1);
            assertThat(trace).contains("FETCH 1:5 (ENVELOPE INTERNALDATE RFC822.SIZE FLAGS UID BODY.PEEK[HEADER])");
            assertThat(keys).hasSize(5).allMatch(k -> k.matches("imap:\\d+:\\d+"));

            // the sixth message starts the next window with one more FETCH, up to the end of the folder
            mark = o.mark();
            window.generateUuid(null, all[5]);
            window.generateUuid(null, all[6]);
            trace = o.commandsSinceMark(mark);
            assertThat(countLines(trace, "^[A-Z]+\\d+ FETCH .*")).isEqualTo(1);
            assertThat(trace).contains("FETCH 6:10 ");
        }
    }

    @Test
    void completedMessagesMoveInOneCommandPerFolderAndFailedOrStaleOnesStay() throws Exception {
        // the other test's mail stays in INBOX: only counts relative to "before" matter
        String run = UUID.randomUUID().toString();
        int inboxBefore = mail.count("INBOX");
        int processedBefore = mail.count("LAPOR-Diproses");
        int quarantineBefore = mail.count("LAPOR-Karantina");
        for (int i = 0; i < 5; i++) mail.deliver(eml(run + "-" + i).getBytes(StandardCharsets.UTF_8));
        FolderMoves moves = new FolderMoves(Long.MAX_VALUE, Duration.ofSeconds(10));
        DefaultCamelContext camel = trackingRoute(moves, null);
        ProducerTemplate route = camel.createProducerTemplate();

        // a message scheduled in a session that closed before the move (the poll failed) is left alone
        try (Open earlier = open()) {
            Message[] msgs = earlier.inbox.getMessages();
            route.sendBodyAndHeaders("direct:mail", "", Map.of("mail", msgs[msgs.length - 1], "folder", "LAPOR-Diproses"));
        }

        try (Open o = open()) {
            Message[] msgs = o.inbox.getMessages();
            List<Message> ours = List.of(msgs).subList(msgs.length - 5, msgs.length);
            String[] folders = {"LAPOR-Diproses", "LAPOR-Karantina", "LAPOR-Diproses", "LAPOR-Diproses"};
            for (int i = 0; i < folders.length; i++) {
                Exchange e = new DefaultExchange(camel);
                e.getIn().setHeaders(new HashMap<>(Map.of("mail", ours.get(i), "folder", folders[i], "fail", i == 3)));
                e = route.send("direct:mail", e);
                assertThat(e.getException() != null).isEqualTo(i == 3);
            }
            int mark = o.mark();
            moves.process(o.inbox);
            String trace = o.commandsSinceMark(mark);
            assertThat(countLines(trace, "^[A-Z]+\\d+ MOVE .*")).as(trace).isEqualTo(2);
        }

        camel.close();
        assertThat(mail.count("LAPOR-Diproses")).isEqualTo(processedBefore + 2);
        assertThat(mail.count("LAPOR-Karantina")).isEqualTo(quarantineBefore + 1);
        // the failed one, the one never scheduled and none of the stale session's: 5 - 3 moved
        assertThat(mail.count("INBOX")).isEqualTo(inboxBefore + 2);
    }

    @Test
    void readingWaitsWhileTooManyBytesAreBeingProcessedAndTheMoveWaitsForEveryWorker() throws Exception {
        String run = UUID.randomUUID().toString();
        int processedBefore = mail.count("LAPOR-Diproses");
        for (int i = 0; i < 2; i++) mail.deliver(eml(run + "-" + i).getBytes(StandardCharsets.UTF_8));
        FolderMoves moves = new FolderMoves(1000, Duration.ofSeconds(30));
        CountDownLatch workerMayFinish = new CountDownLatch(1);
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:read").process(e -> moves.track(e, e.getIn().getHeader("mail", Message.class), 800))
                        .to("seda:work?waitForTaskToComplete=Never");
                from("seda:work?concurrentConsumers=2").process(e -> {
                    workerMayFinish.await(30, TimeUnit.SECONDS);
                    e.setProperty(FolderMoves.FOLDER, "LAPOR-Diproses");
                });
            }
        });
        camel.start();
        ProducerTemplate route = camel.createProducerTemplate();
        try (Open o = open()) {
            Message[] msgs = o.inbox.getMessages();
            Message first = msgs[msgs.length - 2];
            Message second = msgs[msgs.length - 1];
            route.sendBodyAndHeader("direct:read", "", "mail", first); // handed to a worker, which waits
            assertThat(moves.inFlight()).isEqualTo(1);
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> route.sendBodyAndHeader("direct:read", "", "mail", second));
            Thread.sleep(300);
            assertThat(reading).as("800 + 800 bytes would exceed the 1,000 allowed in flight").isNotDone();
            workerMayFinish.countDown();
            reading.get(10, TimeUnit.SECONDS);
            moves.process(o.inbox); // returns only when both workers are done, then moves both
            assertThat(moves.inFlight()).isZero();
        } finally {
            camel.close();
        }
        assertThat(mail.count("LAPOR-Diproses")).isEqualTo(processedBefore + 2);
    }

    @Test
    void mailThatCannotBeMovedMakesTheMailboxDownUntilAMoveSucceeds() throws Exception {
        String run = UUID.randomUUID().toString();
        String target = "LAPOR-Uji-" + run.substring(0, 8);
        for (int i = 0; i < 2; i++) mail.deliver(eml(run + "-" + i).getBytes(StandardCharsets.UTF_8));
        FolderMoves moves = new FolderMoves(Long.MAX_VALUE, Duration.ofSeconds(10));
        MailboxHealth health = new MailboxHealth(java.time.Clock.systemUTC(), moves::moveProblem);
        DefaultCamelContext camel = trackingRoute(moves, target);
        ProducerTemplate route = camel.createProducerTemplate();
        try {
            try (Open o = open()) { // first poll: the folder is created and remembered
                Message[] msgs = o.inbox.getMessages();
                route.sendBodyAndHeader("direct:mail", "", "mail", msgs[msgs.length - 2]);
                moves.process(o.inbox);
                health.commit(null, null, 1);
                assertThat(health.state().up()).isTrue();
                // meanwhile someone deletes the folder on the server
                assertThat(o.store.getFolder(target).delete(true)).isTrue();
            }
            try (Open o = open()) { // second poll: the MOVE fails, the mail stays, health says why
                Message[] msgs = o.inbox.getMessages();
                route.sendBodyAndHeader("direct:mail", "", "mail", msgs[msgs.length - 1]);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> moves.process(o.inbox)).isInstanceOf(jakarta.mail.MessagingException.class);
                health.commit(null, null, 1);
                assertThat(health.state().up()).isFalse();
                assertThat(health.state().error()).contains("cannot be moved out of the inbox");
            }
            assertThat(mail.count(target)).isZero();
            try (Open o = open()) { // third poll: the folder is created again and the mail moves
                Message[] msgs = o.inbox.getMessages();
                route.sendBodyAndHeader("direct:mail", "", "mail", msgs[msgs.length - 1]);
                moves.process(o.inbox);
                health.commit(null, null, 1);
                assertThat(health.state().up()).isTrue();
            }
            assertThat(mail.count(target)).isEqualTo(1);
        } finally {
            camel.close();
        }
    }
}
