package id.lapor.gateway.channel.email;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReplyTrimmer#trimmed}: only trailing history is cut, letter-style header lines and text after a quote stay, every cut is flagged. */
class ReplyTrimmerTest {

    @Test
    void letterStyleDariTanggalPerihalLinesAreTheCitizensText() {
        String letter = "Kepada Yth. Bapak Bupati\nDari: Hasan, warga Desa Jago\nTanggal: 7 Juni 2024\nPerihal: Pungutan\n\nSaya dimintai uang.";
        assertThat(ReplyTrimmer.trimmed(letter)).isEqualTo(new ReplyTrimmer.Trimmed(letter, java.util.List.of()));
        // an address on the Dari line but no time of day on the Tanggal line: still a letter
        String withAddress = "Kepada Yth.\nDari: Hasan <hasan@contoh.id>\nTanggal: 7 Juni 2024\nPerihal: Pungutan\n\nSaya dimintai uang.";
        assertThat(ReplyTrimmer.trimmed(withAddress).text()).isEqualTo(withAddress);
    }

    @Test
    void aRealHeaderBlockAfterTheTextIsCutAndFlaggedWithItsLines() {
        var t = ReplyTrimmer.trimmed("Masih tersumbat.\n\nDari: Layanan <layanan@example.go.id>\nTerkirim: Selasa, 4 Juni 2024 14.15\nKepada: Baiq\n\nTerima kasih.\n");
        assertThat(t.text()).isEqualTo("Masih tersumbat.");
        assertThat(t.flags()).containsExactly("EMAIL_HISTORY_TRIMMED:3-7/7");
    }

    @Test
    void unquotedTextAfterAQuoteIsKept() {
        String inline = "Pada Sen, 3 Jun 2024 10.00, Layanan menulis:\n> Di mana lokasinya?\n\nDi depan SDN 1.\n";
        assertThat(ReplyTrimmer.trimmed(inline).text()).isEqualTo(inline.strip());
        assertThat(ReplyTrimmer.trimmed(inline).flags()).isEmpty();
        var tail = ReplyTrimmer.trimmed("Di depan SDN 1.\n\nPada Sen, 3 Jun 2024 10.00, Layanan menulis:\n> Di mana lokasinya?\n> Terima kasih.");
        assertThat(tail.text()).isEqualTo("Di depan SDN 1.");
        assertThat(tail.flags()).containsExactly("EMAIL_HISTORY_TRIMMED:3-5/5");
    }

    @Test
    void aSignatureCutIsFlaggedToo() {
        var t = ReplyTrimmer.trimmed("Masih rusak.\n-- \nBudi\n0812");
        assertThat(t.text()).isEqualTo("Masih rusak.");
        assertThat(t.flags()).containsExactly("EMAIL_SIGNATURE_TRIMMED:2-4/4");
    }
}
