package id.lapor.gateway.console;

import id.lapor.gateway.intake.CategoryLexicon;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** How the review queue shows the model's guesses from the CATEGORY_REVIEW flag (issue #20). */
class ReviewGuessesTest {

    static final CategoryLexicon LEXICON = new CategoryLexicon(new CategoryLexicon.Entry("TOPIK_LAINNYA", "TOPIK LAINNYA", null, null, List.of()), List.of(
            new CategoryLexicon.Entry("JALAN_BERLUBANG", "JALAN BERLUBANG", null, null, List.of()),
            new CategoryLexicon.Entry("PEKERJAAN_UMUM", "PEKERJAAN UMUM DAN PENATAAN RUANG", null, null, List.of())));


    static String readable(String flag, Locale locale) {
        return ReviewPages.readable(flag, LEXICON, id.lapor.gateway.support.MessageBundles.gateway(), locale);
    }

    @Test
    void guessesByNameInPercent() {
        assertThat(readable("JALAN_BERLUBANG 0.41, PEKERJAAN_UMUM 0.22, TOPIK_LAINNYA 0.10", Locale.forLanguageTag("id")))
                .isEqualTo("JALAN BERLUBANG 41 %, PEKERJAAN UMUM DAN PENATAAN RUANG 22 %, TOPIK LAINNYA 10 %");
    }

    @Test
    void nothingStandsOutSaysSoInsteadOfThreeEqualNames() {
        assertThat(readable("JALAN_BERLUBANG 0.05, PEKERJAAN_UMUM 0.05, TOPIK_LAINNYA 0.05", Locale.forLanguageTag("id")))
                .startsWith("Tidak ada tebakan").doesNotContain("%");
        assertThat(readable("JALAN_BERLUBANG 0.05, PEKERJAAN_UMUM 0.05", Locale.ENGLISH)).startsWith("No guess");
    }

    @Test
    void partsThatDoNotParseAreKeptAndNeverReadAsNoGuess() {
        assertThat(readable("SOMETHING ODD, X abc", Locale.forLanguageTag("id"))).isEqualTo("SOMETHING ODD, X abc");
    }
}
