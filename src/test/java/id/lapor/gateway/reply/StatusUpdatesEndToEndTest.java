package id.lapor.gateway.reply;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.forward.StatusSync;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.MailServerSimulator;
import id.lapor.gateway.simulator.SmscSimulator;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status updates end to end over the real protocols: a complaint by SMS (jSMPP SMSC simulator) and one by e-mail
 * (GreenMail) are forwarded to the LAPOR! simulator, the simulator moves each report (verified, in process, finished
 * with the agency's note, or rejected), status sync runs (twice each time, to show once-only), and the citizen gets one
 * message per status on their own channel, counted in the SMSC's submit_sm log and the citizen's GreenMail inbox.
 * BERHENTI stops further updates and MULAI resumes them; a confidential complaint is told only to its sender; a letter
 * (no reply loop) is skipped with its reason.
 */
@CamelSpringBootTest
// its simulators stop after the class: close the context too, or it polls them for the rest of the suite
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestEnvironment.class)
class StatusUpdatesEndToEndTest {

    static final String MAILBOX = "pengaduan@diskominfo.example.go.id";
    static final SmscSimulator SMSC = smsc();
    static final MailServerSimulator MAIL = new MailServerSimulator(0, 0, MAILBOX, "pengaduan", "imap-pw2").start();

    static SmscSimulator smsc() {
        try {
            return new SmscSimulator(0, "lapor-gw", "sms-pw2");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry r) {
        // only the test runs status sync (the timer\'s first round would see a report the simulator moved before the
        // test pinned it); the route stays up so this node leads lapor-status-sync and SingletonGuard lets the test\'s
        // rounds ask LAPOR!
        r.add("lapor.status-sync.first-delay", () -> "86400000");
        r.add("channels.sms.enabled", () -> "true");
        r.add("channels.sms.port", SMSC::port);
        r.add("channels.sms.password", () -> "sms-pw2");
        r.add("channels.sms.reconnect-initial-delay", () -> "100ms");
        r.add("channels.sms.replies.poll-interval", () -> "200");
        r.add("channels.sms.replies.rate-per-second", () -> "200");
        r.add("channels.email.enabled", () -> "true");
        r.add("channels.email.own-addresses[0]", () -> MAILBOX);
        r.add("channels.email.imap.protocol", () -> "imap");
        r.add("channels.email.imap.port", MAIL::imapPort);
        r.add("channels.email.imap.password", () -> "imap-pw2");
        r.add("channels.email.imap.poll-interval", () -> "300ms");
        r.add("channels.email.imap.connection-timeout", () -> "2s");
        r.add("channels.email.smtp.port", MAIL::smtpPort);
        r.add("channels.email.smtp.start-tls", () -> "false");
        r.add("channels.email.smtp.from", () -> MAILBOX);
        r.add("channels.email.replies.poll-interval", () -> "200");
    }

    @AfterAll
    static void stop() {
        SMSC.close();
        MAIL.close();
    }

    @Autowired Ledger ledger;
    @Autowired StatusSync sync;
    @Autowired ComplaintIntake intake;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired org.apache.camel.CamelContext camel;


    @BeforeEach
    void bound() throws InterruptedException {
        assertThat(SMSC.awaitBound(Duration.ofSeconds(20))).as("gateway bound to the SMSC").isTrue();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    String ticketFrom(String senderKey) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !ticketsFrom(senderKey).isEmpty());
        return ticketsFrom(senderKey).get(0);
    }

    List<String> ticketsFrom(String senderKey) {
        return jdbc.queryForList("SELECT ticket FROM complaint WHERE sender_key = :s ORDER BY received_at",
                new MapSqlParameterSource("s", senderKey), String.class);
    }

