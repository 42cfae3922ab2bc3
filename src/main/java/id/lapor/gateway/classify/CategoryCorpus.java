package id.lapor.gateway.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The labelled complaint texts kept in the repository, one file per category code:
 * {@code classifier/training/<CODE>.txt} (what the model learns from) and
 * {@code classifier/heldout/<CODE>.txt} (what it is measured on, never trained on; written
 * separately from the training lines). One complaint per line, UTF-8; blank lines and lines starting
 * with {@code #} are ignored. A category without a file has no examples.
 *
 * <p>Further held-out sets, written later and apart from both, are sibling folders
 * {@code classifier/heldout-2/}, {@code heldout-3/}… in the same format ({@link #heldOutSets}).
 *
 * <p>The held-out sets ship in the jar (not only in the test tree) because a retrain in production is
 * compared with the model in use on it before it is taken ({@link CategoryClassifier#retrain}).
 */
public final class CategoryCorpus {

    /** Classpath folder of the training files. */
    public static final String TRAINING = "classifier/training";
    /** Classpath folder of the first held-out set; further sets are its siblings {@code heldout-2}, {@code heldout-3}… ({@link #heldOutSets}). */
    public static final String HELD_OUT = "classifier/heldout";

    private CategoryCorpus() {}

    /**
     * The held-out sets in the classpath: every folder {@code classifier/heldout*} holding at least one
     * {@code <CODE>.txt}, by folder name in natural order ({@code heldout}, {@code heldout-2}, …,
     * {@code heldout-10}), each read like {@link #read} for {@code codes}. Found by scanning the classpath
     * (Spring's {@link PathMatchingResourcePatternResolver}, which lists directories and jar entries
     * alike), so a set added later needs no index; a file whose name is not one of {@code codes} is
     * reported by {@link #unknownFiles}, not read.
     */
    public static Map<String, List<LabelledText>> heldOutSets(List<String> codes) {
        return heldOutSets(codes, CategoryCorpus.class.getClassLoader());
    }

    /** {@link #heldOutSets(List)} in the classpath of {@code loader} (tests use a jar of their own). */
    public static Map<String, List<LabelledText>> heldOutSets(List<String> codes, ClassLoader loader) {
        Map<String, List<LabelledText>> out = new TreeMap<>(CategoryCorpus::natural);
        for (String folder : heldOutFiles(loader).keySet()) {
            out.put(folder.substring(folder.lastIndexOf('/') + 1), read(folder, codes, loader));
        }
        return out;
    }

    /** Every held-out set's lines together, in {@link #heldOutSets} order: what a retrain is measured on. */
    public static List<LabelledText> allHeldOut(List<String> codes) {
        List<LabelledText> all = new ArrayList<>();
        heldOutSets(codes).values().forEach(all::addAll);
        return all;
    }

    /** Held-out files (folder/name) whose name is not {@code <CODE>.txt} of a known code: a typo would silently drop a set. */
    public static List<String> unknownFiles(List<String> codes, ClassLoader loader) {
        List<String> out = new ArrayList<>();
        heldOutFiles(loader).forEach((folder, names) -> names.stream()
                .filter(n -> !codes.contains(n.endsWith(".txt") ? n.substring(0, n.length() - 4) : n))
                .forEach(n -> out.add(folder + "/" + n)));
        return out;
    }

    /** Classpath folder ("classifier/heldout-2") to its file names, for every held-out folder with a .txt file. */
    private static Map<String, java.util.SortedSet<String>> heldOutFiles(ClassLoader loader) {
        Map<String, java.util.SortedSet<String>> out = new TreeMap<>();
        try {
            Resource[] found = new PathMatchingResourcePatternResolver(loader).getResources("classpath*:" + HELD_OUT + "*/*.txt");
            for (Resource r : found) {
                String url = r.getURL().toString();
                String[] parts = url.split("/");
                if (parts.length < 3) continue;
                String folder = parts[parts.length - 2];
                if (!folder.equals("heldout") && !folder.matches("heldout-[A-Za-z0-9_-]+")) continue;
                out.computeIfAbsent("classifier/" + folder, k -> new java.util.TreeSet<>()).add(parts[parts.length - 1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + HELD_OUT + "*", e);
        }
        return out;
    }

    /** "heldout" before "heldout-2" before "heldout-10". */
    private static int natural(String a, String b) {
        String na = a.replaceAll("\\D", ""), nb = b.replaceAll("\\D", "");
        long ia = na.isEmpty() ? 1 : Long.parseLong(na.length() > 15 ? na.substring(0, 15) : na);
        long ib = nb.isEmpty() ? 1 : Long.parseLong(nb.length() > 15 ? nb.substring(0, 15) : nb);
        return ia != ib ? Long.compare(ia, ib) : a.compareTo(b);
    }

    /** Every example under classpath folder {@code folder} for the given category codes, in the codes' order then file order. */
    public static List<LabelledText> read(String folder, List<String> codes) {
        return read(folder, codes, CategoryCorpus.class.getClassLoader());
    }

    private static List<LabelledText> read(String folder, List<String> codes, ClassLoader loader) {
        List<LabelledText> out = new ArrayList<>();
        for (String code : codes) {
            String name = folder + "/" + code + ".txt";
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) continue;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) {
                    String s = line.strip();
                    if (s.isEmpty() || s.startsWith("#")) continue;
                    out.add(new LabelledText(code, s));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
        }
        return out;
    }
}
