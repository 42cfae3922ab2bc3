package id.lapor.gateway.reply;

import id.lapor.gateway.channel.sms.SmsProperties;
import id.lapor.gateway.channel.sms.SmsReplyChannel;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.reply.StatusUpdateDecision.Decision;
import id.lapor.gateway.reply.StatusUpdateDecision.Outcome;
import id.lapor.gateway.support.ChannelConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether and where a LAPOR! status change is told ({@link StatusUpdateDecision}) and what it says
 * ({@link StatusUpdateTexts}), from the shipped channel-config/status-updates.yaml, without Spring or a store.
 */
class StatusUpdateDecisionTest {

    static final StatusUpdateProperties PROPS = load();
    static final StatusUpdateTexts TEXTS = new StatusUpdateTexts(PROPS);
    static final SmsProperties SMS = ChannelConfig.load("sms", SmsProperties.class);
    /** What the SMS channel can send (3 segments, GSM-7 unpacked as shipped); no bind is needed to measure. */
    static final Predicate<String> SMS_FITS = new SmsReplyChannel(null, null, SMS.defaultAlphabet(), SMS.statusUpdates().maxSegments())::fits;
    static final Predicate<String> LONG_FITS = t -> t.length() <= CitizenReplies.MAX_BODY;

    static StatusUpdateProperties load() {
        return ChannelConfig.statusUpdates();
    }

    final StatusUpdateDecision decision = new StatusUpdateDecision(PROPS.texts().keySet(), EnumSet.of(Channel.SMS, Channel.EMAIL,
            Channel.TELEGRAM), EnumSet.of(Channel.SMS, Channel.EMAIL));

    static Complaint complaint(Channel channel, String channelUserId, boolean anonymous, boolean confidential, String phone, String email) {
        return Complaint.builder().ticket("ABCDEFGH1").channel(channel).status(ComplaintStatus.FORWARDED)
                .receivedAt(Instant.parse("2026-11-30T08:00:00Z"))
                .source(new Complaint.Source("ext-1", channel.key() + "-1", null))
                .reporter(new Complaint.Reporter(anonymous ? null : "Budi", phone, email, channelUserId, anonymous, confidential))
                .content("Jalan rusak").language("id").flags(List.of()).attachments(List.of()).build();
    }

    @Test
    void theShippedTextsTellVerifiedInProcessFinishedAndRejectedOnly() {
        assertThat(PROPS.texts().keySet()).containsExactlyInAnyOrder(ComplaintStatus.VERIFIED, ComplaintStatus.IN_PROGRESS,
                ComplaintStatus.COMPLETED, ComplaintStatus.REJECTED);
        Complaint c = complaint(Channel.SMS, "tel:+6281211112222", false, false, "+6281211112222", null);
        for (ComplaintStatus s : List.of(ComplaintStatus.FORWARDED, ComplaintStatus.ARCHIVED, ComplaintStatus.RECEIVED)) {
            assertThat(decision.decide(c, s, r -> false)).as(s.name()).isEqualTo(new Decision.NotTold());
        }
        assertThat(decision.decide(c, ComplaintStatus.COMPLETED, r -> false))
                .isEqualTo(new Decision.Tell(Channel.SMS, "sms-1", "tel:+6281211112222"));
    }

    @Test
    void aConfidentialComplaintIsToldOnlyToItsSenderAndAnAnonymousOneIsToldToo() {
        // an e-mail complaint that also names a phone: told by mail to the sender's address, never by SMS to the phone
        Complaint secret = complaint(Channel.EMAIL, "mailto:warga@example.id", false, true, "+6281211113333", "warga@example.id");
        assertThat(decision.decide(secret, ComplaintStatus.VERIFIED, r -> false))
                .isEqualTo(new Decision.Tell(Channel.EMAIL, "email-1", "mailto:warga@example.id"));
        Complaint anonymous = complaint(Channel.SMS, "tel:+6281211114444", true, false, "+6281211114444", null);
        assertThat(decision.decide(anonymous, ComplaintStatus.VERIFIED, r -> false))
                .isEqualTo(new Decision.Tell(Channel.SMS, "sms-1", "tel:+6281211114444"));
    }

