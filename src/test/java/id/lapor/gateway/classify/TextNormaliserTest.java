package id.lapor.gateway.classify;

import id.lapor.gateway.intake.OperatorFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Indonesian normaliser: informal spellings, reduplication, affixes (issue #20). */
class TextNormaliserTest {

    private final TextNormaliser shipped = new TextNormaliser(OperatorFiles.spellings(Path.of("channel-config")));

    @Test
    void smsAbbreviationsBecomeStandardWordsFromTheShippedDictionary() {
        assertThat(shipped.words("yg gk udh tlg bpk krn sy tdk")).containsExactly(
                "yang", "tidak", "sudah", "tolong", "bapak", "karena", "saya", "tidak");
        // several words for one, and case and accents do not matter
        assertThat(shipped.words("PUNGLI di kantor, mksh")).containsExactly("pungutan", "liar", "di", "kantor", "terima", "kasih");
        assertThat(shipped.words("Ekstra bangettt!!!")).containsExactly("ekstra", "banget");
        // the issue's own wording: "setrum" is how many say "listrik"
        assertThat(shipped.stems("setrum mati tiap malam")).containsExactly("listrik", "mati", "malam");
    }

    @Test
    void anOperatorsDictionaryIsUsedAsWritten() {
        TextNormaliser n = new TextNormaliser(Map.of("Gpp", "tidak apa apa", "bnr", "benar"));
        assertThat(n.words("gpp bnr yg")).containsExactly("tidak", "apa", "apa", "benar", "yg");
    }

    @Test
    void reduplicationIsFoldedWhetherWrittenWithTwoOrWithAHyphen() {
        assertThat(shipped.words("mobil2 parkir")).containsExactly("mobil", "parkir");
        assertThat(shipped.words("anak2nya sakit")).containsExactly("anak", "nya", "sakit");
        assertThat(shipped.stems("mobil2 di jalan-jalan")).containsExactly("mobil", "jalan");
        assertThat(shipped.stems("pohon-pohon ditebang")).containsExactly("pohon", "tebang");
        // a number stays a number
        assertThat(shipped.words("gas 3 kg")).containsExactly("gas", "3", "kg");
    }

    @Test
    void affixesAndJakartaColloquialFormsMeetTheSameStem() {
        assertThat(List.of(shipped.stem("ditebangin"), shipped.stem("penebangan"), shipped.stem("tebang"), shipped.stem("ditebang")))
                .containsOnly("tebang");
        assertThat(shipped.stem("ngurusin")).isEqualTo("urus");
        assertThat(shipped.stem("diurus")).isEqualTo("urus");
        assertThat(shipped.stem("ngebuang")).isEqualTo("buang");
        assertThat(shipped.stem("berlubang")).isEqualTo("lubang");
        assertThat(shipped.stem("pelayanan")).isEqualTo("layan");
        assertThat(shipped.stem("sampahnya")).isEqualTo("sampah");
        // a word that only looks colloquial is left alone
        assertThat(shipped.stem("dingin")).isEqualTo("dingin");
    }

    @Test
    void stopWordsAreDroppedAndNothingIsEmpty() {
        assertThat(shipped.stems("yang dan di dari")).isEmpty();
        assertThat(shipped.stems(null)).isEmpty();
        assertThat(shipped.stems("   ")).isEmpty();
    }
}
