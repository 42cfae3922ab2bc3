package id.lapor.gateway.ops;

import id.lapor.gateway.GatewayApplication;
import id.lapor.gateway.support.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes while the gateway starts: the web server answers before the application is started
 * (Camel's routes start on the context-refreshed event); this test holds the start-up right there
 * and asks. Liveness must be UP (a Kubernetes probe would otherwise kill a starting pod), readiness
 * OUT_OF_SERVICE; once the start-up goes on, readiness becomes UP and liveness stays UP.
 */
class ProbesDuringStartupTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CountDownLatch serverUp = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int port;
    private CompletableFuture<ConfigurableApplicationContext> app;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (app != null) app.get(120, TimeUnit.SECONDS).close();
    }

    @Test
    void livenessIsUpAndReadinessOutOfServiceWhileStarting() throws Exception {
        ApplicationListener<ContextRefreshedEvent> hold = e -> {
            port = Integer.parseInt(e.getApplicationContext().getEnvironment().getProperty("local.server.port", "0"));
            serverUp.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        };
        app = CompletableFuture.supplyAsync(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .profiles("test").initializers(new TestEnvironment()).listeners(hold)
                .run("--server.port=0"));
        assertThat(serverUp.await(120, TimeUnit.SECONDS)).as("web server up").isTrue();
        assertThat(port).isPositive();

        HttpResponse<String> live = get("/actuator/health/liveness");
        HttpResponse<String> ready = get("/actuator/health/readiness");
        assertThat(live.statusCode()).as("liveness while starting: %s", live.body()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"UP\"");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"status\":\"OUT_OF_SERVICE\"");

        release.countDown();
        app.get(120, TimeUnit.SECONDS);
        assertThat(get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
