package id.lapor.gateway.channel.email;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HeaderText}: split encoded-words joined, raw 8-bit headers read as UTF-8 or Windows-1252, both flagged where guessed. */
class HeaderTextTest {

    final Set<String> flags = new LinkedHashSet<>();

    @Test
    void anEmDashSplitAcrossTwoBase64WordsIsDecodedWhole() {
        String raw = "=?UTF-8?B?TGFtcHUgamFsYW4gcGFkYW0g4g==?=\r\n =?UTF-8?B?gJQgSmwuIFBlamFuZ2dpayBDYWtyYW5lZ2FyYQ==?=";
        assertThat(HeaderText.decode(raw, "Subject", flags)).isEqualTo("Lampu jalan padam — Jl. Pejanggik Cakranegara");
        assertThat(flags).isEmpty();
    }

    @Test
    void aCharacterSplitAcrossQWordsAndMixedBAndQWordsOfOneCharsetIsDecodedWhole() {
        assertThat(HeaderText.decode("=?utf-8?Q?Beh=C3?= =?utf-8?Q?=B6rden_tutup?=", "Subject", flags)).isEqualTo("Behörden tutup");
        // "é" = C3 A9: C3 in a Q word, A9 in a B word ("qQ==")
        assertThat(HeaderText.decode("=?UTF-8?q?Caf=C3?= =?utf-8?b?qQ==?=", "Subject", flags)).isEqualTo("Café");
        assertThat(flags).isEmpty();
    }

    @Test
    void wordsOfDifferentCharsetsOrSeparatedByTextStayApartAndTheTextBetweenIsKept() {
        assertThat(HeaderText.decode("=?iso-8859-1?Q?caf=E9?= =?utf-8?Q?_=C3=A9t=C3=A9?=", "Subject", flags)).isEqualTo("café été");
        assertThat(HeaderText.decode("=?utf-8?Q?Jalan?= rusak =?utf-8?Q?parah?=", "Subject", flags)).isEqualTo("Jalan rusak parah");
        assertThat(flags).isEmpty();
    }

    @Test
    void bytesThatStillDoNotDecodeAreFlagged() {
        assertThat(HeaderText.decode("=?utf-8?B?SmFsYW4g/w==?=", "Subject", flags)).isEqualTo("Jalan \uFFFD");
        assertThat(flags).containsExactly("EMAIL_HEADER_UNDECODABLE:Subject");
    }

    @Test
    void raw8BitHeaderBytesAreReadAsUtf8WhenValidElseWindows1252AndTheGuessIsFlagged() {
        String utf8 = new String("Jalan rusak — Désa".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(HeaderText.decode(utf8, "Subject", flags)).isEqualTo("Jalan rusak — Désa");
        assertThat(flags).containsExactly("EMAIL_HEADER_CHARSET_GUESSED:UTF-8");
        flags.clear();
        String latin = new String(new byte[] {'C', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x96, ' ', 'b', 'u', 'k', 'a'}, StandardCharsets.ISO_8859_1);
        assertThat(HeaderText.decode(latin, "Subject", flags)).isEqualTo("Café – buka");
        assertThat(flags).containsExactly("EMAIL_HEADER_CHARSET_GUESSED:WINDOWS-1252");
    }

    @Test
    void plainAsciiIsLeftAsItIs() {
        assertThat(HeaderText.decode("Jalan berlubang di =? depan SDN", "Subject", flags)).isEqualTo("Jalan berlubang di =? depan SDN");
        assertThat(flags).isEmpty();
    }
}
