package id.lapor.gateway.packaging;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production jar as packaged (Maven's integration-test phase, after package) ships no
 * simulator, no demo feeder, no demo route or profile and no GreenMail; the simulators jar has them.
 * Issue #14's bar: "the production jar contains no simulator or demo class and no GreenMail".
 */
class ProductionJarIT {

    static final Path TARGET = Path.of(System.getProperty("project.build.directory", "target")).toAbsolutePath();
    static final Path JAR = TARGET.resolve("lapor-gateway-0.1.0-SNAPSHOT.jar");
    static final Path SIMULATORS = TARGET.resolve("lapor-gateway-0.1.0-SNAPSHOT-simulators.jar");

    private static List<String> entries(Path jar) throws Exception {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void productionJarHasTheGatewayAndNothingOfTheSimulatorsOrTheDemo() throws Exception {
        List<String> names = entries(JAR);
        assertThat(names).contains("BOOT-INF/classes/id/lapor/gateway/GatewayApplication.class",
                "BOOT-INF/classes/routes/intake.yaml", "BOOT-INF/classes/application.yaml");
        // the classifier's held-out sets are found by a classpath scan (CategoryCorpus.heldOutSets), which in a
        // jar needs the folders' own entries; and the calibration fitted at build time ships
        assertThat(names).contains("BOOT-INF/classes/classifier/", "BOOT-INF/classes/classifier/heldout/",
                "BOOT-INF/classes/classifier/calibration.properties");
        assertThat(names).as("simulator or demo classes, demo route or profile, GreenMail in the production jar")
                .noneMatch(n -> n.startsWith("BOOT-INF/classes/id/lapor/gateway/simulator/")
                        || n.startsWith("BOOT-INF/classes/id/lapor/gateway/demo/")
                        || n.startsWith("BOOT-INF/classes/demo-routes/")
                        || n.equals("BOOT-INF/classes/routes/demo.yaml")
                        || n.equals("BOOT-INF/classes/application-demo.yaml")
                        || n.toLowerCase().contains("greenmail"));
    }

    @Test
    void simulatorsJarHasTheSimulatorsTheDemoAndNoTests() throws Exception {
        List<String> names = entries(SIMULATORS);
        assertThat(names).contains("id/lapor/gateway/simulator/LaporSimulatorMain.class",
                "id/lapor/gateway/simulator/SmscSimulatorMain.class", "id/lapor/gateway/simulator/MailSimulatorMain.class",
                "id/lapor/gateway/simulator/LetterTraffic.class", "id/lapor/gateway/demo/DemoApplication.class",
                "demo-routes/demo.yaml", "application-demo.yaml");
        assertThat(names).noneMatch(n -> n.endsWith("Test.class") || n.endsWith("IT.class") || n.startsWith("fixtures/"));
        assertThat(TARGET.resolve("simulators-lib")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("greenmail-"));
    }

    @Test
    void mainSourceTreeHasNoSimulatorOrDemoPackage() throws Exception {
        Path main = TARGET.getParent().resolve("src/main/java");
        assertThat(main.resolve("id/lapor/gateway/GatewayApplication.java")).exists();
        try (var all = Files.walk(main)) {
            assertThat(all.filter(f -> f.toString().endsWith(".java")).map(f -> main.relativize(f).toString().replace('\\', '/')))
                    .isNotEmpty()
                    .noneMatch(f -> f.startsWith("id/lapor/gateway/simulator/") || f.startsWith("id/lapor/gateway/demo/"));
        }
    }
}
