package id.lapor.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.audit.AuditLog;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.forward.LaporBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** REST API over HTTP with Spring Security: content, roles, problem+json, health and metrics. */
@GatewayIntegrationTest
class ApiIntegrationTest {

    @Autowired TestRestTemplate http;
    @Autowired Ledger ledger;
    @Autowired OutboxRepository outbox;
    @Autowired LaporBreaker breaker;
    @Autowired AuditLog audit;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void quiet() {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.stats().backlog() == 0 && breaker.state() != CircuitBreaker.State.OPEN);
    }

    private ResponseEntity<String> call(HttpMethod method, String path, String user, String password, String body) {
        HttpHeaders h = new HttpHeaders();
        if (user != null) h.setBasicAuth(user, password);
        if (body != null) h.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, method, new HttpEntity<>(body, h), String.class);
    }

    private ResponseEntity<String> admin(HttpMethod method, String path, String body) {
        return call(method, path, "admin", "admin-test", body);
    }

    /** The audit rows of one action on one target, newest first (the shared context's other tests write theirs too). */
    private List<AuditLog.Entry> audited(AuditLog.Action action, String target) {
        return audit.list(null, action, 0, 5000).stream().filter(e -> target.equals(e.target())).toList();
    }

    private JsonNode read(ResponseEntity<String> r) throws Exception {
        return json.readTree(r.getBody());
    }

    private String flag(String handle, String text) throws Exception {
        String body = """
                {"platform":"x","post_url":"https://x.com/%s/status/%d","author_handle":"@%s","author_name":"Warga","text":"%s",
                 "location":"Mataram","flagged_by":"someone-else"}""".formatted(handle, System.nanoTime(), handle, text);
        ResponseEntity<String> r = admin(HttpMethod.POST, "/api/social/reports", body);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return read(r).path("ticket").asText();
    }

    @Test
    void unauthenticatedCallsGet401ProblemAndNoData() throws Exception {
        String ticket = flag("rahasia_" + System.nanoTime() % 10000, "Data pribadi jangan bocor");
        for (String path : new String[] {"/api/complaints/" + ticket, "/api/complaints", "/api/quarantine", "/actuator/prometheus"}) {
            ResponseEntity<String> r = call(HttpMethod.GET, path, null, null, null);
            assertThat(r.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(r.getBody()).doesNotContain(ticket).doesNotContain("Data pribadi");
        }
        ResponseEntity<String> wrong = call(HttpMethod.GET, "/api/complaints/" + ticket, "admin", "wrong", null);
        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(wrong.getBody()).doesNotContain("Data pribadi");
    }

    @Test
    void opsReadsButMayNotActAsAdmin() throws Exception {
        String ticket = flag("ops_" + System.nanoTime() % 10000, "Jalan berlubang di Cakranegara");
        assertThat(call(HttpMethod.GET, "/api/complaints/" + ticket, "ops", "ops-test", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> r = call(HttpMethod.POST, "/api/complaints/" + ticket + "/forward", "ops", "ops-test", null);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(call(HttpMethod.POST, "/api/social/reports", "ops", "ops-test", "{}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // refused requests leave no audit row
        assertThat(audited(AuditLog.Action.REDRIVE, ticket)).isEmpty();
        assertThat(audit.list("ops", AuditLog.Action.FLAG, 0, 50)).isEmpty();
    }

    @Test
    void complaintIsServedAsCanonicalJsonWithStatusHistory() throws Exception {
        String handle = "hist_" + System.nanoTime() % 100000;
        String ticket = flag(handle, "Sampah menumpuk di TPS Pasar Kebon Roek");
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        ResponseEntity<String> r = admin(HttpMethod.GET, "/api/complaints/" + ticket.toLowerCase(), null);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode c = read(r);
        assertThat(c.path("schema_version").asInt()).isEqualTo(1);
        assertThat(c.path("ticket").asText()).isEqualTo(ticket);
        assertThat(c.path("channel").asText()).isEqualTo("SOCIAL");
        assertThat(c.path("reporter").path("channel_user_id").asText()).isEqualTo("social:x:" + handle);
        assertThat(c.path("category").path("code").asText()).isEqualTo("LINGKUNGAN_HIDUP");
        assertThat(c.path("status").asText()).isEqualTo("FORWARDED");
        assertThat(c.path("lapor").path("complaint_id").asLong()).isPositive();
        // the admin who flagged it comes from the login, not from the body
        assertThat(c.path("flags").toString()).contains("SOCIAL_FLAGGED_BY:admin").doesNotContain("someone-else");
        JsonNode history = c.path("status_history");
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).path("status").asText()).isEqualTo("RECEIVED");
        assertThat(history.get(1).path("status").asText()).isEqualTo("FORWARDED");
        assertThat(c.path("forwarding").path("state").asText()).isEqualTo("DONE");
    }

    @Test
    void listFiltersByChannelStatusAndSince() throws Exception {
        String ticket = flag("list_" + System.nanoTime() % 100000, "Kapal feri Lembar terlambat enam jam");
        JsonNode page = read(admin(HttpMethod.GET, "/api/complaints?channel=social&since=2020-01-01&size=200", null));
        assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(page.path("items").findValuesAsText("ticket")).contains(ticket);
        assertThat(page.path("items").findValuesAsText("channel")).containsOnly("SOCIAL");
        JsonNode none = read(admin(HttpMethod.GET, "/api/complaints?channel=sms&since=2999-01-01T00:00:00Z", null));
        assertThat(none.path("total").asLong()).isZero();
        assertThat(none.path("items").size()).isZero();
    }

    @Test
    void badQueriesAndTicketsAreProblemsWithAReason() throws Exception {
        for (String path : new String[] {"/api/complaints?channel=fax", "/api/complaints?size=5000", "/api/complaints?since=kemarin",
                "/api/complaints?page=-1", "/api/complaints/ABC"}) {
            ResponseEntity<String> r = admin(HttpMethod.GET, path, null);
            assertThat(r.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(read(r).path("detail").asText()).as(path).isNotBlank();
        }
        String ticket = flag("typo_" + System.nanoTime() % 100000, "Sekolah rusak atapnya");
        char last = ticket.charAt(8);
        String typo = ticket.substring(0, 8) + (last == 'A' ? 'B' : 'A');
        ResponseEntity<String> r = admin(HttpMethod.GET, "/api/complaints/" + typo, null);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(read(r).path("detail").asText()).contains("check character");
        ResponseEntity<String> unknown = admin(HttpMethod.GET, "/api/complaints/00000000" + checkFor("00000000"), null);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private static char checkFor(String body) {
        for (char c : id.lapor.gateway.complaint.Ticket.ALPHABET.toCharArray()) {
            if (id.lapor.gateway.complaint.Ticket.valid(body + c).isPresent()) return c;
        }
        throw new IllegalStateException();
    }

    @Test
    void malformedReportIs400WithReasonStoredNothingAndIsKeptInQuarantineForReplay() throws Exception {
        long before = ledger.count(null, null, null);
        String body = "{\"platform\":\"myspace\",\"post_url\":\"https://myspace.com/p/" + System.nanoTime() + "\",\"text\":\"Lampu jalan mati\"}";
        ResponseEntity<String> r = admin(HttpMethod.POST, "/api/social/reports", body);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode p = read(r);
        assertThat(p.path("detail").asText()).contains("myspace");
        long qid = p.path("quarantine_id").asLong();
        assertThat(ledger.count(null, null, null)).isEqualTo(before);
        // the admin's report is kept (in quarantine), so the flag is audited as the console's refused flag is
        assertThat(audited(AuditLog.Action.FLAG, "quarantine " + qid)).singleElement().satisfies(e -> {
            assertThat(e.username()).isEqualTo("admin");
            assertThat(e.detail()).startsWith("refused: ").contains("myspace").endsWith(" (API)");
        });

        JsonNode item = read(call(HttpMethod.GET, "/api/quarantine/" + qid, "ops", "ops-test", null));
        assertThat(item.path("channel").asText()).isEqualTo("SOCIAL");
        assertThat(item.path("reason_class").asText()).isEqualTo("POLICY");
        assertThat(item.path("state").asText()).isEqualTo("OPEN");
        ResponseEntity<String> raw = admin(HttpMethod.GET, "/api/quarantine/" + qid + "/raw", null);
        assertThat(raw.getBody()).contains("myspace").contains("\"flagged_by\":\"admin\"");
        assertThat(call(HttpMethod.GET, "/api/quarantine/" + qid + "/raw", "ops", "ops-test", null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);

        // replay while the policy still refuses it: stays open with the reason
        JsonNode still = read(admin(HttpMethod.POST, "/api/quarantine/" + qid + "/replay", null));
        assertThat(still.path("state").asText()).isEqualTo("OPEN");
        assertThat(still.path("reason").asText()).contains("POLICY");
        assertThat(audited(AuditLog.Action.REPLAY, "quarantine " + qid)).singleElement().satisfies(e -> {
            assertThat(e.username()).isEqualTo("admin");
            assertThat(e.detail()).isEqualTo("OPEN: " + still.path("reason").asText() + " (API)");
        });
        // an unknown item: 404, no row
        long unknown = qid + 1_000_000;
        assertThat(admin(HttpMethod.POST, "/api/quarantine/" + unknown + "/replay", null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(audited(AuditLog.Action.REPLAY, "quarantine " + unknown)).isEmpty();
        JsonNode list = read(call(HttpMethod.GET, "/api/quarantine?channel=social&state=open", "ops", "ops-test", null));
        assertThat(list.path("items").findValuesAsText("id")).contains(String.valueOf(qid));
    }

    @Test
    void requestsRefusedBeforeAControllerAreProblemsToo() throws Exception {
        // refused by Tomcat (encoded slash, NUL, a 10 KB path: its HTML page with server version before), by Spring
        // Security's firewall ('..', ';': Spring Boot's {timestamp, error, path} JSON before), or by the multipart
        // parser (a file name with a NUL: 500 with a stack trace logged before)
        for (String path : new String[] {"/api/complaints/..%2F..%2Fetc", "/api/complaints/%00", "/api/complaints/" + "A".repeat(10_000),
                "/api/complaints/../x", "/api/complaints/%2e%2e", "/api/complaints/ABC;jsessionid=1"}) {
            HttpHeaders h = new HttpHeaders();
            h.setBasicAuth("admin", "admin-test");
            ResponseEntity<String> r = http.exchange(java.net.URI.create(http.getRootUri() + path), HttpMethod.GET, new HttpEntity<>(h), String.class);
            String label = path.substring(0, Math.min(40, path.length()));
            assertThat(r.getStatusCode().is4xxClientError()).as(label).isTrue();
            assertThat(r.getHeaders().getContentType()).as(label).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(read(r).path("detail").asText()).as(label).isNotBlank();
            assertThat(r.getBody()).as(label).doesNotContain("Tomcat").doesNotContain("AAAAAAAAAA");
        }
        // an Accept header that is no media type: 406 with no body and no type before
        for (String accept : new String[] {"garbage", "application/xml"}) {
            HttpHeaders a = new HttpHeaders();
            a.setBasicAuth("admin", "admin-test");
            a.set("Accept", accept);
            ResponseEntity<String> r = http.exchange("/api/complaints", HttpMethod.GET, new HttpEntity<>(a), String.class);
            assertThat(r.getStatusCode()).as(accept).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
            assertThat(r.getHeaders().getContentType()).as(accept).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(read(r).path("detail").asText()).as(accept).isNotBlank();
        }
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth("admin", "admin-test");
        h.set("Content-Type", "multipart/form-data; boundary=b");
        String body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"surat\u0000.txt\"\r\n\r\n"
                + "Lampu jalan mati di Gang Kenari\r\n--b--\r\n";
        ResponseEntity<String> r = http.exchange("/api/letters", HttpMethod.POST, new HttpEntity<>(body, h), String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(read(r).path("detail").asText()).contains("nothing was stored");
    }

    @Test
    void notJsonAndEmptyBodiesAre400() throws Exception {
        for (String body : new String[] {"this is not json", "", "[]", "{\"platform\":\"x\"}"}) {
            ResponseEntity<String> r = admin(HttpMethod.POST, "/api/social/reports", body);
            assertThat(r.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(read(r).path("detail").asText()).isNotBlank();
        }
    }

    @Test
    void sameReportTwiceGivesTheSameTicketWith200() throws Exception {
        String url = "https://facebook.com/posts/" + System.nanoTime();
        String body = """
                {"platform":"facebook","post_url":" %s ","author_handle":"dua_kali","text":"Posyandu tutup %d"}"""
                .formatted(url, System.nanoTime());
        ResponseEntity<String> first = admin(HttpMethod.POST, "/api/social/reports", body);
        ResponseEntity<String> second = admin(HttpMethod.POST, "/api/social/reports", body);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(read(second).path("ticket").asText()).isEqualTo(read(first).path("ticket").asText());
        assertThat(read(second).path("outcome").asText()).isEqualTo("DUPLICATE_TRANSPORT");
        // both flags audited under the login, as the console's flag page writes them, marked as from the API
        assertThat(audited(AuditLog.Action.FLAG, read(first).path("ticket").asText()))
                .extracting(AuditLog.Entry::username, AuditLog.Entry::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("admin", "flagged before: " + url + " (API)"),
                        org.assertj.core.groups.Tuple.tuple("admin", "post " + url + ", 0 screenshot(s) (API)"));
    }

    @Test
    void reDriveOfANotParkedComplaintIs409() throws Exception {
        String ticket = flag("redrive_" + System.nanoTime() % 100000, "Guru honorer belum digaji");
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        ResponseEntity<String> r = admin(HttpMethod.POST, "/api/complaints/" + ticket + "/forward", null);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(read(r).path("detail").asText()).contains("DONE");
        assertThat(audited(AuditLog.Action.REDRIVE, ticket)).isEmpty();
    }

    @Test
    void reDriveOfAParkedComplaintThroughTheApi() throws Exception {
        TestSimulator.get().setFaults(SimulatorFaults.none().withFailNext(422));
        String ticket = flag("parked_" + System.nanoTime() % 100000, "Calo di kantor Samsat");
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.PARKED);
        ResponseEntity<String> r = admin(HttpMethod.POST, "/api/complaints/" + ticket + "/forward", null);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(audited(AuditLog.Action.REDRIVE, ticket)).singleElement().satisfies(e -> {
            assertThat(e.username()).isEqualTo("admin");
            assertThat(e.detail()).isEqualTo("parked complaint queued for LAPOR! again (API)");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.FORWARDED);
        assertThat(TestSimulator.get().reportsFor(ticket)).isEqualTo(1);
    }

    @Test
    void healthShowsLaporOutboxAndRoutesToOpsAndOnlyStatusToEveryone() throws Exception {
        JsonNode anon = read(call(HttpMethod.GET, "/actuator/health", null, null, null));
        assertThat(anon.path("status").asText()).isNotBlank();
        assertThat(anon.has("components")).isFalse();
        JsonNode h = read(call(HttpMethod.GET, "/actuator/health", "ops", "ops-test", null));
        JsonNode c = h.path("components");
        assertThat(c.path("lapor").path("status").asText()).isEqualTo("UP");
        assertThat(c.path("lapor").path("details").path("circuit").asText()).isEqualTo("CLOSED");
        assertThat(c.path("outbox").path("details").has("backlog")).isTrue();
        assertThat(c.path("outbox").path("details").has("parked")).isTrue();
        assertThat(c.path("outbox").path("details").has("oldest_pending_age_seconds")).isTrue();
        assertThat(c.path("camelHealth").toString()).contains("complaint-intake").contains("lapor-forwarder");
        assertThat(read(call(HttpMethod.GET, "/actuator/health/readiness", null, null, null)).path("status").asText()).isEqualTo("UP");
        // #19: the cluster service of the store (file lock on H2, lock row on PostgreSQL) and the singletons this
        // node leads; alone, it leads status sync (master:status-sync in routes/forwarder.yaml)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> read(call(HttpMethod.GET, "/actuator/health",
                "ops", "ops-test", null)).path("components").path("cluster").path("details").path("leads").toString().contains("lapor-status-sync"));
        JsonNode cluster = read(call(HttpMethod.GET, "/actuator/health", "ops", "ops-test", null)).path("components").path("cluster");
        assertThat(cluster.path("details").path("service").asText()).isEqualTo(id.lapor.gateway.support.TestEnvironment.postgres() ? "jdbc" : "file");
        assertThat(cluster.path("details").path("singletons").path("lapor-status-sync").path("namespace").asText()).isEqualTo("status-sync");
    }

    @Test
    void laporDownShowsInHealthButNotInReadiness() throws Exception {
        TestSimulator.get().setFaults(SimulatorFaults.none().withOutage(5));
        Thread.sleep(600); // let the cached probe expire (gateway.health.lapor-probe-interval: 500ms)
        JsonNode h = read(call(HttpMethod.GET, "/actuator/health", "ops", "ops-test", null));
        assertThat(h.path("components").path("lapor").path("status").asText()).isEqualTo("DOWN");
        assertThat(h.path("components").path("lapor").path("details").path("last_probe_error").asText()).contains("503");
        assertThat(read(call(HttpMethod.GET, "/actuator/health/readiness", null, null, null)).path("status").asText()).isEqualTo("UP");
        TestSimulator.get().setFaults(SimulatorFaults.none());
    }

    @Test
    void prometheusHasPerChannelCountersAndTimers() throws Exception {
        flag("metrics_" + System.nanoTime() % 100000, "Parkir liar di depan Mataram Mall");
        String m = call(HttpMethod.GET, "/actuator/prometheus", "ops", "ops-test", null).getBody();
        for (String event : new String[] {"received", "duplicate", "ignored", "quarantined", "stored", "forwarded", "parked"}) {
            assertThat(m).contains("gateway_complaints_total{application=\"lapor-gateway\",channel=\"sms\",event=\"" + event + "\"}");
        }
        assertThat(m).containsPattern("gateway_complaints_total\\{application=\"lapor-gateway\",channel=\"social\",event=\"stored\"} [1-9]");
        assertThat(m).contains("gateway_intake_commit_seconds_count{application=\"lapor-gateway\",channel=\"social\"}");
        assertThat(m).contains("gateway_outbox_backlog").contains("gateway_outbox_parked").contains("gateway_quarantine_open")
                .contains("gateway_review_held");
    }
}
