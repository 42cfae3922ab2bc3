package id.lapor.gateway.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextHygieneTest {

    @Test
    void removesNulControlsAndLoneSurrogatesKeepsEmojiAndLines() {
        String dirty = "Jalan\u0000 rusak\u0007 \uD83D\uDE21\r\nbaris dua\uD800 \uDC00akhir\uFEFF  ";
        assertThat(TextHygiene.clean(dirty)).isEqualTo("Jalan rusak \uD83D\uDE21\nbaris dua akhir");
    }

    @Test
    void fileNamesLoseFoldersControlsAndBidiOverrides() {
        assertThat(TextHygiene.fileName("..\\..\\etc/surat\u0000.txt")).isEqualTo("surat.txt");
        // shown as "suratexe.pdf" with the right-to-left override kept (before)
        assertThat(TextHygiene.fileName("surat\u202Efdp.exe")).isEqualTo("suratfdp.exe");
        assertThat(TextHygiene.fileName("\u2066\u202E\u200F")).isNull();
        assertThat(TextHygiene.fileName("laporan warga.pdf")).isEqualTo("laporan warga.pdf");
    }

    @Test
    void titleIsCutAtAWordBoundary() {
        assertThat(TextHygiene.titleFrom("Jalan   di depan\nSDN 3 berlubang", 80)).isEqualTo("Jalan di depan SDN 3 berlubang");
        assertThat(TextHygiene.titleFrom("satu dua tiga empat lima", 15)).isEqualTo("satu dua tiga…");
    }

    @Test
    void contentFingerprintIgnoresCaseAccentsAndPunctuation() {
        assertThat(TextFingerprint.contentHash(null, "Jalan RUSAK!!  di Ampenan"))
                .isEqualTo(TextFingerprint.contentHash("x", "jalan rusak di ampenan"));
        assertThat(TextFingerprint.contentHash(null, "Café")).isEqualTo(TextFingerprint.contentHash(null, "cafe"));
        assertThat(TextFingerprint.contentHash(null, "jalan rusak")).isNotEqualTo(TextFingerprint.contentHash(null, "jalan bagus"));
    }

    @Test
    void transportKeyNeedsAnExternalId() {
        assertThat(TextFingerprint.transportKey("SMS", "a", "tel:+62", null)).isNull();
        assertThat(TextFingerprint.transportKey("SMS", "a", "tel:+62", "1"))
                .isNotEqualTo(TextFingerprint.transportKey("SMS", "b", "tel:+62", "1"));
    }
}
