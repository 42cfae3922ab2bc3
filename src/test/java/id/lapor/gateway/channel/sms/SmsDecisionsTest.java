package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Normalisation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SMS channel's decisions, without Camel, SMPP or a store. */
class SmsDecisionsTest {

    final SmsDecoding decoding = new SmsDecoding(SmsTextDecoder.DefaultAlphabet.GSM7_UNPACKED, 10, Duration.ofHours(24));
    final Instant t0 = Instant.parse("2026-11-23T01:00:00Z");

    private SmsPart part(int seq, int total, int dc, byte[] payload, Instant at) {
        return new SmsPart(SmsPart.messageKey("081234", "1708", 7, total), seq, total, 1, "081234", "1708", "smsc-1", dc, 0, payload, at);
    }

    @Test
    void assemblyIsInSequenceOrderWhateverTheArrivalOrder() {
        SmsMessage m = decoding.assemble(List.of(
                part(3, 3, 0, Gsm7.encodeUnpacked("tiga"), t0.plusSeconds(2)),
                part(1, 3, 0, Gsm7.encodeUnpacked("satu "), t0.plusSeconds(5)),
                part(2, 3, 0, Gsm7.encodeUnpacked("dua "), t0)), null);
        assertThat(m.text()).isEqualTo("satu dua tiga");
        assertThat(m.flags()).isEmpty();
        assertThat(m.receivedAt()).as("earliest part").isEqualTo(t0);
        assertThat(m.partKey()).isEqualTo("081234|1708|7|3");
    }

    @Test
    void missingPartsAreMarkedAndFlagged() {
        SmsMessage m = decoding.assemble(List.of(
                part(1, 4, 0, Gsm7.encodeUnpacked("awal"), t0),
                part(4, 4, 0, Gsm7.encodeUnpacked("akhir"), t0)), null);
        assertThat(m.text()).isEqualTo("awal (…) (…) akhir");
        assertThat(m.flags()).containsExactly("SMS_INCOMPLETE", "SMS_MISSING_PARTS:2,3");
    }

    @Test
    void ucs2SurrogatePairSplitAcrossPartsIsJoined() {
        byte[] all = "ok 😢".getBytes(StandardCharsets.UTF_16BE);
        int cut = all.length - 2;
        SmsMessage m = decoding.assemble(List.of(
                part(2, 2, 8, java.util.Arrays.copyOfRange(all, cut, all.length), t0),
                part(1, 2, 8, java.util.Arrays.copyOfRange(all, 0, cut), t0)), null);
        assertThat(m.text()).isEqualTo("ok 😢");
    }

    @Test
    void redeliveryHasTheSameExternalIdWithinTheWindowAndADifferentOneAfter() {
        String a = decoding.externalId("081234", "1708", "", "jalan rusak", t0);
        assertThat(decoding.externalId("081234", "1708", "", "jalan rusak", t0.plusSeconds(60))).isEqualTo(a);
        assertThat(decoding.externalId("081234", "1708", "", "jalan rusak!", t0)).isNotEqualTo(a);
        assertThat(decoding.externalId("081234", "1708", "", "jalan rusak", t0.plus(Duration.ofDays(2)))).isNotEqualTo(a);
    }

