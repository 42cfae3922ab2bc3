package id.lapor.gateway.channel.sms;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserDataHeaderTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void eightAndSixteenBitConcatenationReferences() throws Exception {
        assertThat(UserDataHeader.parse(hex("05 00 03 A7 03 02 41 42")))
                .isEqualTo(new UserDataHeader(6, new UserDataHeader.Concat(0xA7, 3, 2)));
        assertThat(UserDataHeader.parse(hex("06 08 04 12 34 02 01 41")))
                .isEqualTo(new UserDataHeader(7, new UserDataHeader.Concat(0x1234, 2, 1)));
    }

    @Test
    void otherElementsAreSkipped() throws Exception {
        // port addressing (IEI 05, 4 octets) before the concatenation element
        assertThat(UserDataHeader.parse(hex("0B 05 04 0B 84 23 F0 00 03 01 02 02 41")))
                .isEqualTo(new UserDataHeader(12, new UserDataHeader.Concat(1, 2, 2)));
        assertThat(UserDataHeader.parse(hex("06 05 04 0B 84 23 F0 41")).concat()).isNull();
    }

    @Test
    void hostileHeadersAreMalformedWithAReason() {
        assertThatThrownBy(() -> UserDataHeader.parse(hex("05 00 03 01 00 01"))).hasMessage("concatenated message claims 0 parts");
        assertThatThrownBy(() -> UserDataHeader.parse(hex("05 00 03 01 02 03"))).hasMessage("part number 3 outside 1..2");
        assertThatThrownBy(() -> UserDataHeader.parse(hex("05 00 03 01 02 00"))).hasMessage("part number 0 outside 1..2");
        assertThatThrownBy(() -> UserDataHeader.parse(hex("09 00 03 01"))).hasMessageContaining("exceeds the 4-octet message");
        assertThatThrownBy(() -> UserDataHeader.parse(hex("04 00 05 01 02"))).hasMessageContaining("overruns the header");
        assertThatThrownBy(() -> UserDataHeader.parse(hex("05 00 02 01 02 41"))).hasMessageContaining("has length 2, expected 3");
        assertThatThrownBy(() -> UserDataHeader.parse(new byte[0])).hasMessageContaining("empty");
    }
}
