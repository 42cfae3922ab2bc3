package id.lapor.gateway.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A whole gateway as a child JVM on the test class path ({@code GatewayApplication} with the given
 * arguments), for tests that kill it with SIGKILL ({@link #kill()}: no shutdown hook, no flush) or run
 * several side by side. Output goes to a log file; the command line is written beside it.
 */
public final class GatewayProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final Process process;

    private GatewayProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Launches a gateway on {@code port} (does not wait for it).
     *
     * @param args Spring arguments ({@code --key=value})
     * @param log  file for its output; {@code command.txt} beside it gets the command line
     */
    public static GatewayProcess start(int port, List<String> args, Path log) throws IOException {
        return start(port, List.of(), args, log);
    }

    /**
     * Launches a gateway on {@code port} with extra JVM options (does not wait for it).
     *
     * @param jvmOptions e.g. {@code -XX:TieredStopAtLevel=1}, placed before the class path
     * @param args       Spring arguments ({@code --key=value})
     * @param log        file for its output; {@code command.txt} beside it gets the command line
     */
    public static GatewayProcess start(int port, List<String> jvmOptions, List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath(), "id.lapor.gateway.GatewayApplication", "--server.port=" + port));
        cmd.addAll(args);
        Files.createDirectories(log.getParent());
        Files.writeString(log.resolveSibling("command.txt"), String.join("\n", cmd));
        return new GatewayProcess(port, new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Waits until {@code /actuator/health/readiness} answers 200 (generous: a loaded 2-core machine has taken
     * 50 s to start one).
     *
     * @throws AssertionError when the process dies or is not ready within {@code timeout}
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new AssertionError("gateway on port " + port + " died while starting");
            try {
                if (get("/actuator/health/readiness", null, null).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("gateway on port " + port + " not ready within " + timeout);
    }

    /** GET {@code path} on this gateway, with HTTP basic credentials when {@code user} is not null. */
    public HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
        if (user != null) b.header("Authorization", basic(user, password));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static int freePort() throws IOException {
        return FreePorts.pick();
    }

    /**
     * The test class path without empty entries: surefire's ends with ':', which Java reads as the
     * working directory, and routes/ there would then load a second time beside target/classes/routes.
     */
    public static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.isBlank()).collect(Collectors.joining(File.pathSeparator));
    }
}
