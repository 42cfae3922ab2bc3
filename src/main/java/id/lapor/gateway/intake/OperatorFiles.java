package id.lapor.gateway.intake;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.lapor.gateway.complaint.Complaint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the data files operators edit in {@code channel-config/} (categories, dispositions). A file
 * in the configured directory wins over the copy packed in the jar. Unknown keys are errors, so a
 * typo fails start-up instead of being ignored.
 */
public final class OperatorFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record CategoriesFile(CategoryLexicon.Entry fallback, List<CategoryLexicon.Entry> categories) {}

    record DispositionsFile(Complaint.Disposition fallback, List<DispositionRules.Rule> rules) {}

    record SpellingFile(java.util.Map<String, String> spellings) {}

    private OperatorFiles() {}

    public static CategoryLexicon categories(Path configDir) {
        CategoriesFile f = read(configDir, "categories.yaml", CategoriesFile.class);
        return new CategoryLexicon(f.fallback(), f.categories() == null ? List.of() : f.categories());
    }

    public static DispositionRules dispositions(Path configDir) {
        DispositionsFile f = read(configDir, "dispositions.yaml", DispositionsFile.class);
        return new DispositionRules(f.fallback(), f.rules() == null ? List.of() : f.rules());
    }

    /**
     * The informal-to-standard spelling dictionary of {@code spelling.yaml} (issue #20): informal word
     * (one word, lower case) to its standard form (one or more words); empty when the file lists none.
     */
    public static java.util.Map<String, String> spellings(Path configDir) {
        SpellingFile f = read(configDir, "spelling.yaml", SpellingFile.class);
        return f.spellings() == null ? java.util.Map.of() : f.spellings();
    }

    static <T> T read(Path configDir, String name, Class<T> type) {
        Path file = configDir == null ? null : configDir.resolve(name);
        try {
            if (file != null && Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return YAML.readValue(in, type);
                }
            }
            try (InputStream in = OperatorFiles.class.getResourceAsStream("/channel-config/" + name)) {
                if (in == null) throw new IllegalStateException("channel-config/" + name + " not found in " + configDir + " nor in the jar");
                return YAML.readValue(in, type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read channel-config/" + name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("invalid channel-config/" + name + ": " + e.getMessage(), e);
        }
    }
}
