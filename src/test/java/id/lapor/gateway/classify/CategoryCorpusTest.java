package id.lapor.gateway.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Held-out sets are found by scanning the classpath, in a jar as in a folder, so heldout-2… need no index. */
class CategoryCorpusTest {

    static void put(JarOutputStream jar, String name, String text) throws Exception {
        jar.putNextEntry(new JarEntry(name));
        if (text != null) jar.write(text.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
    }

    @Test
    void heldOutSetsAreDiscoveredInAJarInNaturalOrder(@TempDir Path dir) throws Exception {
        Path jarFile = dir.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out)) {
            // directory entries, as Maven's jar and Spring Boot's repackaged jar have them
            for (String d : List.of("classifier/", "classifier/training/", "classifier/heldout/", "classifier/heldout-2/",
                    "classifier/heldout-10/", "classifier/heldoutish/")) put(jar, d, null);
            put(jar, "classifier/training/A.txt", "training line\n");
            put(jar, "classifier/heldout/A.txt", "# comment\nfirst a\n\nsecond a\n");
            put(jar, "classifier/heldout/B.txt", "first b\n");
            put(jar, "classifier/heldout-10/B.txt", "tenth b\n");
            put(jar, "classifier/heldout-2/A.txt", "second set a\n");
            put(jar, "classifier/heldout-2/NOPE.txt", "unknown code\n");
            put(jar, "classifier/heldoutish/A.txt", "not a held-out set\n");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jarFile.toUri().toURL()}, null)) {
            Map<String, List<LabelledText>> sets = CategoryCorpus.heldOutSets(List.of("A", "B"), loader);
            assertThat(sets.keySet()).containsExactly("heldout", "heldout-2", "heldout-10");
            assertThat(sets.get("heldout")).containsExactly(new LabelledText("A", "first a"), new LabelledText("A", "second a"),
                    new LabelledText("B", "first b"));
            assertThat(sets.get("heldout-2")).containsExactly(new LabelledText("A", "second set a"));
            assertThat(sets.get("heldout-10")).containsExactly(new LabelledText("B", "tenth b"));
            assertThat(CategoryCorpus.unknownFiles(List.of("A", "B"), loader)).containsExactly("classifier/heldout-2/NOPE.txt");
        }
    }

    @Test
    void theShippedClasspathHasTheFirstSet() {
        assertThat(CategoryCorpus.heldOutSets(List.of("TOPIK_LAINNYA"))).containsKey("heldout");
    }
}
