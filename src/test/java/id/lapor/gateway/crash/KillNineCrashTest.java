package id.lapor.gateway.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.GatewayProcess;
import id.lapor.gateway.support.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 the gateway mid-burst, restart it: every complaint that was acknowledged (HTTP 201 with a
 * ticket) is in the ledger after the restart and reaches LAPOR! exactly once. The gateway runs as a
 * child JVM on the test class path with its own store (H2 file, or a PostgreSQL schema in the
 * PostgreSQL run).
 *
 * <p>Run twice: with a LAPOR! that keeps one report per Idempotency-Key, and with one that ignores
 * the key (LAPOR!'s public contract has none), so that "exactly once" is shown without the
 * simulator's help. Without the key, a create that was in flight when the gateway died has an
 * unknown outcome: it is sent again (same key) and its complaint is marked uncertain; every other
 * ticket has exactly one report.
 */
@Tag("crash")
class KillNineCrashTest {

    private static final String BEARER = "crash-bearer";
    private static final String TOKEN = "crash-token";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private GatewayProcess gateway;
    private LaporSimulator sim;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.process().destroyForcibly();
        if (sim != null) sim.close();
    }

    @ParameterizedTest(name = "Idempotency-Key ignored by LAPOR!: {0}")
    @ValueSource(booleans = {false, true})
    void everyAcknowledgedComplaintIsForwardedExactlyOnceAfterKillNine(boolean keyIgnored) throws Exception {
        sim = new LaporSimulator(0, BEARER, TOKEN, "/api/v3", Duration.ofHours(1),
                SimulatorFaults.none().withLatency(80).withIdempotencyKeyIgnored(keyIgnored), Clock.systemUTC());
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path data = Path.of("target", "crash", id).toAbsolutePath();
        Files.createDirectories(data);
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=test",
                "--gateway.instance=crash-node",
                "--gateway.data-dir=" + data,
                "--lapor.base-url=" + sim.baseUrl(),
                "--lapor.bearer=" + BEARER,
                "--lapor.token=" + TOKEN,
                "--lapor.request-timeout=3s"));
        if (TestEnvironment.postgres()) {
            args.add("--spring.datasource.url=" + TestEnvironment.PG_URL + "?currentSchema=" + TestEnvironment.freshSchema(id));
            args.add("--spring.datasource.username=" + TestEnvironment.PG_USER);
        }
        int port = GatewayProcess.freePort();
        gateway = GatewayProcess.start(port, args, data.resolve("run-1.log"));
        // generous: a loaded 2-core machine has taken 50 s to start it; timing is not what this test checks
        gateway.awaitReady(Duration.ofSeconds(180));

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            int client = c;
            clients.submit(() -> {
                for (int i = 0; i < 150; i++) {
                    sent.incrementAndGet();
                    String body = "{\"platform\":\"x\",\"post_url\":\"https://x.com/u" + client + "/status/" + i
                            + "\",\"author_handle\":\"warga" + client + "\",\"text\":\"Keluhan nomor " + i + " dari warga " + client
                            + " tentang jalan rusak\"}";
                    try {
                        HttpResponse<String> r = http.send(post(port, body), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 201) acknowledged.add(json.readTree(r.body()).path("ticket").asText());
                    } catch (IOException | InterruptedException e) {
                        return; // the gateway is gone; nothing from here on was acknowledged
                    }
                }
            });
        }
        Instant until = Instant.now().plusSeconds(60);
        while (acknowledged.size() < 120 && Instant.now().isBefore(until)) Thread.sleep(5);
        gateway.kill(); // SIGKILL: no shutdown hook, no flush
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.SECONDS);
        Set<String> acked = Set.copyOf(acknowledged);
        long forwardedBeforeKill = acked.stream().filter(t -> sim.reportsFor(t) > 0).count();
        assertThat(acked.size()).as("acknowledged before the kill").isGreaterThanOrEqualTo(120);

        gateway = GatewayProcess.start(port, args, data.resolve("run-2.log"));
        gateway.awaitReady(Duration.ofSeconds(180));
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline) && !acked.stream().allMatch(t -> sim.reportsFor(t) >= 1)) Thread.sleep(200);

        int uncertain = 0;
        for (String t : acked) {
            JsonNode c = complaint(port, t);
            Instant forwarded = Instant.now().plusSeconds(30);
            while (!c.path("status").asText().equals("FORWARDED") && Instant.now().isBefore(forwarded)) {
                Thread.sleep(200);
                c = complaint(port, t);
            }
            assertThat(c.path("status").asText()).isEqualTo("FORWARDED");
            boolean markedUncertain = c.path("forwarding").path("create_uncertain").asBoolean();
            if (markedUncertain) uncertain++;
            if (keyIgnored && markedUncertain) {
                // in flight when the gateway died: sent again with its key; LAPOR! may now hold two
                assertThat(sim.creates(t)).as("LAPOR! reports for uncertain %s", t).isBetween(1L, 2L);
            } else {
                assertThat(sim.reportsFor(t)).as("LAPOR! reports for %s", t).isEqualTo(1);
                assertThat(sim.creates(t)).as("reports naming %s", t).isEqualTo(1);
            }
            List<Long> reports = sim.received().stream().filter(x -> t.equals(x.idempotencyKey()))
                    .map(LaporSimulator.Received::id).toList();
            assertThat(reports).contains(c.path("lapor").path("complaint_id").asLong());
        }
        if (!keyIgnored) {
            // no LAPOR! report has two gateway tickets' worth of calls behind it, and none is doubled
            assertThat(sim.received().stream().map(LaporSimulator.Received::idempotencyKey).distinct().count())
                    .isEqualTo(sim.received().size());
        }
        assertThat(sim.ticketsWithSeveralReports()).as("tickets with two reports, each marked uncertain").isLessThanOrEqualTo(uncertain);
        System.out.printf("crash test (key %s): %d sent, %d acknowledged before kill -9, %d of them forwarded before it, "
                        + "all %d forwarded after restart, %d marked uncertain, %d with two reports%n",
                keyIgnored ? "ignored" : "honoured", sent.get(), acked.size(), forwardedBeforeKill, acked.size(), uncertain,
                sim.ticketsWithSeveralReports());
    }

    private JsonNode complaint(int port, String ticket) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/complaints/" + ticket))
                .header("Authorization", GatewayProcess.basic("admin", "admin-test")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("ledger has %s", ticket).isEqualTo(200);
        return json.readTree(r.body());
    }

    private HttpRequest post(int port, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/social/reports"))
                .header("Authorization", GatewayProcess.basic("admin", "admin-test")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