    @Test
    void normaliserDecisions() {
        SmsNormaliser n = new SmsNormaliser(new SmsTextParser(List.of("LAPOR")), decoding, 30, Clock.systemUTC());
        SmsMessage base = new SmsMessage("smsc-1", 1, "0812-3456-7890", "1708", "LAPOR jalan rusak", null, "sms:x", t0, List.of(), null, new byte[0]);
        Normalisation ok = n.normalise(base);
        assertThat(ok).isInstanceOf(Normalisation.Accepted.class);
        var draft = ((Normalisation.Accepted) ok).draft();
        assertThat(draft.senderKey()).isEqualTo("tel:+6281234567890");
        assertThat(draft.content()).isEqualTo("jalan rusak");
        assertThat(draft.flags()).containsExactly("SMS_SENDER_RAW:0812-3456-7890");
        assertThat(n.normalise(new SmsMessage("smsc-1", 5, "INFO", "1708", "promo", null, "x", t0, List.of(), null, new byte[0])))
                .isInstanceOf(Normalisation.Ignored.class);
        assertThat(n.normalise(new SmsMessage("smsc-1", 1, "0812345678", "1708", "x".repeat(31), null, "x", t0, List.of(), null, new byte[0])))
                .isEqualTo(Normalisation.rejected(Normalisation.ReasonClass.TOO_LARGE, "text of 31 characters exceeds 30"));
        assertThat(n.normalise(new SmsMessage("smsc-1", 1, "0812345678", "1708", "CEK ABCDEFGH1", null, "x", t0, List.of(), null, new byte[0])))
                .isInstanceOf(Normalisation.Ignored.class);
    }

    @Test
    void repliesFitOneSegmentOrGoInMessagePayload() {
        SmsEncoding.Encoded gsm = SmsEncoding.encode("LAPOR! Tiket ABCDEFGH1: selesai. €", SmsTextDecoder.DefaultAlphabet.GSM7_UNPACKED);
        assertThat(gsm.dataCoding()).isZero();
        assertThat(gsm.payload()).isNull();
        assertThat(Gsm7.decodeUnpacked(gsm.shortMessage(), 0, gsm.shortMessage().length)).contains("LAPOR! Tiket ABCDEFGH1: selesai. €");
        SmsEncoding.Encoded packed = SmsEncoding.encode("hellohello", SmsTextDecoder.DefaultAlphabet.GSM7_PACKED);
        assertThat(packed.shortMessage()).hasSize(9);
        assertThat(Gsm7.decodePacked(packed.shortMessage(), 0, packed.shortMessage().length, 0, 10)).isEqualTo("hellohello");
        SmsEncoding.Encoded ucs2 = SmsEncoding.encode("Terima kasih 🙏", SmsTextDecoder.DefaultAlphabet.GSM7_UNPACKED);
        assertThat(ucs2.dataCoding()).isEqualTo(8);
        SmsEncoding.Encoded longText = SmsEncoding.encode("a".repeat(200), SmsTextDecoder.DefaultAlphabet.GSM7_UNPACKED);
        assertThat(longText.shortMessage()).isEmpty();
        assertThat(longText.payload()).hasSize(200);
        assertThat(longText.segments()).isEqualTo(2);
    }

    @Test
    void anAckTemplateThatDoesNotFitOneSmsFailsStartUp() {
        SmsProperties.Replies replies = new SmsProperties.Replies(true, Duration.ofHours(1), Duration.ofMinutes(10), 10, 3, Duration.ofSeconds(5), Duration.ofSeconds(1),
                java.util.Map.of("ack", "Tiket {ticket} " + "x".repeat(160)), java.util.Map.of("RECEIVED", "diterima"), Duration.ofSeconds(30));
        assertThatThrownBy(() -> new SmsReplyTexts(replies, "1708").requireSingleSegmentAck())
                .hasMessageContaining("160 GSM-7 characters");
    }

    @Test
    void receiptIsReadFromTlvsOrText() {
        SmsPdu tlv = new SmsPdu(1, "62812", "1708", 0x04, 0, "id:X stat:UNDELIV".getBytes(),
                java.util.Map.of(SmsPdu.TLV_RECEIPTED_MESSAGE_ID, "AB12\0".getBytes(), SmsPdu.TLV_MESSAGE_STATE, new byte[] {2}),
                new byte[0], null, t0);
        assertThat(decoding.decode(tlv, "smsc-1")).isEqualTo(new SmsDecoding.Decoded.Receipt("AB12", "DELIVERED"));
        SmsPdu text = new SmsPdu(1, "62812", "1708", 0x04, 0, "id:77 sub:001 dlvrd:000 stat:UNDELIV err:001".getBytes(),
                java.util.Map.of(), new byte[0], null, t0);
        assertThat(decoding.decode(text, "smsc-1")).isEqualTo(new SmsDecoding.Decoded.Receipt("77", "UNDELIVERABLE"));
    }

