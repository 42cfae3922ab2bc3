package id.lapor.gateway.channel.sms;

import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.util.DefaultComposer;
import org.jsmpp.util.DefaultDecomposer;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed raw payload of the SMS channel: one {@code deliver_sm} as the SMSC sent it, with the
 * fields we decide on and the PDU bytes (sequence number zeroed, so a redelivery is the same bytes)
 * that quarantine keeps. A PDU jSMPP cannot decompose arrives with {@code malformed} set and only
 * {@code raw}.
 *
 * @param tlvs optional parameters by tag, value octets only, in the order received
 */
public record SmsPdu(
        int sourceTon,
        String sourceAddr,
        String destAddr,
        int esmClass,
        int dataCoding,
        byte[] shortMessage,
        Map<Integer, byte[]> tlvs,
        byte[] raw,
        String malformed,
        Instant receivedAt) {

    public static final int TLV_RECEIPTED_MESSAGE_ID = 0x001E;
    public static final int TLV_SAR_MSG_REF_NUM = 0x020C;
    public static final int TLV_SAR_TOTAL_SEGMENTS = 0x020E;
    public static final int TLV_SAR_SEGMENT_SEQNUM = 0x020F;
    public static final int TLV_MESSAGE_PAYLOAD = 0x0424;
    public static final int TLV_MESSAGE_STATE = 0x0427;
    /** Vendor-range tag {@link MalformedPduGuard} uses to carry a PDU jSMPP could not decompose. */
    public static final int TLV_GATEWAY_MALFORMED_ORIGINAL = 0x1F00;

    private static final DefaultDecomposer DECOMPOSER = new DefaultDecomposer();
    private static final DefaultComposer COMPOSER = new DefaultComposer();

    public SmsPdu {
        tlvs = tlvs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tlvs));
        shortMessage = shortMessage == null ? new byte[0] : shortMessage;
    }

    public boolean isMalformed() {
        return malformed != null;
    }

    /** esm_class message type bits 2-5: 0x04 SMSC delivery receipt (also 0x08 SME ack, 0x20 intermediate notification). */
    public boolean isReceipt() {
        int type = esmClass & 0x3C;
        return type == 0x04 || type == 0x08 || type == 0x10 || type == 0x20;
    }

    /** UDHI: short_message (or message_payload) starts with a user data header. */
    public boolean hasUserDataHeader() {
        return (esmClass & 0x40) != 0;
    }

    /** short_message, or the message_payload TLV when short_message is empty. */
    public byte[] userData() {
        if (shortMessage.length == 0 && tlvs.containsKey(TLV_MESSAGE_PAYLOAD)) return tlvs.get(TLV_MESSAGE_PAYLOAD);
        return shortMessage;
    }

    /** Unsigned integer value of a 1, 2 or 4 octet TLV, or -1 when absent or of another size. */
    public int tlvInt(int tag) {
        byte[] v = tlvs.get(tag);
        if (v == null) return -1;
        return switch (v.length) {
            case 1 -> v[0] & 0xFF;
            case 2 -> ((v[0] & 0xFF) << 8) | (v[1] & 0xFF);
            case 4 -> ByteBuffer.wrap(v).getInt();
            default -> -1;
        };
    }

    /** A C-octet-string TLV without its terminating NUL, or null. */
    public String tlvString(int tag) {
        byte[] v = tlvs.get(tag);
        if (v == null) return null;
        int end = v.length;
        while (end > 0 && v[end - 1] == 0) end--;
        return new String(v, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Decomposes a whole PDU as jSMPP does; a PDU it cannot read comes back malformed with the reason. */
    public static SmsPdu decode(byte[] pdu, Instant receivedAt) {
        byte[] raw = withoutSequence(pdu);
        try {
            if (pdu.length < 16) return malformed(raw, "PDU of " + pdu.length + " octets is shorter than an SMPP header", receivedAt);
            int length = ByteBuffer.wrap(pdu).getInt();
            if (length != pdu.length) return malformed(raw, "command_length " + length + " but " + pdu.length + " octets", receivedAt);
            int id = ByteBuffer.wrap(pdu, 4, 4).getInt();
            if (id != 0x00000005) return malformed(raw, "command_id 0x" + Integer.toHexString(id) + " is not deliver_sm", receivedAt);
            DeliverSm sm = DECOMPOSER.deliverSm(pdu);
            return of(sm, tlvs(sm.getOptionalParameters()), raw, receivedAt);
        } catch (org.jsmpp.PDUStringException e) {
            return malformed(raw, "deliver_sm field invalid: " + e.getMessage(), receivedAt);
        } catch (RuntimeException e) {
            return malformed(raw, "truncated deliver_sm (" + e.getClass().getSimpleName() + " while reading fields)", receivedAt);
        }
    }

    /** From what jSMPP decomposed; the raw bytes are composed again from the fields. */
    public static SmsPdu of(DeliverSm sm, Instant receivedAt) {
        Map<Integer, byte[]> tlvs = tlvs(sm.getOptionalParameters());
        if (tlvs.containsKey(TLV_GATEWAY_MALFORMED_ORIGINAL)) return decode(tlvs.get(TLV_GATEWAY_MALFORMED_ORIGINAL), receivedAt);
        OptionalParameter[] params = sm.getOptionalParameters();
        byte[] raw;
        try {
            raw = COMPOSER.deliverSm(0, sm.getServiceType(), sm.getSourceAddrTon(), sm.getSourceAddrNpi(), sm.getSourceAddr(),
                    sm.getDestAddrTon(), sm.getDestAddrNpi(), sm.getDestAddress(), sm.getEsmClass(), sm.getProtocolId(),
                    sm.getPriorityFlag(), sm.getRegisteredDelivery(), sm.getDataCoding(), sm.getShortMessage(),
                    params == null ? new OptionalParameter[0] : params);
        } catch (org.jsmpp.PDUStringException e) {
            raw = new byte[0];
        }
        return of(sm, tlvs, raw, receivedAt);
    }

    /** The value octets of an optional parameter (without its tag and length). */
    public static byte[] tlvValue(OptionalParameter p) {
        byte[] s = p.serialize();
        return Arrays.copyOfRange(s, 4, s.length);
    }

    private static Map<Integer, byte[]> tlvs(OptionalParameter[] params) {
        Map<Integer, byte[]> tlvs = new LinkedHashMap<>();
        if (params != null) for (OptionalParameter p : params) tlvs.put(p.tag & 0xFFFF, tlvValue(p));
        return tlvs;
    }

    private static SmsPdu of(DeliverSm sm, Map<Integer, byte[]> tlvs, byte[] raw, Instant receivedAt) {
        return new SmsPdu(sm.getSourceAddrTon() & 0xFF, sm.getSourceAddr(), sm.getDestAddress(), sm.getEsmClass() & 0xFF,
                sm.getDataCoding() & 0xFF, sm.getShortMessage(), tlvs, raw, null, receivedAt);
    }

    private static SmsPdu malformed(byte[] raw, String reason, Instant receivedAt) {
        return new SmsPdu(0, null, null, 0, 0, null, null, raw, reason, receivedAt);
    }

    private static byte[] withoutSequence(byte[] pdu) {
        byte[] copy = pdu.clone();
        if (copy.length >= 16) Arrays.fill(copy, 12, 16, (byte) 0);
        return copy;
    }
}
