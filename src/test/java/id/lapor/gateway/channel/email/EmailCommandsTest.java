package id.lapor.gateway.channel.email;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static id.lapor.gateway.channel.email.EmailDecisionsTest.PROPS;
import static id.lapor.gateway.channel.email.EmailDecisionsTest.mail;
import static org.assertj.core.api.Assertions.assertThat;

/** BERHENTI / MULAI by e-mail ({@link EmailCommands}): only a mail whose whole own text is the command. */
class EmailCommandsTest {

    final EmailCommands commands = new EmailCommands(PROPS);

    Optional<EmailCommands.UpdatesSwitch> read(String headers, String body) {
        return commands.updatesSwitch(EmailMessage.of(mail(headers, "text/plain; charset=utf-8", body), "mailbox-1"));
    }

    @Test
    void aReplyWhoseOwnTextIsBerhentiStopsAndTheQuotedUpdateDoesNotCount() {
        String reply = "BERHENTI\r\n\r\nOn Mon, 30 Nov 2026 at 09:00, Layanan Pengaduan <pengaduan@diskominfo.example.go.id> wrote:\r\n"
                + "> Pengaduan Anda dengan nomor tiket ABCDEFGH1 sedang ditindaklanjuti.\r\n> Balas BERHENTI bila tidak ingin menerima kabar perkembangan lagi.\r\n";
        assertThat(read("Subject: Re: [ABCDEFGH1] Jalan rusak\r\n", reply))
                .contains(new EmailCommands.UpdatesSwitch("mailto:budi@example.id", true));
        assertThat(read("Subject: stop\r\n", "Stop!\r\n\r\n-- \r\nBudi Santoso\r\n"))
                .contains(new EmailCommands.UpdatesSwitch("mailto:budi@example.id", true));
    }

    @Test
    void theSubjectCountsWhenTheBodyIsEmptyAndMulaiResumes() {
        assertThat(read("Subject: BERHENTI\r\n", "")).contains(new EmailCommands.UpdatesSwitch("mailto:budi@example.id", true));
        assertThat(read("Subject: Re: [ABCDEFGH1] mulai\r\n", "\r\n")).contains(new EmailCommands.UpdatesSwitch("mailto:budi@example.id", false));
    }

    @Test
    void aComplaintThatMerelyMentionsTheWordIsNoCommand() {
        assertThat(read("Subject: BERHENTI\r\n", "Angkot trayek 5 berhenti di tengah jalan dan menurunkan penumpang.")).isEmpty();
        assertThat(read("Subject: Stop pungli\r\n", "")).isEmpty();
        assertThat(read("Subject: Jalan rusak\r\n", "Mohon CEK ABCDEFGH1")).isEmpty();
        // CEK is not answered by e-mail: the mail goes on to the normaliser as before
        assertThat(read("Subject: x\r\n", "CEK")).isEmpty();
    }

    @Test
    void anAutoReplyOrAForwardedMailIsNeverACommand() {
        assertThat(read("Subject: BERHENTI\r\nAuto-Submitted: auto-replied\r\n", "BERHENTI")).isEmpty();
        byte[] own = ("From: pengaduan@diskominfo.example.go.id\r\nTo: budi@example.id\r\nSubject: BERHENTI\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nBERHENTI").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(commands.updatesSwitch(EmailMessage.of(own, "mailbox-1"))).isEmpty();
        byte[] big = mail("Subject: BERHENTI\r\n", "text/plain", "BERHENTI" + " ".repeat(EmailCommands.MAX_COMMAND_BYTES));
        assertThat(commands.updatesSwitch(EmailMessage.of(big, "mailbox-1"))).isEmpty();
    }
}