    /** Case 01 of #15: what a receipt carries makes it one, whatever esm_class says. */
    @Test
    void aReceiptIsKnownByItsTextOrTlvsWhateverEsmClassSays() {
        SmsPdu text = new SmsPdu(1, "6281234567811", "1708", 0x00, 0,
                "id:1602718841 sub:001 dlvrd:001 submit date:2406101200 done date:2406101201 stat:DELIVRD err:000 text:Terima".getBytes(),
                java.util.Map.of(), new byte[0], null, t0);
        assertThat(decoding.decode(text, "smsc-1")).isEqualTo(new SmsDecoding.Decoded.Receipt("1602718841", "DELIVERED"));
        SmsPdu lower = new SmsPdu(0, "6281234567811", "1708", 0x00, 0, "  ID:9 stat:expired".getBytes(), java.util.Map.of(), new byte[0], null, t0);
        assertThat(decoding.decode(lower, "smsc-1")).isEqualTo(new SmsDecoding.Decoded.Receipt("9", "EXPIRED"));
        SmsPdu ucs2 = new SmsPdu(1, "6281234567811", "1708", 0x00, 0x08,
                "id:AB stat:UNDELIV err:001".getBytes(java.nio.charset.StandardCharsets.UTF_16BE), java.util.Map.of(), new byte[0], null, t0);
        assertThat(decoding.decode(ucs2, "smsc-1")).isEqualTo(new SmsDecoding.Decoded.Receipt("AB", "UNDELIVERABLE"));
        SmsPdu idOnly = new SmsPdu(1, "6281234567811", "1708", 0x00, 0, new byte[0],
                java.util.Map.of(SmsPdu.TLV_RECEIPTED_MESSAGE_ID, "C0FFEE\0".getBytes()), new byte[0], null, t0);
        assertThat(decoding.decode(idOnly, "smsc-1")).isEqualTo(new SmsDecoding.Decoded.Receipt("C0FFEE", "UNKNOWN"));
        SmsPdu stateOnly = new SmsPdu(1, "6281234567811", "1708", 0x00, 0, "apa saja".getBytes(),
                java.util.Map.of(SmsPdu.TLV_MESSAGE_STATE, new byte[] {5}), new byte[0], null, t0);
        assertThat(decoding.decode(stateOnly, "smsc-1")).isEqualTo(new SmsDecoding.Decoded.Receipt(null, "UNDELIVERABLE"));
    }

    /** Citizen text that mentions ids or states without the receipt shape stays a message. */
    @Test
    void textWithoutTheReceiptShapeIsAMessage() {
        for (String t : new String[] {"Idul Fitri: stat:ion bus tutup", "Nomor id: 1234 saya diblokir, stat: belum jelas",
                "id:5A01 tanpa status", "lapor id:5A01 stat:DELIVRD"}) {
            SmsPdu pdu = new SmsPdu(1, "6281234567811", "1708", 0x00, 0, Gsm7.encodeUnpacked(t), java.util.Map.of(), new byte[0], null, t0);
            assertThat(decoding.decode(pdu, "smsc-1")).as(t).isInstanceOfSatisfying(SmsDecoding.Decoded.Whole.class,
                    w -> assertThat(w.message().text()).isEqualTo(t));
        }
        // a part of a concatenated message is the citizen's text even when it starts like a receipt
        byte[] part = java.nio.ByteBuffer.allocate(6 + 21).put(new byte[] {5, 0, 3, 9, 2, 1}).put(Gsm7.encodeUnpacked("id:12 stat:DELIVRD ab")).array();
        SmsPdu udh = new SmsPdu(1, "6281234567811", "1708", 0x40, 0, part, java.util.Map.of(), new byte[0], null, t0);
        assertThat(decoding.decode(udh, "smsc-1")).isInstanceOf(SmsDecoding.Decoded.Part.class);
    }
}
