package id.lapor.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules in ops/prometheus: {@code promtool check rules} accepts them and {@code promtool test rules}
 * passes a case for every alert (alerts-test.yml), the quiet channel included. promtool is Debian's
 * {@code prometheus} package, installed by {@code bin/setup --test}; without it the promtool cases are skipped
 * with that message, and the one-case-per-alert check still runs.
 */
class AlertRulesTest {

    static final Path RULES_DIR = Path.of("ops/prometheus");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static String promtool;

    @BeforeAll
    static void findPromtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "promtool"))) {
                promtool = Path.of(dir, "promtool").toString();
                return;
            }
        }
    }

    @Test
    void promtoolChecksTheRules() throws Exception {
        String out = promtool("check", "rules", "alerts.yml");
        assertThat(out).contains("SUCCESS: 9 rules found");
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        String out = promtool("test", "rules", "alerts-test.yml");
        assertThat(out).contains("SUCCESS").doesNotContain("FAILED");
    }

    /** The scrape config as compose mounts it, with its container paths pointed at the repository's files. */
    @Test
    void promtoolChecksThePrometheusConfig(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("ops-password"), "ops-test");
        String config = Files.readString(RULES_DIR.resolve("prometheus.yml"))
                .replace("/etc/prometheus/alerts.yml", RULES_DIR.resolve("alerts.yml").toAbsolutePath().toString())
                .replace("/etc/prometheus/ops-password", password.toString());
        Path copy = Files.writeString(dir.resolve("prometheus.yml"), config);
        String out = promtool("check", "config", copy.toString());
        assertThat(out).contains("SUCCESS: 1 rule files found").contains("SUCCESS: 9 rules found");
    }

    @Test
    void everyAlertHasAUnitCase() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode g : YAML.readTree(RULES_DIR.resolve("alerts.yml").toFile()).path("groups")) {
            for (JsonNode r : g.path("rules")) alerts.add(r.path("alert").asText());
        }
        Set<String> tested = new TreeSet<>();
        for (JsonNode t : YAML.readTree(RULES_DIR.resolve("alerts-test.yml").toFile()).path("tests")) {
            for (JsonNode a : t.path("alert_rule_test")) {
                if (!a.path("exp_alerts").isEmpty()) tested.add(a.path("alertname").asText());
            }
        }
        assertThat(alerts).contains("ChannelQuiet", "SmppBindDown", "MailboxLoginFailing", "OutboxOldestPendingTooOld",
                "ComplaintsParked", "ComplaintsUnknownToLapor", "LaporCircuitOpen", "QuarantineGrowingFast", "SlaOverdueRising");
        assertThat(tested).as("alerts with a firing unit case").isEqualTo(alerts);
    }

    private static String promtool(String... args) throws Exception {
        Assumptions.assumeTrue(promtool != null,
                "promtool not found on PATH: install Debian's prometheus package (bin/setup --test does)");
        String[] cmd = new String[args.length + 1];
        cmd[0] = promtool;
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