    @Test
    void channelsThatCannotReplyAreSkippedWithTheirReason() {
        // a letter with the signer's phone: letters have no reply loop, the phone is not used
        Complaint letter = complaint(Channel.LETTER, "tel:+6281211115555", false, true, "+6281211115555", null);
        assertThat(decision.decide(letter, ComplaintStatus.VERIFIED, r -> false))
                .isEqualTo(new Decision.Skip(Channel.LETTER, Outcome.SKIPPED_NO_CHANNEL, "letter has no reply loop"));
        Complaint social = complaint(Channel.SOCIAL, "social:x/123", false, false, null, null);
        assertThat(decision.decide(social, ComplaintStatus.VERIFIED, r -> false)).isInstanceOf(Decision.Skip.class)
                .extracting(d -> ((Decision.Skip) d).outcome()).isEqualTo(Outcome.SKIPPED_NO_CHANNEL);
        Complaint noAddress = complaint(Channel.SMS, null, false, false, null, null);
        assertThat(decision.decide(noAddress, ComplaintStatus.VERIFIED, r -> false))
                .isEqualTo(new Decision.Skip(Channel.SMS, Outcome.SKIPPED_NO_CHANNEL, "no address to reply to"));
    }

    @Test
    void aSwitchedOffChannelAndAnOptedOutReporterAreSkipped() {
        Complaint telegram = complaint(Channel.TELEGRAM, "telegram:12345", false, false, null, null);
        assertThat(decision.decide(telegram, ComplaintStatus.IN_PROGRESS, r -> false))
                .isEqualTo(new Decision.Skip(Channel.TELEGRAM, Outcome.SKIPPED_DISABLED, "status updates on telegram are switched off"));
        Complaint sms = complaint(Channel.SMS, "tel:+6281211116666", false, false, "+6281211116666", null);
        assertThat(decision.decide(sms, ComplaintStatus.IN_PROGRESS, r -> r.equals("tel:+6281211116666")))
                .isEqualTo(new Decision.Skip(Channel.SMS, Outcome.SKIPPED_OPTOUT, "reporter opted out (BERHENTI)"));
        assertThat(decision.decide(sms, ComplaintStatus.IN_PROGRESS, r -> r.equals("tel:+6281299999999")))
                .isInstanceOf(Decision.Tell.class);
    }

    @Test
    void smsTextsFitOneSmsWithoutANoteAndSayTheTicketAndHowToStop() {
        for (ComplaintStatus s : PROPS.texts().keySet()) {
            String t = TEXTS.update(Channel.SMS, s, "ABCDEFGH1", 4_200_123L, null, SMS_FITS).orElseThrow();
            assertThat(t).as(s.name()).startsWith("LAPOR! Tiket ABCDEFGH1").doesNotContain("{").doesNotContain("Catatan");
            assertThat(id.lapor.gateway.channel.sms.Gsm7.septets(t)).as(s.name()).isBetween(1, 160);
        }
        assertThat(TEXTS.update(Channel.SMS, ComplaintStatus.VERIFIED, "ABCDEFGH1", 4_200_123L, null, SMS_FITS).orElseThrow())
                .isEqualTo("LAPOR! Tiket ABCDEFGH1 sudah diverifikasi, no. LAPOR! 4200123. Ketik BERHENTI bila tak ingin kabar lagi.");
        assertThat(TEXTS.update(Channel.SMS, ComplaintStatus.ARCHIVED, "ABCDEFGH1", null, null, SMS_FITS)).isEmpty();
    }

