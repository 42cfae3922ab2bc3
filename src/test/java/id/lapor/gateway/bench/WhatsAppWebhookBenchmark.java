package id.lapor.gateway.bench;

import id.lapor.gateway.channel.whatsapp.WhatsAppSignature;
import id.lapor.gateway.channel.whatsapp.WhatsAppWebhookController;
import id.lapor.gateway.simulator.WhatsAppSimulator;
import id.lapor.gateway.support.TestEnvironment;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test of timing: prints figures. Run with
 * {@code ./mvnw -Pbenchmark test -Dtest=WhatsAppWebhookBenchmark} (add {@code -Ppostgres} for PostgreSQL).
 * N signed WhatsApp webhook POSTs (one text message each, four messages per citizen number, spread over the run) from
 * {@code bench.threads} (16) concurrent clients over real HTTP to {@code /webhooks/whatsapp}: signature over the raw
 * bytes, parsing, the 24-hour contact row and the conversation part committed before the 200. Against, in the same
 * run and the same server and store: a bare Spring MVC endpoint reading the raw body, doing the same signature
 * check and one durable insert of the body (autocommit), answered 200. Runs alternate (bare, gateway, bare, gateway).
 * The conversations' closing into complaints (after the quiet period) is not part of these figures.
 */
@Tag("benchmark")
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {id.lapor.gateway.GatewayApplication.class, WhatsAppWebhookBenchmark.Bare.class})
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestEnvironment.class)
class WhatsAppWebhookBenchmark {

    static final int N = Integer.getInteger("bench.n", 4000);
    static final int THREADS = Integer.getInteger("bench.threads", 16);
    static final String SECRET = "bench-app-secret";
    static final WhatsAppSimulator SIM = start();

