package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.ChannelNormaliser;
import id.lapor.gateway.intake.PhoneNumbers;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one SMS (single or reassembled) into a complaint draft: the sender in E.164 as
 * {@code tel:+62…} (read by its declared SMPP type of number: {@link PhoneNumbers#fromSmpp}, so a foreign
 * number is a reporter like any other), the text parsed for keyword, NAMA#LOKASI#ISI fields and RAHASIA/ANONIM.
 * Alphanumeric senders (operator promotions) and CEK/INFO commands are Ignored; what cannot be
 * decoded, has no text or no phone number is Rejected.
 */
public class SmsNormaliser implements ChannelNormaliser<SmsMessage> {

    /** TON 5: alphanumeric sender id, as operators use for promotions. */
    private static final int TON_ALPHANUMERIC = 5;

    private final SmsTextParser parser;
    private final SmsDecoding decoding;
    private final Clock clock;
    private final int maxTextChars;
    private final String senderRegion;

    /** With sender numbers of unknown or national type read as Indonesian ({@link PhoneNumbers#DEFAULT_REGION}). */
    public SmsNormaliser(SmsTextParser parser, SmsDecoding decoding, int maxTextChars, Clock clock) {
        this(parser, decoding, maxTextChars, PhoneNumbers.DEFAULT_REGION, clock);
    }

    /** @param senderRegion {@code channels.sms.sender-region}: region of TON 0/2 sender numbers ({@link PhoneNumbers#fromSmpp}) */
    public SmsNormaliser(SmsTextParser parser, SmsDecoding decoding, int maxTextChars, String senderRegion, Clock clock) {
        this.senderRegion = senderRegion;
        this.parser = parser;
        this.maxTextChars = maxTextChars;
        this.decoding = decoding;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    /** Quarantine replay: the raw input is one deliver_sm PDU; a quarantined part is replayed as a message of its own. */
    @Override
    public Normalisation normaliseRaw(byte[] raw, String instance) {
        SmsPdu pdu = SmsPdu.decode(raw, clock.instant());
        SmsDecoding.Decoded d = decoding.decode(pdu, instance);
        if (d instanceof SmsDecoding.Decoded.Whole w) return normalise(w.message());
        if (d instanceof SmsDecoding.Decoded.Part p) return normalise(decoding.assemble(List.of(p.part()), pdu.raw()));
        return Normalisation.ignored("delivery receipt");
    }

    @Override
    public Class<SmsMessage> inputType() {
        return SmsMessage.class;
    }

    /** One whole message (single, reassembled or expired parts) after the command step of the SMS route. */
    @Override
    public Normalisation normalise(SmsMessage m) {
        if (m.problem() != null) return Normalisation.rejected(m.problem().reasonClass(), m.problem().reason());
        if (isAlphanumeric(m.senderTon(), m.sender())) {
            return Normalisation.ignored("alphanumeric sender (operator message), not a citizen");
        }
        if (m.text() != null && m.text().length() > maxTextChars) {
            return Normalisation.rejected(ReasonClass.TOO_LARGE, "text of " + m.text().length() + " characters exceeds " + maxTextChars);
        }
        Optional<String> e164 = PhoneNumbers.fromSmpp(m.sender(), m.senderTon(), senderRegion);
        if (e164.isEmpty()) return Normalisation.rejected(ReasonClass.VALIDATION, "sender is not a phone number");
        SmsTextParser.Intent intent = parser.parse(m.text());
        if (intent instanceof SmsTextParser.Intent.StatusQuery) return Normalisation.ignored("status query (CEK/STATUS), answered by SMS");
        if (intent instanceof SmsTextParser.Intent.Help) return Normalisation.ignored("help request (INFO/BANTUAN), answered by SMS");
        if (intent instanceof SmsTextParser.Intent.StopUpdates || intent instanceof SmsTextParser.Intent.ResumeUpdates) {
            return Normalisation.ignored("status updates switched (BERHENTI/MULAI), answered by SMS");
        }
        if (!(intent instanceof SmsTextParser.Intent.Complaint c)) {
            return Normalisation.rejected(ReasonClass.VALIDATION, m.text() == null || m.text().isBlank()
                    ? "empty message (only whitespace)" : "message has a keyword but no complaint text");
        }
        String phone = e164.get();
        String senderKey = "tel:" + phone;
        Complaint.Reporter reporter = new Complaint.Reporter(c.anonymous() ? null : c.name(), phone, null, senderKey,
                c.anonymous(), c.confidential());
        List<String> flags = new ArrayList<>(m.flags());
        if (!m.sender().equals(phone)) flags.add("SMS_SENDER_RAW:" + m.sender());
        Complaint.Location location = c.location() == null ? null : new Complaint.Location(c.location(), null, null);
        return Normalisation.accepted(ComplaintDraft.of(Channel.SMS, senderKey).instance(m.instance()).externalId(m.externalId())
                .reporter(reporter).content(c.content()).language("id").location(location).flags(flags).build());
    }

    static boolean isAlphanumeric(int ton, String sender) {
        if (ton == TON_ALPHANUMERIC) return true;
        if (sender == null) return false;
        for (int i = 0; i < sender.length(); i++) if (Character.isLetter(sender.charAt(i))) return true;
        return false;
    }
}
