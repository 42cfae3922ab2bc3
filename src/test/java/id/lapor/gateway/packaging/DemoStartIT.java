package id.lapor.gateway.packaging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two starts as shipped, on the built jars (Maven's integration-test phase, after package):
 * {@code bin/build-app --no-build} (extracted jar, class-data-sharing archives), then the production
 * start (the image's ENTRYPOINT: {@code java -XX:SharedArchiveFile=app.jsa -jar <extracted jar>}) and
 * {@code bin/demo} itself. Each must map its archive (JVM log "Mapped dynamic region", and never
 * "Unable to use shared archive") and become ready; the demo must then show every channel flowing.
 * Ready time = launch to {@code /actuator/health/readiness} UP; it is reported (stdout and
 * target/ready-times.txt) and only checked against a generous bound, since the machine may be busy
 * (the figures to quote are in docs/BENCHMARKS.md, measured with bin/bench-ready).
 */
class DemoStartIT {

    private static final Path ROOT = ProductionJarIT.TARGET.getParent();
    private static final Path APP = ProductionJarIT.TARGET.resolve("app");
    private static final Duration READY_BOUND = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    @Test
    void shippedStartAndDemoUseTheirArchivesGetReadyAndTheDemoFeedsEveryChannel() throws Exception {
        Path work = ProductionJarIT.TARGET.resolve("demo-start-it");
        if (Files.exists(work)) {
            try (var all = Files.walk(work)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(work);
        Process build = new ProcessBuilder("bin/build-app", "--no-build").directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("build-app.log").toFile()).start();
        assertThat(build.waitFor(15, TimeUnit.MINUTES)).as("bin/build-app finished").isTrue();
        assertThat(build.exitValue()).as("bin/build-app: %s", Files.readString(work.resolve("build-app.log"))).isZero();

        // the production start, as the image's ENTRYPOINT runs it
        int port = freePort();
        Path prodLog = work.resolve("production.log");
        long prodMs = startAndAwaitReady(new ProcessBuilder(java(), cdsLog(work, "production"),
                "-XX:SharedArchiveFile=" + APP.resolve("app.jsa"), "-jar", APP.resolve("lapor-gateway-0.1.0-SNAPSHOT.jar").toString(),
                "--server.port=" + port, "--gateway.data-dir=" + Files.createTempDirectory(work, "prod-data"),
                "--lapor.base-url=http://127.0.0.1:9/api/v3", "--lapor.bearer=b", "--lapor.token=t", "--lapor.user-id=1",
                "--gateway.security.admin.password=a"), prodLog, port);
        assertArchiveUsed(work, "production", prodLog);
        // the production jar's Tomcat answers what it refuses itself as problem+json too, without naming itself
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/complaints/..%2F..%2Fetc"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.body()).doesNotContain("Tomcat");
        stop();
        started.clear();

        // bin/demo itself, on free ports
        int demoPort = freePort();
        Path demoLog = work.resolve("demo.log");
        ProcessBuilder demo = new ProcessBuilder("bin/demo", "--server.port=" + demoPort,
                "--gateway.simulator.port=" + freePort(), "--gateway.simulator.smsc-port=" + freePort(),
                "--gateway.simulator.imap-port=" + freePort(), "--gateway.simulator.smtp-port=" + freePort(),
                "--gateway.simulator.telegram-port=" + freePort())
                .directory(ROOT.toFile());
        Map<String, String> env = demo.environment();
        env.put("DEMO_NO_BUILD", "1");
        env.put("DEMO_DATA_DIR", Files.createTempDirectory(work, "demo-data").toString());
        env.put("JAVA_TOOL_OPTIONS", cdsLog(work, "demo"));
        long demoMs = startAndAwaitReady(demo, demoLog, demoPort);
        assertArchiveUsed(work, "demo", demoLog);

        String figures = String.format("production start (extracted jar + app.jsa): ready in %d ms%n"
                + "bin/demo (DemoApplication + demo.jsa, after its checks): ready in %d ms%n", prodMs, demoMs);
        System.out.print(figures);
        Files.writeString(ProductionJarIT.TARGET.resolve("ready-times.txt"), figures);

        // every channel flows: a flagged post, an SMS answered, a mail acknowledged, a letter stored
        List<String> wanted = List.of("DEMO: flagged post -> STORED", "SMSC simulator: reply to",
                "acknowledgement received by a citizen", "letter file STORED");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < until && !wanted.stream().allMatch(Files.readString(demoLog)::contains)) Thread.sleep(1000);
        assertThat(Files.readString(demoLog)).contains(wanted);
        assertThat(prodMs).isLessThan(READY_BOUND.toMillis());
        assertThat(demoMs).isLessThan(READY_BOUND.toMillis());
    }

    private long startAndAwaitReady(ProcessBuilder pb, Path log, int port) throws Exception {
        long t0 = System.nanoTime();
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("started and still running: %s", log).isTrue();
            try {
                HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 5 minutes: " + log);
    }

    /** The JVM's class-data-sharing log of one start, to a file per process (%p). */
    private static String cdsLog(Path work, String name) {
        return "-Xlog:cds=info:file=" + work.resolve(name + "-cds-%p.log");
    }

    private static void assertArchiveUsed(Path work, String name, Path log) throws IOException {
        assertThat(Files.readString(log)).doesNotContain("Unable to use shared archive");
        List<Path> cds;
        try (var files = Files.list(work)) {
            cds = files.filter(f -> f.getFileName().toString().startsWith(name + "-cds-")).toList();
        }
        // bin/demo runs other JVMs first (bin/setup's version check); the gateway's is the one that mapped an application archive
        assertThat(cds).as("%s: a JVM mapped its dynamic (application) archive", name)
                .anyMatch(f -> read(f).contains("Mapped dynamic region") && read(f).contains("/target/app/"));
        assertThat(cds).noneMatch(f -> read(f).contains("Unable to use shared archive"));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        return id.lapor.gateway.support.FreePorts.pick();
    }
}
