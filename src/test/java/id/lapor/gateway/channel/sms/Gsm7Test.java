package id.lapor.gateway.channel.sms;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class Gsm7Test {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void packedSeptetsFromThe23038Example() {
        // "hellohello" packed, the classic worked example
        byte[] packed = hex("E8329BFD4697D9EC37");
        assertThat(Gsm7.decodePacked(packed, 0, packed.length, 0, -1)).isEqualTo("hellohello");
        assertThat(Gsm7.decodePacked(packed, 0, packed.length, 0, 5)).isEqualTo("hello");
    }

    @Test
    void packedWithPaddingAfterAUserDataHeaderSkipsTheFillBits() {
        // a 6-octet UDH (48 bits) needs 1 fill bit to reach septet boundary 49; "Hi" follows
        // H=0x48 a=... built by hand: bits after the fill bit
        int fill = 1;
        int[] septets = {0x48, 0x69};
        byte[] out = new byte[2];
        int bit = fill;
        for (int s : septets) {
            for (int k = 0; k < 7; k++, bit++) if ((s >> k & 1) == 1) out[bit / 8] |= (byte) (1 << (bit % 8));
        }
        assertThat(Gsm7.decodePacked(out, 0, out.length, fill, 2)).isEqualTo("Hi");
    }

    /** Packs septets LSB first after {@code fill} zero bits, in as many octets as they need. */
    private static byte[] packAfter(int fill, String text) {
        byte[] septets = Gsm7.encodeUnpacked(text);
        byte[] out = new byte[(fill + septets.length * 7 + 7) / 8];
        int bit = fill;
        for (byte s : septets) {
            for (int k = 0; k < 7; k++, bit++) if ((s >> k & 1) == 1) out[bit / 8] |= (byte) (1 << (bit % 8));
        }
        return out;
    }

    /**
     * The padding septet is dropped exactly when the bits after the fill bits are a whole number of septets
     * (case 04 of #15: "Tolong!!" after a 6-octet UDH left 7 zero bits read as '@'), whatever the fill.
     */
    @Test
    void theSeptetThatOnlyPadsTheLastOctetIsDroppedAfterFillBitsToo() {
        assertThat(Gsm7.decodePacked(packAfter(1, "Tolong!!"), 0, 8, 1, -1)).isEqualTo("Tolong!!");   // 57 bits in 8 octets: 9 septets read
        assertThat(Gsm7.decodePacked(packAfter(0, "Segera!"), 0, 7, 0, -1)).isEqualTo("Segera!");     // no UDH fill: 8th septet is padding
        assertThat(Gsm7.decodePacked(packAfter(1, "x".repeat(15) + "y"), 0, 15, 1, -1)).isEqualTo("x".repeat(15) + "y");
        // 153 septets after 1 fill bit fill 134 octets exactly: no spare bits, the last septet is text
        assertThat(Gsm7.decodePacked(packAfter(1, "Airnya" + "a".repeat(147)), 0, 134, 1, -1)).isEqualTo("Airnya" + "a".repeat(147));
        assertThat(Gsm7.decodePacked(packAfter(6, "abcdefg"), 0, 7, 6, -1)).isEqualTo("abcdefg");     // 6 fill bits: 50 bits, nothing spare read
        // a CR padding the last octet is not text either (23.038 §6.1.2.3.1); a real '@' before it stays
        assertThat(Gsm7.decodePacked(packAfter(1, "Tolong!@\r"), 0, 8, 1, -1)).isEqualTo("Tolong!@");
    }

    @Test
    void unpackedWithTheExtensionTable() {
        byte[] u = Gsm7.encodeUnpacked("Harga €5 [naik] {x} ^ \\ | ~");
        assertThat(Gsm7.decodeUnpacked(u, 0, u.length)).hasValue("Harga €5 [naik] {x} ^ \\ | ~");
        assertThat(Gsm7.septets("€")).isEqualTo(2);
        assertThat(Gsm7.septets("Jalan rusak")).isEqualTo(11);
        assertThat(Gsm7.septets("jalan 😀")).isEqualTo(-1);
    }

    @Test
    void basicTableSpecials() {
        byte[] b = {0x00, 0x01, 0x02, 0x24, 0x40, 0x5F, 0x60, 0x7F, 0x1C, 0x10};
        assertThat(Gsm7.decodeUnpacked(b, 0, b.length)).hasValue("@£$¤¡§¿àÆΔ");
    }

    @Test
    void anOctetWithTheHighBitIsNotUnpackedGsm7() {
        assertThat(Gsm7.decodeUnpacked(new byte[] {0x41, (byte) 0xC8}, 0, 2)).isEmpty();
    }

    @Test
    void aLoneEscapeAtTheEndIsASpaceAndAnUnknownExtensionFallsBackToTheBasicCharacter() {
        assertThat(Gsm7.decodeUnpacked(new byte[] {0x41, 0x1B}, 0, 2)).hasValue("A ");
        assertThat(Gsm7.decodeUnpacked(new byte[] {0x1B, 0x41}, 0, 2)).hasValue("A");
    }
}
