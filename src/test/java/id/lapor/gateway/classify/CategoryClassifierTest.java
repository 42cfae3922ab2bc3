package id.lapor.gateway.classify;

import id.lapor.gateway.intake.CategoryLexicon;
import id.lapor.gateway.intake.CategorySuggester;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The category model on a small fixed corpus: stable results, review below the threshold, retrains compared on held-out (issue #20). */
class CategoryClassifierTest {

    static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    static final CategoryLexicon LEXICON = new CategoryLexicon(new CategoryLexicon.Entry("LAIN", "LAINNYA", null, null, List.of()), List.of(
            new CategoryLexicon.Entry("JALAN", "JALAN RUSAK", null, null, List.of("jalan berlubang")),
            new CategoryLexicon.Entry("LISTRIK", "LISTRIK", null, null, List.of("pln")),
            new CategoryLexicon.Entry("SAMPAH", "SAMPAH", null, null, List.of("tps"))));

    static final List<LabelledText> CORPUS = List.of(
            new LabelledText("JALAN", "jalan rusak parah banyak lubang"),
            new LabelledText("JALAN", "aspal jalan desa hancur dan berlubang"),
            new LabelledText("JALAN", "jln depan sekolah bolong2 tlg ditambal"),
            new LabelledText("JALAN", "jalan kampung becek dan rusak"),
            new LabelledText("LISTRIK", "listrik padam tiap malam"),
            new LabelledText("LISTRIK", "mati lampu terus dari sore"),
            new LabelledText("LISTRIK", "token listrik tidak bisa diisi"),
            new LabelledText("LISTRIK", "tiang listrik miring mau roboh"),
            new LabelledText("SAMPAH", "sampah menumpuk tidak diangkut"),
            new LabelledText("SAMPAH", "bau sampah di pasar menyengat"),
            new LabelledText("SAMPAH", "truk sampah tidak datang seminggu"),
            new LabelledText("SAMPAH", "warga buang sampah ke sungai"),
            new LabelledText("LAIN", "halo selamat pagi"),
            new LabelledText("LAIN", "terima kasih atas bantuannya"));

    static final List<LabelledText> HELD_OUT = List.of(
            new LabelledText("JALAN", "jalanan rusak penuh lubang"),
            new LabelledText("LISTRIK", "setrum padam lagi malam ini"),
            new LabelledText("SAMPAH", "sampah di tps belum diangkut"),
            new LabelledText("LAIN", "selamat pagi pak"));

    static ComplaintFeatures features() {
        return new ComplaintFeatures(new TextNormaliser(Map.of("jln", "jalan", "setrum", "listrik", "tlg", "tolong")), LEXICON);
    }

    static CategoryClassifier classifier(double reviewBelow) {
        return new CategoryClassifier(LEXICON, features(), CORPUS, HELD_OUT, new CategoryModel.Settings(100, 1), reviewBelow, T0);
    }

    @Test
    void aSmallFixedCorpusGivesStableRankedProbabilities() {
        CategoryClassifier c = classifier(0.3);
        List<CategoryModel.Scored> a = c.rank("jalan di depan rumah berlubang");
        assertThat(a.get(0).code()).isEqualTo("JALAN");
        assertThat(a).hasSize(4);
        assertThat(a.stream().mapToDouble(CategoryModel.Scored::probability).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(a.get(0).probability()).isGreaterThan(a.get(1).probability());
        // trained again on the same data (not from the JVM's memo): the same model, to the last digit
        List<LabelledText> all = new ArrayList<>(CORPUS);
        for (CategoryLexicon.Entry e : LEXICON.entries()) for (String k : e.keywords()) all.add(new LabelledText(e.code(), k));
        CategoryModel again = CategoryModel.fresh(all, features(), new CategoryModel.Settings(100, 1));
        assertThat(again).isNotSameAs(c.current().model());
        assertThat(again.rank("jalan di depan rumah berlubang")).isEqualTo(a);
        // and the memo gives the very model for the same inputs
        assertThat(classifier(0.3).current().model()).isSameAs(c.current().model());
        assertThat(c.rank("setrum mati tiap malam").get(0).code()).isEqualTo("LISTRIK");
        assertThat(c.rank("sampahnya numpuk bau").get(0).code()).isEqualTo("SAMPAH");
        // the held-out set was scored when the model was made
        assertThat(c.current().heldOut().n()).isEqualTo(4);
        assertThat(c.current().heldOut().top1()).isEqualTo(1.0);
        assertThat(c.current().heldOut().top3()).isEqualTo(1.0);
    }

    @Test
    void suggestionsBelowTheThresholdAreNotConfident() {
        CategorySuggester.Suggestion sure = classifier(0.3).suggest("Jalan rusak", "jalan desa berlubang parah");
        assertThat(sure.category().code()).isEqualTo("JALAN");
        assertThat(sure.category().name()).isEqualTo("JALAN RUSAK");
        assertThat(sure.confident()).isTrue();
        assertThat(sure.top()).hasSize(3).first().isEqualTo(sure.category());
        // words the model never saw: about the prior, below any sensible threshold
        CategorySuggester.Suggestion unsure = classifier(0.3).suggest(null, "qwrtz plmokn vbxcz");
        assertThat(unsure.confident()).isFalse();
        assertThat(unsure.category().confidence()).isLessThan(0.3);
        // the same text is confident when the threshold is 0
        assertThat(classifier(0.0).suggest(null, "qwrtz plmokn vbxcz").confident()).isTrue();
        // no word at all: the fallback category, not confident
        CategorySuggester.Suggestion none = classifier(0.3).suggest(null, "!!! ...");
        assertThat(none.category().code()).isEqualTo("LAIN");
        assertThat(none.confident()).isFalse();
    }

    @Test
    void aRetrainThatScoresWorseOnTheHeldOutSetIsRefusedAndTheOldModelStays() {
        CategoryClassifier c = classifier(0.3);
        CategoryModel before = c.current().model();
        // admins' "corrections" that teach the opposite of the held-out labels, many times over
        List<LabelledText> wrong = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            wrong.add(new LabelledText("SAMPAH", "jalanan rusak penuh lubang"));
            wrong.add(new LabelledText("JALAN", "listrik padam lagi malam"));
            wrong.add(new LabelledText("LISTRIK", "sampah di tps belum diangkut"));
        }
        CategoryClassifier.Retrain r = c.retrain(wrong, 30, T0.plusSeconds(60));
        assertThat(r.accepted()).isFalse();
        assertThat(r.after().top1()).isLessThan(r.before().top1());
        assertThat(r.corrections()).isEqualTo(30);
        assertThat(c.current().model()).isSameAs(before);
        assertThat(c.current().correctionsUpTo()).isZero();
    }

    @Test
    void aRetrainThatScoresAtLeastAsWellIsUsed() {
        CategoryClassifier c = classifier(0.3);
        List<LabelledText> corrections = List.of(new LabelledText("LISTRIK", "lampu mati sejak kemarin"),
                new LabelledText("SAMPAH", "tumpukan sampah di pinggir jalan"),
                new LabelledText("NOPE", "a code categories.yaml does not have is skipped"));
        CategoryClassifier.Retrain r = c.retrain(corrections, 7, T0.plusSeconds(60));
        assertThat(r.accepted()).isTrue();
        assertThat(r.corrections()).isEqualTo(2);
        assertThat(c.current().correctionsUpTo()).isEqualTo(7);
        assertThat(c.current().trainedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(c.current().model().examples()).isEqualTo(CORPUS.size() + 3 + 2); // corpus, 3 lexicon phrases, 2 corrections
    }

    @Test
    void theRuleComparesTopOneThenToleratesOneHeldOutExampleOfTopThree() {
        Evaluation old = new Evaluation(100, 0.90, 0.98, 0.1, 0.95, Map.of(), List.of(), Map.of());
        assertThat(CategoryClassifier.better(old, new Evaluation(100, 0.90, 0.98, 0.1, 0.95, Map.of(), List.of(), Map.of()))).isTrue();
        assertThat(CategoryClassifier.better(old, new Evaluation(100, 0.91, 0.97, 0.1, 0.95, Map.of(), List.of(), Map.of()))).isTrue();
        assertThat(CategoryClassifier.better(old, new Evaluation(100, 0.89, 0.99, 0.1, 0.95, Map.of(), List.of(), Map.of()))).isFalse();
        assertThat(CategoryClassifier.better(old, new Evaluation(100, 0.92, 0.95, 0.1, 0.95, Map.of(), List.of(), Map.of()))).isFalse();
    }

    @Test
    void evaluationCountsTopOneTopThreeReviewAndConfusions() {
        Evaluation e = Evaluation.of(List.of(new LabelledText("A", "x"), new LabelledText("B", "y"), new LabelledText("C", "z")),
                t -> switch (t) {
                    case "x" -> List.of(new CategoryModel.Scored("A", 0.9), new CategoryModel.Scored("B", 0.1));
                    case "y" -> List.of(new CategoryModel.Scored("A", 0.5), new CategoryModel.Scored("B", 0.4));
                    default -> List.of(new CategoryModel.Scored("A", 0.2), new CategoryModel.Scored("B", 0.2), new CategoryModel.Scored("D", 0.1), new CategoryModel.Scored("C", 0.1));
                }, 0.3);
        assertThat(e.top1()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(e.top3()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(e.reviewShare()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(e.top1WhenConfident()).isEqualTo(0.5);
        assertThat(e.confusions()).containsEntry("B -> A", 1).containsEntry("C -> A", 1).hasSize(2);
        assertThat(e.report("t")).contains("top-1 0.333").contains("B -> A: 1");
    }

    @Test
    void theShippedCorpusAndHeldOutSetsAreApartAndCoverEveryCategory() {
        CategoryLexicon shipped = id.lapor.gateway.intake.OperatorFiles.categories(java.nio.file.Path.of("channel-config"));
        List<String> codes = shipped.entries().stream().map(CategoryLexicon.Entry::code).toList();
        List<LabelledText> training = CategoryCorpus.read(CategoryCorpus.TRAINING, codes);
        Map<String, List<LabelledText>> sets = CategoryCorpus.heldOutSets(codes);
        List<LabelledText> heldOut = sets.get("heldout");
        assertThat(training.size()).isGreaterThanOrEqualTo(300);
        assertThat(heldOut.size()).isGreaterThanOrEqualTo(150);
        assertThat(heldOut.stream().map(LabelledText::code).distinct()).containsExactlyInAnyOrderElementsOf(codes);
        assertThat(training.stream().map(LabelledText::code).distinct()).containsExactlyInAnyOrderElementsOf(codes);
        // every held-out file is named after a known category (a typo would silently drop lines)
        assertThat(CategoryCorpus.unknownFiles(codes, CategoryCorpus.class.getClassLoader())).isEmpty();
        // no held-out line of any set is a training line (compared after folding case and spacing);
        // counted, not listed, so a failure does not print held-out text
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (LabelledText t : training) seen.add(t.text().toLowerCase().replaceAll("\\s+", " "));
        sets.forEach((name, set) -> {
            assertThat(set).as(name).isNotEmpty();
            long shared = set.stream().filter(h -> seen.contains(h.text().toLowerCase().replaceAll("\\s+", " "))).count();
            assertThat(shared).as("lines of " + name + " that are also training lines").isZero();
        });
        // the retrain comparison uses every set
        assertThat(CategoryCorpus.allHeldOut(codes)).hasSize(sets.values().stream().mapToInt(List::size).sum());
        // the examples are held out
        assertThat(heldOut.stream().map(LabelledText::text).filter(t -> List.of("jalanan kayak kolam ikan", "setrum mati tiap malam",
                "disuruh kasih uang rokok buat surat pengantar").contains(t)).count()).isEqualTo(3);
    }

    @Test
    void aVeryLongTextGetsFiniteProbabilitiesEqualToTheLibrarysWhereTheLibrarysAreFinite() {
        CategoryModel m = CategoryModel.fresh(CORPUS, features(), new CategoryModel.Settings(100, 1));
        // a short text: the rescaled evaluation is the library's own result
        String[] shortTokens = features().tokens("jalan di depan rumah berlubang");
        double[] library = new opennlp.tools.doccat.DocumentCategorizerME(mModel(m)).categorize(shortTokens);
        double[] scaled = m.scaledEval(shortTokens);
        assertThat(scaled).hasSameSizeAs(library);
        for (int i = 0; i < library.length; i++) assertThat(scaled[i]).isCloseTo(library[i], within(1e-9));
        // a text so long that the library's exp overflows (NaN for every category before the fix)
        String longText = "jalan rusak parah banyak lubang ".repeat(5000);
        double[] raw = new opennlp.tools.doccat.DocumentCategorizerME(mModel(m)).categorize(features().tokens(longText));
        assertThat(java.util.Arrays.stream(raw).anyMatch(Double::isNaN)).as("the library overflows on this text").isTrue();
        List<CategoryModel.Scored> ranked = m.rank(longText);
        assertThat(ranked.get(0).code()).isEqualTo("JALAN");
        assertThat(ranked.get(0).probability()).isGreaterThan(0.99);
        assertThat(ranked.stream().mapToDouble(CategoryModel.Scored::probability).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(classifier(0.3).suggest("jalan rusak", longText).confident()).isTrue();
    }

    private static opennlp.tools.doccat.DoccatModel mModel(CategoryModel m) {
        return m.doccat();
    }
}
