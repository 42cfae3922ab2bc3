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
