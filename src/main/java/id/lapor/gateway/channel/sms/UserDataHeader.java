package id.lapor.gateway.channel.sms;

/**
 * The user data header at the start of {@code short_message} when esm_class has UDHI (0x40)
 * (3GPP TS 23.040 §9.2.3.24). Only concatenation matters to us: IEI 0x00 (8-bit reference) and
 * IEI 0x08 (16-bit reference); other elements are skipped.
 *
 * @param length octets the header occupies, including the UDHL octet itself
 * @param concat the concatenation element, or null when the message is not a part
 */
public record UserDataHeader(int length, Concat concat) {

    /** One part of a concatenated message: parts share {@code reference} and {@code total}; {@code seq} is 1-based. */
    public record Concat(int reference, int total, int seq) {}

    /** What is wrong with a header, in words an operator understands. */
    public static final class MalformedHeader extends Exception {
        MalformedHeader(String message) {
            super(message);
        }
    }

    /** Parses the header at the start of {@code ud}. */
    public static UserDataHeader parse(byte[] ud) throws MalformedHeader {
        if (ud.length == 0) throw new MalformedHeader("UDHI set but the message is empty");
        int udhl = ud[0] & 0xFF;
        if (udhl + 1 > ud.length) throw new MalformedHeader("UDH length " + udhl + " exceeds the " + ud.length + "-octet message");
        Concat concat = null;
        int i = 1;
        while (i < udhl + 1) {
            if (i + 2 > udhl + 1) throw new MalformedHeader("UDH element at octet " + i + " is truncated");
            int iei = ud[i] & 0xFF;
            int iedl = ud[i + 1] & 0xFF;
            if (i + 2 + iedl > udhl + 1) throw new MalformedHeader("UDH element 0x" + Integer.toHexString(iei) + " overruns the header");
            if (iei == 0x00 || iei == 0x08) {
                int expected = iei == 0x00 ? 3 : 4;
                if (iedl != expected) {
                    throw new MalformedHeader("concatenation element 0x0" + iei + " has length " + iedl + ", expected " + expected);
                }
                int p = i + 2;
                int ref = iei == 0x00 ? ud[p] & 0xFF : ((ud[p] & 0xFF) << 8) | (ud[p + 1] & 0xFF);
                int total = ud[p + expected - 2] & 0xFF;
                int seq = ud[p + expected - 1] & 0xFF;
                concat = concat(ref, total, seq);
            }
            i += 2 + iedl;
        }
        return new UserDataHeader(udhl + 1, concat);
    }

    /** A concatenation element checked as 23.040 requires: 1 ≤ seq ≤ total, total ≥ 1. */
    public static Concat concat(int reference, int total, int seq) throws MalformedHeader {
        if (total < 1) throw new MalformedHeader("concatenated message claims " + total + " parts");
        if (seq < 1 || seq > total) throw new MalformedHeader("part number " + seq + " outside 1.." + total);
        return new Concat(reference, total, seq);
    }
}