    static WhatsAppSimulator start() {
        try {
            return new WhatsAppSimulator(0, "bench-token", SECRET, "109999000000001", Clock.systemUTC());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void whatsapp(DynamicPropertyRegistry r) {
        r.add("channels.whatsapp.enabled", () -> "true");
        r.add("channels.whatsapp.graph-base-url", SIM::baseUrl);
        r.add("channels.whatsapp.access-token", () -> "bench-token");
        r.add("channels.whatsapp.app-secret", () -> SECRET);
        r.add("channels.whatsapp.verify-token", () -> "bench-verify");
        r.add("channels.whatsapp.phone-number-id", () -> "109999000000001");
        // replies and the closing of conversations are not part of the webhook's figures
        r.add("channels.whatsapp.replies.enabled", () -> "false");
        r.add("channels.whatsapp.conversation.quiet-period", () -> "1h");
        r.add("server.tomcat.threads.max", () -> "64");
    }

    @AfterAll
    static void stop() {
        SIM.close();
    }

    /**
     * The bare baseline: what any webhook endpoint must do at least (raw body, HMAC check, one durable insert), as a
     * Spring MVC functional endpoint. Named in {@code @SpringBootTest(classes)} and not annotated, so no component
     * scan picks it up.
     */
    static class Bare {
        @Bean
        @Order(0)
        SecurityFilterChain bareBench(HttpSecurity http) throws Exception {
            http.securityMatcher("/bench/**").csrf(c -> c.disable()).authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }

        @Bean
        RouterFunction<ServerResponse> bareWebhook(NamedParameterJdbcTemplate jdbc) {
            jdbc.getJdbcTemplate().execute("CREATE TABLE IF NOT EXISTS bench_webhook (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "body BYTEA NOT NULL)");
            WhatsAppSignature signature = new WhatsAppSignature(SECRET);
            return RouterFunctions.route().POST("/bench/bare-webhook", req -> {
                byte[] body;
                try (InputStream in = req.servletRequest().getInputStream()) {
                    body = in.readAllBytes();
                }
                if (signature.verify(body, req.headers().firstHeader(WhatsAppSignature.HEADER)) != WhatsAppSignature.Verdict.VALID) {
                    return ServerResponse.status(401).build();
                }
                jdbc.update("INSERT INTO bench_webhook (body) VALUES (:b)", new MapSqlParameterSource("b", body));
                return ServerResponse.ok().build();
            }).build();
        }
    }

    @LocalServerPort int port;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired org.apache.camel.CamelContext camel;

    record Run(double perSecond, double p50, double p99) {}

    @Test
    void signedWebhooksToStoredPartsVersusBareSignedInsert() throws Exception {
        camel.getRouteController().stopRoute("lapor-forwarder");
        URI gateway = URI.create("http://127.0.0.1:" + port + WhatsAppWebhookController.PATH);
        URI bare = URI.create("http://127.0.0.1:" + port + "/bench/bare-webhook");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(THREADS)).build();
        // warm-up of both paths (JIT, pools), not measured
        run(client, gateway, bodies(THREADS * 50, "9"));
        run(client, bare, bodies(THREADS * 50, "8"));

        Run b1 = run(client, bare, bodies(N, "1"));
        Run g1 = run(client, gateway, bodies(N, "2"));
        Run b2 = run(client, bare, bodies(N, "3"));
        Run g2 = run(client, gateway, bodies(N, "4"));
        long parts = jdbc.queryForObject("SELECT COUNT(*) FROM chat_part WHERE channel = 'WHATSAPP'", new MapSqlParameterSource(), Long.class);
        assertThat(parts).isEqualTo(2L * N + THREADS * 50L);

        double bareRate = (b1.perSecond() + b2.perSecond()) / 2;
        double gw = (g1.perSecond() + g2.perSecond()) / 2;
        String report = """
                WhatsApp webhook benchmark: %d signed POSTs per run, %d concurrent clients, store %s, two runs each, alternating
                  bare Spring MVC (raw body, HMAC check, one durable insert): %.0f /s, %.0f /s   p50 %.2f / %.2f ms  p99 %.2f / %.2f ms
                  gateway /webhooks/whatsapp (HMAC, parse, conversation part committed): %.0f /s, %.0f /s   p50 %.2f / %.2f ms  p99 %.2f / %.2f ms
                  throughput ratio gateway / bare: %.2f
                """.formatted(N, THREADS, TestEnvironment.postgres() ? "PostgreSQL" : "H2 file", b1.perSecond(), b2.perSecond(), b1.p50(), b2.p50(),
                b1.p99(), b2.p99(), g1.perSecond(), g2.perSecond(), g1.p50(), g2.p50(), g1.p99(), g2.p99(), gw / bareRate);
        System.out.println(report);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "whatsapp-webhook-benchmark.txt"), report);
    }

    /**
     * {@code n} webhook bodies, each a new text message, four per citizen number, a number's four spread over the run
     * (as a citizen types, seconds apart, not four at the same instant); {@code tag} keeps numbers apart per run.
     */
    private static byte[][] bodies(int n, String tag) {
        byte[][] out = new byte[n][];
        int numbers = Math.max(1, n / 4);
        for (int i = 0; i < n; i++) {
            String waId = "62812" + tag + String.format("%07d", i % numbers);
            out[i] = SIM.textMessage(SIM.newWamid(), waId, "Warga " + i,
                    "Laporan nomor " + i + ": jalan berlubang di depan rumah, mohon segera diperbaiki sebelum ada korban 🙏");
        }
        return out;
    }

    private Run run(HttpClient client, URI uri, byte[][] bodies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[bodies.length];
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.length; i = next.getAndIncrement()) {
                    HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .header(WhatsAppSignature.HEADER, SIM.sign(bodies[i])).timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[i])).build();
                    long t0 = System.nanoTime();
                    int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                    latencies[i] = System.nanoTime() - t0;
                    if (status != 200) throw new IllegalStateException("HTTP " + status + " from " + uri);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get();
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Run(bodies.length / (elapsed / 1e9), sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }
}
