package id.lapor.gateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.forward.LaporClient;
import id.lapor.gateway.forward.LaporException;
import id.lapor.gateway.support.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's contract, through the gateway's own LaporClient over HTTP. */
class LaporSimulatorTest {

    private final LaporSimulator sim = new LaporSimulator(0, "b", "t", "/api/v3", Duration.ofMillis(300), SimulatorFaults.none(), Clock.systemUTC());
    private final LaporClient client = client("b", "t");

    LaporSimulatorTest() throws Exception {}

    @AfterEach
    void close() {
        sim.close();
    }

    private LaporClient client(String bearer, String token) {
        return new LaporClient(URI.create(sim.baseUrl()), bearer, token, Duration.ofSeconds(1), Duration.ofSeconds(2),
                new ObjectMapper(), Clock.systemUTC());
    }

    private static Map<String, Object> body(String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", "Judul");
        m.put("content", content);
        m.put("channel", 7);
        m.put("user_id", "1");
        m.put("attachments", "[]");
        return m;
    }

    @Test
    void rejectsCallsWithoutBothAuthHeaders() throws Exception {
        assertThatThrownBy(() -> client("b", "wrong").create(body("x"), "k1"))
                .isInstanceOfSatisfying(LaporException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.kind()).isEqualTo(LaporException.Kind.AUTH);
                });
        HttpResponse<String> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/masters/institutions/external?page_size=1"))
                .header("Authorization", "Bearer b").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(401);
        assertThat(sim.received()).isEmpty();
    }

    @Test
    void idempotencyKeyGivesTheSameComplaintId() throws Exception {
        long first = client.create(body("isi"), "T1");
        long again = client.create(body("isi"), "T1");
        long other = client.create(body("isi"), "T2");
        assertThat(again).isEqualTo(first);
        assertThat(other).isGreaterThan(first);
        assertThat(String.valueOf(first)).hasSizeBetween(7, 8);
        assertThat(sim.reportsFor("T1")).isEqualTo(1);
        assertThat(sim.createRequests("T1")).isEqualTo(2);
    }

    @Test
    void uploadsComeBackAsImagesAndDocsAndStatusesMoveOverTime() throws Exception {
        List<Long> ids = client.upload(List.of(new LaporClient.Upload("foto.png", "image/png", Samples.PNG),
                new LaporClient.Upload("surat.pdf", "application/pdf", "%PDF-1.4".getBytes())), "T3-att");
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        assertThat(sim.uploadedFiles()).isEqualTo(2);
        long id = client.create(body("isi"), "T3");
        assertThat(client.status(id).statusName()).isEqualTo("Belum Terverifikasi");
        Thread.sleep(1000);
        LaporClient.Status later = client.status(id);
        assertThat(later.statusName()).isEqualTo("Selesai");
        assertThat(later.logs()).extracting(LaporClient.LogEntry::note).hasSize(4);
        assertThat(client.institutions(1000)).extracting(LaporClient.Institution::id).contains("1001", "1002");
    }

    @Test
    void faultsAreInjectedAsConfigured() {
        sim.setFaults(SimulatorFaults.none().with429(1, 7).withFailNext(503).withMaxContentChars(5));
        assertThatThrownBy(() -> client.create(body("isi"), "F1")).isInstanceOfSatisfying(LaporException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThatThrownBy(() -> client.create(body("isi"), "F1")).isInstanceOfSatisfying(LaporException.class, e -> {
            assertThat(e.kind()).isEqualTo(LaporException.Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
        assertThatThrownBy(() -> client.create(body("terlalu panjang"), "F1")).isInstanceOfSatisfying(LaporException.class, e -> {
            assertThat(e.kind()).isEqualTo(LaporException.Kind.PERMANENT);
            assertThat(e.body()).contains("content (max 5 characters)");
        });
        assertThat(sim.reportsFor("F1")).isZero();
    }

    @Test
    void aForgottenReportAnswers404ButItsKeyStillGivesItsIdBack() throws Exception {
        Map<String, Object> b = body("isi");
        b.put("tags_raw", "gateway,sms,LPR-FORGET1");
        long id = client.create(b, "LPR-FORGET1");
        assertThat(client.status(id).statusName()).isIn(LaporSimulator.STATUS_NAMES);

        sim.forget(id);

        assertThatThrownBy(() -> client.status(id)).isInstanceOfSatisfying(LaporException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(404));
        assertThat(sim.statusRequests(id)).isEqualTo(2);
        // the worst case for a re-send: the old key still answers with the deleted report
        assertThat(client.create(b, "LPR-FORGET1")).isEqualTo(id);
        // a new key makes a new report; LAPOR! holds one report of the ticket, the forgotten one no longer
        long again = client.create(b, "LPR-FORGET1-r1");
        assertThat(again).isNotEqualTo(id);
        assertThat(client.status(again).statusName()).isIn(LaporSimulator.STATUS_NAMES);
        assertThat(sim.creates("LPR-FORGET1")).isEqualTo(2);
        assertThat(sim.ticketsWithSeveralReports()).isZero();
        assertThatThrownBy(() -> sim.forget(1L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withTheKeyIgnoredEveryCreateIsANewReportCountedPerTicket() throws Exception {
        sim.setFaults(SimulatorFaults.none().withIdempotencyKeyIgnored(true));
        Map<String, Object> b = body("isi");
        b.put("tags_raw", "gateway,sms,LPR-TEST01");
        long first = client.create(b, "LPR-TEST01");
        long again = client.create(b, "LPR-TEST01");
        assertThat(again).isNotEqualTo(first);
        assertThat(sim.creates("LPR-TEST01")).isEqualTo(2);
        assertThat(sim.reportsFor("LPR-TEST01")).isEqualTo(2);
        assertThat(sim.ticketsWithSeveralReports()).isEqualTo(1);
        HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(new ObjectMapper().readTree(stats.body()).path("tickets_with_several_reports").asLong()).isEqualTo(1);
        // the same two uploads with one key: new files each time
        List<Long> a = client.upload(List.of(new LaporClient.Upload("foto.png", "image/png", Samples.PNG)), "K-att");
        List<Long> c = client.upload(List.of(new LaporClient.Upload("foto.png", "image/png", Samples.PNG)), "K-att");
        assertThat(c).doesNotContainAnyElementsOf(a);
    }

    /** The client tells a lost answer (LAPOR! may have acted) from a request that never arrived or was refused. */
    @Test
    void outcomeIsUnknownOnlyWhenTheRequestMayHaveBeenActedOn() throws Exception {
        sim.setFaults(SimulatorFaults.none().withCreateThenHang(2500));
        assertThatThrownBy(() -> client.create(body("isi"), "U1")).isInstanceOfSatisfying(LaporException.class, e -> {
            assertThat(e.kind()).isEqualTo(LaporException.Kind.TRANSIENT);
            assertThat(e.outcomeUnknown()).as("timeout after sending").isTrue();
        });
        assertThat(sim.reportsFor("U1")).isEqualTo(1);
        sim.setFaults(SimulatorFaults.none().withCreateWithoutId(1));
        assertThatThrownBy(() -> client.create(body("isi"), "U2")).isInstanceOfSatisfying(LaporException.class, e -> {
            assertThat(e.kind()).isEqualTo(LaporException.Kind.INVALID_RESPONSE);
            assertThat(e.outcomeUnknown()).as("2xx without an id").isTrue();
        });
        sim.setFaults(SimulatorFaults.none().withFailNext(500, 504));
        assertThatThrownBy(() -> client.create(body("isi"), "U3")).isInstanceOfSatisfying(LaporException.class,
                e -> assertThat(e.outcomeUnknown()).as("500: LAPOR! answered").isFalse());
        assertThatThrownBy(() -> client.create(body("isi"), "U3")).isInstanceOfSatisfying(LaporException.class,
                e -> assertThat(e.outcomeUnknown()).as("504 from the API gateway").isTrue());
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        LaporClient nowhere = new LaporClient(URI.create("http://127.0.0.1:" + port + "/api/v3"), "b", "t",
                Duration.ofSeconds(1), Duration.ofSeconds(2), new ObjectMapper(), Clock.systemUTC());
        assertThatThrownBy(() -> nowhere.create(body("isi"), "U4")).isInstanceOfSatisfying(LaporException.class, e -> {
            assertThat(e.kind()).isEqualTo(LaporException.Kind.TRANSIENT);
            assertThat(e.outcomeUnknown()).as("connection refused").isFalse();
        });
        nowhere.close();
    }
}
