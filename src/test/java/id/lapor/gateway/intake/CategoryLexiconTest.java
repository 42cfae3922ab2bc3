package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Complaint;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CategoryLexiconTest {

    private final CategoryLexicon shipped = OperatorFiles.categories(Path.of("channel-config"));
    private final DispositionRules dispositions = OperatorFiles.dispositions(Path.of("channel-config"));

    @Test
    void shippedLexiconSuggestsLaporCategories() {
        Complaint.Category c = shipped.classify("Jalan rusak", "Jalan di depan SDN 3 Ampenan BERLUBANG besar, aspal hancur");
        assertThat(c.code()).isEqualTo("JALAN_BERLUBANG");
        assertThat(c.name()).isEqualTo("JALAN BERLUBANG");
        assertThat(c.confidence()).isGreaterThan(0.7);
        assertThat(shipped.classify(null, "Sampah menumpuk di TPS pasar, bau menyengat").code()).isEqualTo("LINGKUNGAN_HIDUP");
        assertThat(shipped.classify(null, "KTP elektronik saya belum jadi di Dukcapil").code()).isEqualTo("KEPENDUDUKAN");
        assertThat(shipped.classify(null, "Menu MBG di sekolah anak saya basi, beberapa siswa keracunan makanan").code()).isEqualTo("MBG");
        assertThat(shipped.classify(null, "Kapal feri dari Lembar terlambat 6 jam").code()).isEqualTo("TRANSPORTASI_LAUT");
    }

    @Test
    void nothingMatchedGivesFallbackWithZeroConfidence() {
        Complaint.Category c = shipped.classify("Halo", "Terima kasih atas pelayanannya");
        assertThat(c).isEqualTo(new Complaint.Category("TOPIK_LAINNYA", "TOPIK LAINNYA", 0.0));
    }

    @Test
    void matchesWholeWordsOnlyAndLongerPhrasesWeighMore() {
        CategoryLexicon l = new CategoryLexicon(new CategoryLexicon.Entry("X", "X", null, null, List.of()), List.of(
                new CategoryLexicon.Entry("A", "A", null, 1L, List.of("jalan")),
                new CategoryLexicon.Entry("B", "B", null, 2L, List.of("jalan berlubang"))));
        assertThat(l.classify(null, "perjalanan dinas").code()).isEqualTo("X");
        assertThat(l.classify(null, "jalan berlubang").code()).isEqualTo("B");
        // one hit each: A scores 1, B scores 2 → B with 2/(3+1)
        assertThat(l.classify(null, "jalan berlubang").confidence()).isEqualTo(0.5);
    }

    @Test
    void splitTextGetsLowerConfidenceThanClearText() {
        double clear = shipped.classify(null, "puskesmas dokter obat pasien").confidence();
        double split = shipped.classify(null, "puskesmas dan sekolah dan sampah").confidence();
        assertThat(clear).isGreaterThan(split);
        assertThat(split).isLessThan(0.5);
    }

    @Test
    void duplicateCodesAreAConfigurationError() {
        assertThatThrownBy(() -> new CategoryLexicon(new CategoryLexicon.Entry("X", "X", null, null, List.of()), List.of(
                new CategoryLexicon.Entry("A", "A", null, null, List.of("a")),
                new CategoryLexicon.Entry("A", "A2", null, null, List.of("b")))))
                .hasMessageContaining("A appears twice");
    }

    @Test
    void dispositionFollowsCategoryWithFallback() {
        assertThat(dispositions.forCategory("JALAN_BERLUBANG")).isEqualTo(new Complaint.Disposition("1002", "Dinas Pekerjaan Umum dan Penataan Ruang"));
        assertThat(dispositions.forCategory("TOPIK_LAINNYA").institutionId()).isEqualTo("1001");
    }

    @Test
    void everyDispositionRuleNamesAKnownCategory() {
        // a typo in dispositions.yaml would silently send complaints to the fallback
        for (String code : List.of("JALAN_BERLUBANG", "PEKERJAAN_UMUM", "KESEHATAN", "MBG", "PENDIDIKAN", "KEPENDUDUKAN",
                "LINGKUNGAN_HIDUP", "PERHUBUNGAN", "TRANSPORTASI_LAUT", "SOSIAL")) {
            assertThat(shipped.entry(code).code()).isEqualTo(code);
        }
    }
}
