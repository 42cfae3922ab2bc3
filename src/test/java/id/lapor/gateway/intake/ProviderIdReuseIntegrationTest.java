package id.lapor.gateway.intake;

import id.lapor.gateway.channel.email.EmailNormaliser;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transport dedup is content-aware for mail in one group commit too ({@link ComplaintIntake#storeBatch}): a
 * Message-ID on record or earlier in the batch, reused for a different mail, stores that mail as its own
 * complaint flagged {@code EMAIL_MESSAGE_ID_REUSED}; the same mail again is still a transport duplicate.
 */
@GatewayIntegrationTest
class ProviderIdReuseIntegrationTest {

    @Autowired ComplaintIntake intake;
    @Autowired EmailNormaliser normaliser;
    @Autowired OutboxRepository outbox;

    static byte[] mail(String id, String subject, String body) {
        return ("From: Nyoman Sari <nyoman.sari." + id + "@example.id>\r\nTo: pengaduan@diskominfo.example.go.id\r\nSubject: " + subject
                + "\r\nMessage-ID: <tetap-" + id + "@formulir.example.id>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    ComplaintIntake.Pending prepared(byte[] raw) {
        ComplaintDraft draft = ((Normalisation.Accepted) normaliser.normaliseRaw(raw, "mailbox-1")).draft();
        return intake.prepare(draft, raw);
    }

    @Test
    void inOneGroupCommitAReusedMessageIdIsANewFlaggedComplaintAndTheSameMailADuplicate() {
        String id = Long.toString(System.nanoTime());
        byte[] onRecord = mail(id, "Selokan meluap", "Selokan di Gang Mawar meluap setiap hujan.");
        byte[] second = mail(id, "Jalan licin", "Jalan di Gang Mawar licin karena lumpur dari selokan.");
        byte[] third = mail(id, "Pohon rawan tumbang", "Pohon besar di ujung Gang Mawar miring ke arah rumah warga.");
        IntakeReceipt before = intake.accept(((Normalisation.Accepted) normaliser.normaliseRaw(onRecord, "mailbox-1")).draft(), onRecord, "message/rfc822");
        assertThat(before.outcome()).isEqualTo(IntakeReceipt.Outcome.STORED);
        assertThat(before.complaint().flags()).doesNotContain("EMAIL_MESSAGE_ID_REUSED");

        List<IntakeReceipt> r = intake.storeBatch(List.of(prepared(onRecord), prepared(second), prepared(second), prepared(third)));
        assertThat(r).extracting(IntakeReceipt::outcome).containsExactly(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT,
                IntakeReceipt.Outcome.STORED, IntakeReceipt.Outcome.DUPLICATE_TRANSPORT, IntakeReceipt.Outcome.STORED);
        assertThat(r.get(0).ticket()).isEqualTo(before.ticket());
        assertThat(r.get(1).ticket()).isNotEqualTo(before.ticket());
        assertThat(r.get(1).complaint().flags()).contains("EMAIL_MESSAGE_ID_REUSED");
        assertThat(r.get(1).complaint().title()).isEqualTo("Jalan licin");
        assertThat(r.get(2).ticket()).isEqualTo(r.get(1).ticket());
        assertThat(r.get(3).ticket()).isNotIn(before.ticket(), r.get(1).ticket());
        assertThat(r.get(3).complaint().flags()).contains("EMAIL_MESSAGE_ID_REUSED");
        assertThat(outbox.find(r.get(1).ticket())).isPresent();
        assertThat(outbox.find(r.get(3).ticket())).isPresent();

        // later, one at a time (storeOne): each of the three again is a duplicate of itself
        byte[][] mails = {onRecord, second, third};
        String[] tickets = {before.ticket(), r.get(1).ticket(), r.get(3).ticket()};
        for (int i = 0; i < mails.length; i++) {
            IntakeReceipt again = intake.storeOne(prepared(mails[i]));
            assertThat(again.outcome()).isEqualTo(IntakeReceipt.Outcome.DUPLICATE_TRANSPORT);
            assertThat(again.ticket()).isEqualTo(tickets[i]);
        }
    }
}