    long forwarded(String ticket) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().lapor().complaintId() != null);
        return ledger.find(ticket).orElseThrow().lapor().complaintId();
    }

    /** LAPOR! moves the report; status sync runs twice (a repeated sync must not tell twice). */
    void move(String ticket, String statusName, String note) {
        TestSimulator.get().moveTo(forwarded(ticket), statusName, note);
        sync.syncDue();
        sync.syncDue();
    }

    List<String> smsTo(String msisdn) {
        return SMSC.submitted().stream().filter(s -> s.destination().equals(msisdn)).map(SmscSimulator.Submitted::text).toList();
    }

    List<String> smsToAfterQuiet(String msisdn, int expected) throws InterruptedException {
        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo(msisdn).size() >= expected);
        Thread.sleep(1200); // five more polls of the reply loop: nothing else goes out
        return smsTo(msisdn);
    }

    List<MimeMessage> mailTo(String address, int expected) throws InterruptedException {
        await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.sentTo(address).size() >= expected);
        Thread.sleep(1200);
        return MAIL.sentTo(address);
    }

    List<String> decisions(String ticket) {
        return jdbc.queryForList("SELECT status || ':' || outcome FROM status_update WHERE ticket = :t ORDER BY decided_at, status",
                new MapSqlParameterSource("t", ticket), String.class);
    }

    double counted(String channel, String outcome) {
        return meters.get("gateway.status.updates").tag("channel", channel).tag("outcome", outcome).counter().count();
    }

    static String mail(String from, String subject, String messageId, String extraHeaders, String body) {
        return "From: " + from + "\r\nTo: " + MAILBOX + "\r\nSubject: " + subject + "\r\nDate: Mon, 30 Nov 2026 09:15:00 +0800\r\n"
                + "Message-ID: " + messageId + "\r\n" + extraHeaders
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n";
    }

    // --- tests ---------------------------------------------------------------------------------------------------

    /**
     * Ops (#18): the gauges behind the SmppBindDown and MailboxLoginFailing alerts exist only while their channel is
     * on, so they are checked here (ops.OpsMetricsTest checks the rest of the dashboard's and the alerts' metrics), with
     * the reply counter an acknowledgement moves.
     */
    @Test
    void smppBindMailboxAndReplyMetricsForOps() throws Exception {
        assertThat(meters.get("gateway.sms.bound").gauge().value()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(20)).until(() -> meters.get("gateway.email.connected").gauge().value() == 1.0);
        double sent = meters.get("gateway.replies").tag("channel", "sms").tag("outcome", "sent").counter().count();
        assertThat(SMSC.sendText("081233339018", "1708", "LAPOR#Ops#Jl. Langko#Got tersumbat di depan pasar")).isZero();
        ticketFrom("tel:+6281233339018");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                meters.get("gateway.replies").tag("channel", "sms").tag("outcome", "sent").counter().count() > sent);
    }

    @Test
    void anSmsComplainantGetsOneSmsPerStatusWithLaporsNoteAndNeverTheNik() throws Exception {
        double before = counted("sms", "enqueued");
        assertThat(SMSC.sendText("081233330001", "1708", "LAPOR#Sari#Jl. Udayana#Lampu jalan mati tiga malam")).isZero();
        String ticket = ticketFrom("tel:+6281233330001");
        assertThat(smsToAfterQuiet("6281233330001", 1)).hasSize(1); // the acknowledgement
        long laporId = forwarded(ticket);

        move(ticket, "Terverifikasi", null);
        List<String> sms = smsToAfterQuiet("6281233330001", 2);
        assertThat(sms).hasSize(2);
        assertThat(sms.get(1)).isEqualTo("LAPOR! Tiket " + ticket + " sudah diverifikasi, no. LAPOR! " + laporId
                + ". Ketik BERHENTI bila tak ingin kabar lagi.");

        move(ticket, "Dalam Proses", null);
        sms = smsToAfterQuiet("6281233330001", 3);
        assertThat(sms).hasSize(3);
        assertThat(sms.get(2)).startsWith("LAPOR! Tiket " + ticket + " sedang ditindaklanjuti instansi berwenang.");

        move(ticket, "Selesai", "Lampu sudah diganti Dinas Perhubungan pada 28/11. Pelapor NIK 5271012345678901 telah dihubungi.");
        sms = smsToAfterQuiet("6281233330001", 4);
        assertThat(sms).hasSize(4);
        assertThat(sms.get(3)).isEqualTo("LAPOR! Tiket " + ticket + " selesai ditindaklanjuti. Catatan: Lampu sudah diganti Dinas"
                + " Perhubungan pada 28/11. Pelapor NIK ************8901 telah dihubungi. Terima kasih.");

        // final: sync no longer asks; once more for good measure, nothing more is sent
        sync.syncDue();
        assertThat(smsToAfterQuiet("6281233330001", 4)).hasSize(4);
        assertThat(ledger.find(ticket).orElseThrow().status()).isEqualTo(ComplaintStatus.COMPLETED);
        assertThat(decisions(ticket)).containsExactly("VERIFIED:ENQUEUED", "IN_PROGRESS:ENQUEUED", "COMPLETED:ENQUEUED");
        assertThat(counted("sms", "enqueued") - before).isEqualTo(3.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT state FROM citizen_reply WHERE ticket = :t AND kind = 'STATUS_UPDATE'", new MapSqlParameterSource("t", ticket), String.class)
                .equals(List.of("DELIVERED", "DELIVERED", "DELIVERED")));
    }

    @Test
    void anEmailComplainantGetsOneMailPerStatusThreadedUnderTheAcknowledgement() throws Exception {
        String id = "<su-" + UUID.randomUUID() + "@mail.example.id>";
        MAIL.deliver(mail("Dewi Lestari <dewi.su@example.id>", "Trotoar rusak di Jl. Pejanggik", id, "",
                "Trotoar di depan kantor pos rusak dan berlubang.").getBytes(StandardCharsets.UTF_8));
        String ticket = ticketFrom("mailto:dewi.su@example.id");
        assertThat(mailTo("dewi.su@example.id", 1)).hasSize(1);

        move(ticket, "Terverifikasi", null);
        move(ticket, "Dalam Proses", "Tim Dinas PUPR sudah meninjau lokasi.\nPerbaikan dijadwalkan pekan depan.");
        move(ticket, "Selesai", "Trotoar sudah diperbaiki.");
        List<MimeMessage> mails = mailTo("dewi.su@example.id", 4);
        assertThat(mails).hasSize(4);
        for (MimeMessage m : mails) {
            assertThat(m.getSubject()).isEqualTo("Re: [" + ticket + "] Trotoar rusak di Jl. Pejanggik");
            assertThat(m.getHeader("In-Reply-To", null)).isEqualTo(id);
            assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        }
        String verified = (String) mails.get(1).getContent();
        assertThat(verified).startsWith("Yth. Dewi Lestari,").contains("nomor tiket " + ticket + " telah diverifikasi")
                .contains("Balas BERHENTI");
        assertThat((String) mails.get(2).getContent()).contains("sedang ditindaklanjuti")
                .contains("Catatan dari LAPOR!: Tim Dinas PUPR sudah meninjau lokasi.\r\nPerbaikan dijadwalkan pekan depan.");
        assertThat((String) mails.get(3).getContent()).contains("telah selesai ditindaklanjuti").contains("Catatan dari LAPOR!: Trotoar sudah diperbaiki.");
        assertThat(decisions(ticket)).containsExactly("VERIFIED:ENQUEUED", "IN_PROGRESS:ENQUEUED", "COMPLETED:ENQUEUED");
    }

    @Test
    void berhentiStopsFurtherUpdatesOnSmsAndMulaiResumesThem() throws Exception {
        assertThat(SMSC.sendText("081233330003", "1708", "Sampah menumpuk di pasar Kebon Roek")).isZero();
        String ticket = ticketFrom("tel:+6281233330003");
        smsToAfterQuiet("6281233330003", 1);
        move(ticket, "Terverifikasi", null);
        assertThat(smsToAfterQuiet("6281233330003", 2)).hasSize(2);

        assertThat(SMSC.sendText("081233330003", "1708", "berhenti")).isZero();
        List<String> sms = smsToAfterQuiet("6281233330003", 3);
        assertThat(sms).hasSize(3);
        assertThat(sms.get(2)).isEqualTo("LAPOR! Anda tidak akan menerima kabar perkembangan aduan lagi. Ketik MULAI untuk menerimanya kembali.");
        assertThat(ticketsFrom("tel:+6281233330003")).hasSize(1); // BERHENTI is no complaint

        move(ticket, "Dalam Proses", "Sedang dikerjakan.");
        assertThat(smsToAfterQuiet("6281233330003", 3)).hasSize(3);

        assertThat(SMSC.sendText("081233330003", "1708", "MULAI")).isZero();
        assertThat(smsToAfterQuiet("6281233330003", 4).get(3)).contains("kembali menerima kabar");
        move(ticket, "Selesai", null);
        sms = smsToAfterQuiet("6281233330003", 5);
        assertThat(sms).hasSize(5);
        assertThat(sms.get(4)).isEqualTo("LAPOR! Tiket " + ticket + " selesai ditindaklanjuti. Terima kasih.");
        assertThat(decisions(ticket)).containsExactly("VERIFIED:ENQUEUED", "IN_PROGRESS:SKIPPED_OPTOUT", "COMPLETED:ENQUEUED");
    }

    @Test
    void aMailWhoseWholeTextIsBerhentiStopsUpdatesAndIsNoComplaint() throws Exception {
        String id = "<su-" + UUID.randomUUID() + "@mail.example.id>";
        MAIL.deliver(mail("Agus <agus.su@example.id>", "Pungli di kantor desa", id, "", "Pembuatan KK dipungut biaya.")
                .getBytes(StandardCharsets.UTF_8));
        String ticket = ticketFrom("mailto:agus.su@example.id");
        MimeMessage ack = mailTo("agus.su@example.id", 1).get(0);
        forwarded(ticket);

        int ignoredBefore = MAIL.count("LAPOR-Diabaikan");
        String stopId = "<stop-" + UUID.randomUUID() + "@mail.example.id>";
        MAIL.deliver(mail("Agus <agus.su@example.id>", "Re: " + ack.getSubject(), stopId, "In-Reply-To: " + ack.getMessageID() + "\r\n",
                "BERHENTI\n\nPada 30 Nov 2026, Layanan Pengaduan menulis:\n> Terima kasih. Pengaduan Anda telah kami terima.").getBytes(StandardCharsets.UTF_8));
        List<MimeMessage> mails = mailTo("agus.su@example.id", 2);
        assertThat(mails).hasSize(2);
        assertThat(mails.get(1).getSubject()).isEqualTo("Layanan Pengaduan SP4N-LAPOR!");
        assertThat((String) mails.get(1).getContent()).contains("tidak akan lagi menerima kabar perkembangan").contains("MULAI");
        assertThat(jdbc.queryForList("SELECT ticket FROM complaint WHERE external_id = :id", new MapSqlParameterSource("id", stopId), String.class)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> MAIL.count("LAPOR-Diabaikan") == ignoredBefore + 1);

        move(ticket, "Terverifikasi", null);
        assertThat(mailTo("agus.su@example.id", 2)).hasSize(2);
        assertThat(decisions(ticket)).containsExactly("VERIFIED:SKIPPED_OPTOUT");
    }

    @Test
    void aConfidentialComplaintIsToldOnlyToItsSenderAndALetterIsSkippedEvenWithTheSignersPhone() throws Exception {
        assertThat(SMSC.sendText("081233330004", "1708", "RAHASIA Kepala desa meminta uang untuk surat keterangan")).isZero();
        String ticket = ticketFrom("tel:+6281233330004");
        assertThat(ledger.find(ticket).orElseThrow().reporter().confidential()).isTrue();
        smsToAfterQuiet("6281233330004", 1);
        move(ticket, "Ditolak", "Bukan wewenang; silakan lapor ke Inspektorat.");
        assertThat(smsToAfterQuiet("6281233330004", 2).get(1)).isEqualTo("LAPOR! Tiket " + ticket
                + " tidak dapat ditindaklanjuti. Catatan: Bukan wewenang; silakan lapor ke Inspektorat.");
        // the only SMS and mail that name the ticket went to the sender
        assertThat(SMSC.submitted().stream().filter(s -> s.text().contains(ticket)).map(SmscSimulator.Submitted::destination).distinct().toList())
                .containsExactly("6281233330004");
        assertThat(jdbc.queryForList("SELECT DISTINCT recipient FROM citizen_reply WHERE ticket = :t", new MapSqlParameterSource("t", ticket), String.class))
                .containsExactly("tel:+6281233330004");

        // a confidential letter signed with a phone number: letters have no reply loop, nothing goes to that phone
        double skipped = counted("letter", "skipped_no_channel");
        String letter = intake.accept(ComplaintDraft.of(Channel.LETTER, "tel:+6281233330005").instance("loket-surat")
                .externalId("sha256:" + UUID.randomUUID()).content("Surat aduan: jalan desa rusak berat.").language("id")
                .reporter(new Complaint.Reporter("Pak Lurah", "+6281233330005", null, "tel:+6281233330005", false, true))
                .flags(List.of()).attachments(List.of()).build(), null, null).ticket();
        move(letter, "Terverifikasi", null);
        assertThat(decisions(letter)).containsExactly("VERIFIED:SKIPPED_NO_CHANNEL");
        assertThat(counted("letter", "skipped_no_channel") - skipped).isEqualTo(1.0);
        assertThat(smsToAfterQuiet("6281233330005", 0)).isEmpty();
    }
}