    @Test
    void lapordNoteIsCutToThreeSmsOnOneLineWithTheNikMasked() {
        String note = "Jalan sudah diperbaiki Dinas PUPR pada 12/11.\nPelapor NIK 5271012345678901 dihubungi.\n" + "Rincian pekerjaan: ".repeat(40);
        String t = TEXTS.update(Channel.SMS, ComplaintStatus.COMPLETED, "ABCDEFGH1", 4_200_123L, note, SMS_FITS).orElseThrow();
        assertThat(t).startsWith("LAPOR! Tiket ABCDEFGH1 selesai ditindaklanjuti. Catatan: Jalan sudah diperbaiki Dinas PUPR pada 12/11. Pelapor NIK ************8901 dihubungi.")
                .endsWith("... Terima kasih.").doesNotContain("5271012345678901").doesNotContain("\n");
        int septets = id.lapor.gateway.channel.sms.Gsm7.septets(t);
        assertThat(septets).isBetween(3 * 153 - 20, 3 * 153); // as much of the note as three concatenated segments hold
        // a short note goes whole
        assertThat(TEXTS.update(Channel.SMS, ComplaintStatus.COMPLETED, "ABCDEFGH1", 1L, "Lampu sudah menyala.", SMS_FITS).orElseThrow())
                .isEqualTo("LAPOR! Tiket ABCDEFGH1 selesai ditindaklanjuti. Catatan: Lampu sudah menyala. Terima kasih.");
    }

    @Test
    void aNoteOutsideGsm7IsCountedAsUcs2AndNotCutInsideAnEmoji() {
        String note = "Sudah ditangani 👍 ".repeat(30);
        String t = TEXTS.update(Channel.SMS, ComplaintStatus.IN_PROGRESS, "ABCDEFGH1", 1L, note, SMS_FITS).orElseThrow();
        assertThat(t.length()).isLessThanOrEqualTo(3 * 67);
        assertThat(SMS_FITS.test(t)).isTrue();
        assertThat(t.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp))).isTrue();
    }

    @Test
    void longFormHasTheNoteOnItsOwnLinesAndTheStopHint() {
        String t = TEXTS.update(Channel.EMAIL, ComplaintStatus.IN_PROGRESS, "ABCDEFGH1", 4_200_123L,
                "Tim sudah survei lokasi.\nPerbaikan dijadwalkan pekan depan.", LONG_FITS).orElseThrow();
        assertThat(t).isEqualTo("""
                Pengaduan Anda dengan nomor tiket ABCDEFGH1 sedang ditindaklanjuti oleh instansi yang berwenang.

                Catatan dari LAPOR!: Tim sudah survei lokasi.
                Perbaikan dijadwalkan pekan depan.

                Balas BERHENTI bila tidak ingin menerima kabar perkembangan lagi.""");
        // the channel-agnostic texts serve a chat channel that has none of its own
        assertThat(TEXTS.update(Channel.TELEGRAM, ComplaintStatus.REJECTED, "ABCDEFGH1", null, null, LONG_FITS).orElseThrow())
                .isEqualTo("Mohon maaf, pengaduan Anda dengan nomor tiket ABCDEFGH1 tidak dapat ditindaklanjuti melalui SP4N-LAPOR!.");
        String huge = TEXTS.update(Channel.WHATSAPP, ComplaintStatus.COMPLETED, "ABCDEFGH1", 1L, "x".repeat(5000), LONG_FITS).orElseThrow();
        assertThat(huge).hasSizeLessThanOrEqualTo(CitizenReplies.MAX_BODY).endsWith("x…");
    }

    @Test
    void confirmationsOfBerhentiAndMulaiAreShortOnSms() {
        assertThat(TEXTS.stopped(Channel.SMS)).contains("MULAI").hasSizeLessThanOrEqualTo(160);
        assertThat(TEXTS.resumed(Channel.SMS)).contains("BERHENTI").hasSizeLessThanOrEqualTo(160);
        assertThat(TEXTS.stopped(Channel.EMAIL)).isEqualTo(PROPS.stopped());
        assertThat(Set.of(TEXTS.stopped(Channel.WHATSAPP), TEXTS.resumed(Channel.WHATSAPP))).containsExactlyInAnyOrder(PROPS.stopped(), PROPS.resumed());
    }
}
