package id.lapor.gateway.channel.sms;

import id.lapor.gateway.channel.sms.SmsTextDecoder.DefaultAlphabet;
import id.lapor.gateway.channel.sms.SmsTextDecoder.Result;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class SmsTextDecoderTest {

    private final SmsTextDecoder unpacked = new SmsTextDecoder(DefaultAlphabet.GSM7_UNPACKED);

    @Test
    void ucs2IndonesianWithAnEmojiAsASurrogatePair() {
        byte[] ud = "Jalan rusak parah 😡 tolong".getBytes(StandardCharsets.UTF_16BE);
        assertThat(unpacked.decode(0x08, ud, 0)).isEqualTo(new Result.Text("Jalan rusak parah 😡 tolong"));
    }

    @Test
    void brokenUtf16IsUndecodableNotStored() {
        byte[] lone = HexFormat.of().parseHex("0041D83D0042"); // A, high surrogate alone, B
        assertThat(unpacked.decode(0x08, lone, 0)).isInstanceOfSatisfying(Result.Undecodable.class,
                u -> assertThat(u.reason()).contains("unpaired surrogate"));
        assertThat(unpacked.decode(0x08, new byte[] {0x00, 0x41, 0x00}, 0)).isInstanceOfSatisfying(Result.Undecodable.class,
                u -> assertThat(u.reason()).contains("odd number"));
    }

    @Test
    void latin1AndIa5() {
        assertThat(unpacked.decode(0x03, "Jembatan rusak, ½ ambruk".getBytes(StandardCharsets.ISO_8859_1), 0))
                .isEqualTo(new Result.Text("Jembatan rusak, ½ ambruk"));
        assertThat(unpacked.decode(0x01, "LAPOR#Budi".getBytes(StandardCharsets.US_ASCII), 0))
                .isEqualTo(new Result.Text("LAPOR#Budi"));
        assertThat(unpacked.decode(0x01, new byte[] {0x41, (byte) 0xE9}, 0)).isInstanceOf(Result.Undecodable.class);
        assertThat(new SmsTextDecoder(DefaultAlphabet.LATIN1).decode(0x00, new byte[] {0x41, (byte) 0xE9}, 0))
                .isEqualTo(new Result.Text("Aé"));
    }

    @Test
    void eightBitAndUnknownCodingsAreUndecodableWithTheReason() {
        assertThat(unpacked.decode(0x04, new byte[] {1, 2, 3}, 0)).isEqualTo(new Result.Undecodable("8-bit binary data (data_coding 0x04)", true));
        assertThat(unpacked.decode(0xF6, new byte[] {1}, 0)).isEqualTo(new Result.Undecodable("8-bit binary data (data_coding 0xF6)", true));
        assertThat(unpacked.decode(0x06, new byte[] {1}, 0)).isEqualTo(new Result.Undecodable("data_coding 0x06 is not supported", false));
        assertThat(unpacked.decode(0x30, new byte[] {1}, 0)).isEqualTo(new Result.Undecodable("data_coding 0x30 is not supported", false));
    }

    @Test
    void gsm7ClassAndGeneralGroupsDecodeAsGsm7() {
        byte[] u = Gsm7.encodeUnpacked("Harga €10");
        assertThat(unpacked.decode(0xF0, u, 0)).isEqualTo(new Result.Text("Harga €10"));
        assertThat(unpacked.decode(0x11, u, 0)).isEqualTo(new Result.Text("Harga €10"));
        assertThat(unpacked.decode(0x18, "ok".getBytes(StandardCharsets.UTF_16BE), 0)).isEqualTo(new Result.Text("ok"));
    }

    @Test
    void packedGsm7AfterAConcatenationHeaderSkipsHeaderAndFillBit() throws Exception {
        // UDH 05 00 03 2A 02 01 (6 octets = 48 bits, 1 fill bit), then "Hi" packed from bit 49
        byte[] ud = new byte[8];
        System.arraycopy(HexFormat.of().parseHex("0500032A0201"), 0, ud, 0, 6);
        int bit = 1;
        for (int s : new int[] {0x48, 0x69}) {
            for (int k = 0; k < 7; k++, bit++) if ((s >> k & 1) == 1) ud[6 + bit / 8] |= (byte) (1 << (bit % 8));
        }
        UserDataHeader h = UserDataHeader.parse(ud);
        assertThat(h.concat()).isEqualTo(new UserDataHeader.Concat(0x2A, 2, 1));
        assertThat(new SmsTextDecoder(DefaultAlphabet.GSM7_PACKED).decode(0x00, ud, h.length()))
                .isEqualTo(new Result.Text("Hi"));
    }
}
