package id.lapor.gateway.channel.sms;

import id.lapor.gateway.complaint.Normalisation.ReasonClass;
import id.lapor.gateway.intake.TextFingerprint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one deliver_sm is: a delivery receipt (by esm_class, by its receipt TLVs or by its appendix-B
 * text, whichever says so), one part of a concatenated message, or a whole
 * message (possibly one that cannot be used, with the reason). Also puts stored parts back
 * together. Plain Java; no Camel, no store.
 */
public final class SmsDecoding {

    /** The three kinds of deliver_sm. */
    public sealed interface Decoded {
        /** A delivery receipt for a message we sent: {@code messageId} as the SMSC named it, its final state. */
        record Receipt(String messageId, String state) implements Decoded {}

        record Part(SmsPart part) implements Decoded {}

        record Whole(SmsMessage message) implements Decoded {}
    }

    private static final Pattern RECEIPT_ID = Pattern.compile("\\bid:\\s*([^\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern RECEIPT_STAT = Pattern.compile("\\bstat:\\s*([A-Za-z]+)", Pattern.CASE_INSENSITIVE);
    /** SMPP 3.4 appendix B receipt text: starts with {@code id:<something>} and has {@code stat:<word>} after it. */
    private static final Pattern RECEIPT_SHAPE =
            Pattern.compile("\\A\\s*id:\\s*\\S+\\s.*?\\bstat:\\s*[A-Za-z]+", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final String[] MESSAGE_STATES =
            {"SCHEDULED", "ENROUTE", "DELIVERED", "EXPIRED", "DELETED", "UNDELIVERABLE", "ACCEPTED", "UNKNOWN", "REJECTED", "SKIPPED"};

    private final SmsTextDecoder text;
    private final int maxParts;
    private final Duration redeliveryWindow;

    public SmsDecoding(SmsTextDecoder.DefaultAlphabet defaultAlphabet, int maxParts, Duration redeliveryWindow) {
        this.text = new SmsTextDecoder(defaultAlphabet);
        this.maxParts = maxParts;
        this.redeliveryWindow = redeliveryWindow;
    }

    public Decoded decode(SmsPdu pdu, String instance) {
        if (pdu.isMalformed()) {
            return whole(SmsMessage.rejected(pdu, instance, ReasonClass.PARSE, "malformed PDU: " + pdu.malformed(), rawId(pdu)));
        }
        String receiptText = receiptText(pdu);
        if (pdu.isReceipt() || receiptText != null || hasReceiptTlvs(pdu)) return receipt(pdu, receiptText);
        byte[] ud = pdu.userData();
        int headerLength = 0;
        UserDataHeader.Concat concat = null;
        try {
            if (pdu.hasUserDataHeader()) {
                UserDataHeader udh = UserDataHeader.parse(ud);
                headerLength = udh.length();
                concat = udh.concat();
            }
            if (concat == null) concat = sar(pdu);
        } catch (UserDataHeader.MalformedHeader e) {
            return reject(pdu, instance, ReasonClass.PARSE, e.getMessage());
        }
        if (concat != null && concat.total() > maxParts) {
            return reject(pdu, instance, ReasonClass.POLICY,
                    "concatenated message claims " + concat.total() + " parts, more than the " + maxParts + " accepted");
        }
        if (ud.length == 0) return reject(pdu, instance, ReasonClass.VALIDATION, "empty message");
        if (concat != null && concat.total() > 1) {
            // UCS-2 parts are checked only for whole characters: a surrogate pair may straddle two parts
            if (!text.isUcs2(pdu.dataCoding())) {
                SmsTextDecoder.Result r = text.decode(pdu.dataCoding(), ud, headerLength);
                if (r instanceof SmsTextDecoder.Result.Undecodable u) return reject(pdu, instance, reasonClass(u), u.reason());
            } else if ((ud.length - headerLength) % 2 != 0) {
                return reject(pdu, instance, ReasonClass.PARSE, "UCS-2 part with an odd number of octets");
            }
            String key = SmsPart.messageKey(pdu.sourceAddr(), pdu.destAddr(), concat.reference(), concat.total());
            return new Decoded.Part(new SmsPart(key, concat.seq(), concat.total(), pdu.sourceTon(), pdu.sourceAddr(),
                    pdu.destAddr(), instance, pdu.dataCoding(), headerLength, ud, pdu.receivedAt()));
        }
        SmsTextDecoder.Result r = text.decode(pdu.dataCoding(), ud, headerLength);
        if (r instanceof SmsTextDecoder.Result.Undecodable u) return reject(pdu, instance, reasonClass(u), u.reason());
        String decoded = ((SmsTextDecoder.Result.Text) r).text();
        return whole(new SmsMessage(instance, pdu.sourceTon(), pdu.sourceAddr(), pdu.destAddr(), decoded, null,
                externalId(pdu.sourceAddr(), pdu.destAddr(), "", decoded, pdu.receivedAt()), pdu.receivedAt(), List.of(), null, pdu.raw()));
    }

    /**
     * One message from the stored parts of {@code messageKey}, in sequence order whatever order they came
     * in. When some are missing ({@code complete} false: the timeout passed) the text has "(…)" where
     * they were and the message is flagged SMS_INCOMPLETE and SMS_MISSING_PARTS:2,3.
     */
    public SmsMessage assemble(List<SmsPart> parts, byte[] firstRaw) {
        TreeMap<Integer, SmsPart> bySeq = new TreeMap<>();
        for (SmsPart p : parts) bySeq.putIfAbsent(p.seq(), p);
        SmsPart first = bySeq.firstEntry().getValue();
        int total = first.total();
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream ucs2 = new ByteArrayOutputStream();
        List<Integer> missing = new ArrayList<>();
        Instant earliest = first.receivedAt();
        for (int seq = 1; seq <= total; seq++) {
            SmsPart p = bySeq.get(seq);
            if (p == null) {
                flushUcs2(ucs2, out);
                missing.add(seq);
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') out.append(' ');
                out.append("(…) ");
                continue;
            }
            if (p.receivedAt().isBefore(earliest)) earliest = p.receivedAt();
            if (text.isUcs2(p.dataCoding())) {
                ucs2.write(p.userData(), p.headerLength(), p.userData().length - p.headerLength());
            } else {
                flushUcs2(ucs2, out);
                SmsTextDecoder.Result r = text.decode(p.dataCoding(), p.userData(), p.headerLength());
                out.append(r instanceof SmsTextDecoder.Result.Text t ? t.text() : "(…)");
            }
        }
        flushUcs2(ucs2, out);
        String assembled = out.toString().strip();
        List<String> flags = new ArrayList<>();
        if (!missing.isEmpty()) {
            flags.add("SMS_INCOMPLETE");
            flags.add("SMS_MISSING_PARTS:" + String.join(",", missing.stream().map(String::valueOf).toList()));
        }
        return new SmsMessage(first.instance(), first.senderTon(), first.sender(), first.destination(), assembled, null,
                externalId(first.sender(), first.destination(), first.messageKey(), assembled, earliest), earliest, flags,
                first.messageKey(), firstRaw);
    }

    private static void flushUcs2(ByteArrayOutputStream ucs2, StringBuilder out) {
        if (ucs2.size() == 0) return;
        // lenient here: an unpaired surrogate left by a missing part becomes U+FFFD and intake removes it
        out.append(new String(ucs2.toByteArray(), StandardCharsets.UTF_16BE));
        ucs2.reset();
    }

    /**
     * A delivery receipt is known by what it carries, whatever its esm_class says (SMSCs and aggregators
     * send receipts with esm_class 0, jookies/jasmin#1050): the receipted_message_id (0x001E) or
     * message_state (0x0427) TLV, which SMPP 3.4 §5.3.2.12/§5.3.2.35 defines only for receipts.
     */
    private static boolean hasReceiptTlvs(SmsPdu pdu) {
        return pdu.tlvs().containsKey(SmsPdu.TLV_RECEIPTED_MESSAGE_ID) || pdu.tlvs().containsKey(SmsPdu.TLV_MESSAGE_STATE);
    }

    /**
     * The text of a deliver_sm when it has the receipt shape of SMPP 3.4 appendix B ({@code id:<id> …
     * stat:<state>}: it starts with {@code id:} and names a {@code stat:} later), else null. Read with the
     * bind's text decoding and, since SMSCs write receipts in ASCII whatever the bind packs, also as the
     * octets themselves. A message with a user data header is a part of a citizen's text, never a receipt.
     */
    private String receiptText(SmsPdu pdu) {
        if (pdu.hasUserDataHeader()) return null;
        byte[] ud = pdu.userData();
        if (ud.length == 0) return null;
        if (text.decode(pdu.dataCoding(), ud, 0) instanceof SmsTextDecoder.Result.Text t && RECEIPT_SHAPE.matcher(t.text()).find()) {
            return t.text();
        }
        String octets = new String(ud, StandardCharsets.ISO_8859_1);
        return RECEIPT_SHAPE.matcher(octets).find() ? octets : null;
    }

    private Decoded receipt(SmsPdu pdu, String receiptText) {
        String id = pdu.tlvString(SmsPdu.TLV_RECEIPTED_MESSAGE_ID);
        String state = null;
        int s = pdu.tlvInt(SmsPdu.TLV_MESSAGE_STATE);
        if (s >= 0 && s < MESSAGE_STATES.length) state = MESSAGE_STATES[s];
        String body = receiptText != null ? receiptText : new String(pdu.userData(), StandardCharsets.ISO_8859_1);
        if (id == null) {
            Matcher m = RECEIPT_ID.matcher(body);
            if (m.find()) id = m.group(1);
        }
        if (state == null) {
            Matcher m = RECEIPT_STAT.matcher(body);
            if (m.find()) state = receiptStat(m.group(1));
        }
        return new Decoded.Receipt(id, state == null ? "UNKNOWN" : state);
    }

    /** The short receipt words (SMPP 3.4 appendix B) as message_state names. */
    private static String receiptStat(String stat) {
        return switch (stat.toUpperCase(java.util.Locale.ROOT)) {
            case "DELIVRD" -> "DELIVERED";
            case "EXPIRED" -> "EXPIRED";
            case "DELETED" -> "DELETED";
            case "UNDELIV" -> "UNDELIVERABLE";
            case "ACCEPTD" -> "ACCEPTED";
            case "REJECTD" -> "REJECTED";
            case "ENROUTE" -> "ENROUTE";
            default -> "UNKNOWN";
        };
    }

    private static UserDataHeader.Concat sar(SmsPdu pdu) throws UserDataHeader.MalformedHeader {
        boolean ref = pdu.tlvs().containsKey(SmsPdu.TLV_SAR_MSG_REF_NUM);
        boolean total = pdu.tlvs().containsKey(SmsPdu.TLV_SAR_TOTAL_SEGMENTS);
        boolean seq = pdu.tlvs().containsKey(SmsPdu.TLV_SAR_SEGMENT_SEQNUM);
        if (!ref && !total && !seq) return null;
        if (!(ref && total && seq)) throw new UserDataHeader.MalformedHeader("SAR TLVs incomplete: sar_msg_ref_num, sar_total_segments and sar_segment_seqnum go together");
        int r = pdu.tlvInt(SmsPdu.TLV_SAR_MSG_REF_NUM);
        int t = pdu.tlvInt(SmsPdu.TLV_SAR_TOTAL_SEGMENTS);
        int s = pdu.tlvInt(SmsPdu.TLV_SAR_SEGMENT_SEQNUM);
        if (r < 0 || t < 0 || s < 0) throw new UserDataHeader.MalformedHeader("SAR TLV with a wrong value length");
        return UserDataHeader.concat(r, t, s);
    }

    private static ReasonClass reasonClass(SmsTextDecoder.Result.Undecodable u) {
        return u.binary() || u.reason().contains("not supported") ? ReasonClass.UNSUPPORTED : ReasonClass.PARSE;
    }

    private Decoded reject(SmsPdu pdu, String instance, ReasonClass rc, String reason) {
        return whole(SmsMessage.rejected(pdu, instance, rc, reason, rawId(pdu)));
    }

    private static Decoded whole(SmsMessage m) {
        return new Decoded.Whole(m);
    }

    /**
     * The transport id of an SMS: deliver_sm carries no message id for mobile-originated messages, so it is
     * the sender, destination, concatenation key and text, within the redelivery window's time bucket.
     */
    String externalId(String sender, String destination, String partKey, String decoded, Instant receivedAt) {
        return "sms:" + TextFingerprint.sha256Hex(sender + "\n" + destination + "\n" + partKey + "\n" + decoded).substring(0, 32)
                + ":" + bucket(receivedAt);
    }

    private String rawId(SmsPdu pdu) {
        return "sms-raw:" + TextFingerprint.sha256Hex(pdu.raw()).substring(0, 32) + ":" + bucket(pdu.receivedAt());
    }

    /** Which redelivery window an instant falls in. */
    private long bucket(Instant at) {
        return at.toEpochMilli() / Math.max(1, redeliveryWindow.toMillis());
    }
}
