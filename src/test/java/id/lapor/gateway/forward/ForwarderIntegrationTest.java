package id.lapor.gateway.forward;

import com.fasterxml.jackson.databind.JsonNode;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.complaint.ComplaintStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.support.Samples;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The outbox forwarder against the LAPOR! simulator over HTTP, with injected faults. */
@GatewayIntegrationTest
class ForwarderIntegrationTest {

    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired OutboxRepository outbox;
    @Autowired OutboxForwarder forwarder;
    @Autowired LaporBreaker breaker;
    @Autowired MeterRegistry meters;
    @Autowired CamelContext camel;
    @Autowired LaporClient client;
    @Autowired LaporRequestMapper mapper;

    final LaporSimulator sim = TestSimulator.get();

    @BeforeEach
    void quietStart() {
        sim.setFaults(SimulatorFaults.none());
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.stats().backlog() == 0);
        // HALF_OPEN lets the next call through; an idle gateway has no call to close it with
        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.state() != CircuitBreaker.State.OPEN);
    }

    private String submit(String text) {
        return intake.accept(Drafts.sms(Drafts.uniquePhone(), "m-" + System.nanoTime(), text), null, null).ticket();
    }

    private Complaint awaitStatus(String ticket, ComplaintStatus status, Duration atMost) {
        await().atMost(atMost).until(() -> ledger.find(ticket).orElseThrow().status() == status);
        return ledger.find(ticket).orElseThrow();
    }

    @Test
    void forwardsWithAttachmentsAuthHeadersAndTheLaporContract() {
        String phone = Drafts.uniquePhone();
        String ticket = intake.accept(Drafts.sms(phone, "att-1", "Puskesmas tutup saat jam layanan",
                List.of(new ComplaintDraft.AttachmentContent("bukti.png", Samples.PNG))), null, null).ticket();
        Complaint c = awaitStatus(ticket, ComplaintStatus.FORWARDED, Duration.ofSeconds(10));

        LaporSimulator.Received r = sim.received().stream().filter(x -> ticket.equals(x.idempotencyKey())).findFirst().orElseThrow();
        assertThat(c.lapor().complaintId()).isEqualTo(r.id());
        assertThat(c.lapor().forwardedAt()).isNotNull();
        JsonNode body = r.body();
        assertThat(body.path("title").asText()).isEqualTo("Puskesmas tutup saat jam layanan");
        assertThat(body.path("content").asText()).startsWith("Puskesmas tutup saat jam layanan").contains("tiket gateway " + ticket)
                .doesNotContain(phone);
        assertThat(body.path("channel").asInt()).isEqualTo(2);
        assertThat(body.path("user_id").asText()).isEqualTo("900001");
        assertThat(body.path("disposition_id").asText()).isEqualTo("1003");
        assertThat(body.path("is_anonymous").asBoolean()).isFalse();
        assertThat(body.path("attachments").isTextual()).isTrue();
        assertThat(body.path("attachments").asText()).matches("\\[\\d+]");
        assertThat(body.path("tags_raw").asText()).contains(ticket);
        assertThat(sim.reportsFor(ticket)).isEqualTo(1);
        assertThat(ledger.history(ticket)).extracting(Ledger.StatusChange::status)
                .containsExactly(ComplaintStatus.RECEIVED, ComplaintStatus.FORWARDED);
    }

    /** LAPOR! answered every failed create (500: not taken): one report, with or without its honouring the key. */
    @ParameterizedTest(name = "Idempotency-Key ignored by LAPOR!: {0}")
    @ValueSource(booleans = {false, true})
    void threeServerErrorsThenSuccessIsDeliveredOnce(boolean keyIgnored) {
        double uncertainBefore = uncertainCount();
        sim.setFaults(SimulatorFaults.none().withIdempotencyKeyIgnored(keyIgnored).withFailNext(500, 500, 500));
        String ticket = submit("Lampu lalu lintas mati di simpang Bertais");
        Complaint c = awaitStatus(ticket, ComplaintStatus.FORWARDED, Duration.ofSeconds(20));
        assertThat(sim.createRequests(ticket)).isEqualTo(4);
        assertThat(sim.reportsFor(ticket)).isEqualTo(1);
        assertThat(sim.creates(ticket)).as("reports naming the ticket").isEqualTo(1);
        assertThat(outbox.find(ticket).orElseThrow().createUncertain()).isFalse();
        assertThat(uncertainCount()).isEqualTo(uncertainBefore);
        assertThat(c.lapor().complaintId()).isNotNull();
        assertThat(outbox.find(ticket).orElseThrow().attempts()).isEqualTo(4);
        List<Instant> times = sim.createAttemptTimes(ticket);
        // exponential backoff: each wait at least ~the previous one (200 ms initial, ±10 % jitter)
        assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(170));
        assertThat(Duration.between(times.get(2), times.get(3))).isGreaterThanOrEqualTo(Duration.ofMillis(680));
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        sim.setFaults(SimulatorFaults.none().with429(1, 2));
        String ticket = submit("Antrean BBM solar di SPBU Gerung sampai 2 km");
        awaitStatus(ticket, ComplaintStatus.FORWARDED, Duration.ofSeconds(15));
        List<Instant> times = sim.createAttemptTimes(ticket);
        assertThat(times).hasSize(2);
        assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(sim.reportsFor(ticket)).isEqualTo(1);
    }

    @Test
    void permanentRefusalParksWithStatusAndBodyThenReDriveDelivers() {
        sim.setFaults(SimulatorFaults.none().withFailNext(400));
        String ticket = submit("Pungutan liar saat mengurus sertifikat tanah");
        awaitStatus(ticket, ComplaintStatus.PARKED, Duration.ofSeconds(10));
        OutboxRepository.Row row = outbox.find(ticket).orElseThrow();
        assertThat(row.state()).isEqualTo("PARKED");
        assertThat(row.lastHttpStatus()).isEqualTo(400);
        assertThat(row.lastError()).contains("HTTP 400").contains("The given data was invalid.");
        assertThat(ledger.history(ticket)).extracting(Ledger.StatusChange::note).anyMatch(n -> n != null && n.contains("HTTP 400"));
        assertThat(ledger.history(ticket)).extracting(Ledger.StatusChange::note).filteredOn(n -> n != null && n.startsWith("parked"))
                .allSatisfy(n -> assertThat(n).as("the status is named once").containsOnlyOnce("HTTP 400"));
        assertThat(sim.createRequests(ticket)).isEqualTo(1);

        assertThat(forwarder.redrive(ticket).outcome()).isEqualTo(OutboxForwarder.Redrive.Outcome.REDRIVEN);
        Complaint c = awaitStatus(ticket, ComplaintStatus.FORWARDED, Duration.ofSeconds(10));
        assertThat(c.lapor().complaintId()).isNotNull();
        assertThat(sim.reportsFor(ticket)).isEqualTo(1);
        // forwarded and known to LAPOR!: neither parked nor marked missing, nothing changes
        assertThat(forwarder.redrive(ticket).outcome()).as("only parked (or missing) rows can be re-driven")
                .isEqualTo(OutboxForwarder.Redrive.Outcome.NOT_REDRIVABLE);
        assertThat(ledger.find(ticket).orElseThrow().lapor().complaintId()).isEqualTo(c.lapor().complaintId());
        assertThat(outbox.find(ticket).orElseThrow().state()).isEqualTo("DONE");
    }

    @Test
    void contentOverLaporsLimitIsParkedWithTheReason() {
        String ticket = submit("Jalan rusak. " + "Rincian kerusakan jalan. ".repeat(420));
        awaitStatus(ticket, ComplaintStatus.PARKED, Duration.ofSeconds(10));
        assertThat(outbox.find(ticket).orElseThrow().lastError()).contains("content (max 10000 characters)");
        assertThat(sim.reportsFor(ticket)).isZero();
        // the category model copes with the length (OpenNLP's evaluation overflowed to NaN: "0 %" guesses, review)
        Complaint c = ledger.find(ticket).orElseThrow();
        assertThat(c.category().code()).isEqualTo("JALAN_BERLUBANG");
        assertThat(c.category().confidence()).isGreaterThan(0.9);
        assertThat(c.flags()).noneMatch(f -> f.startsWith("CATEGORY_REVIEW"));
    }

    /**
     * LAPOR! records the report, then answers after the client's 1.5 s timeout: the outcome is unknown.
     * The create is sent once more, with the same key, and the complaint is marked uncertain (flag and
     * metric). Where LAPOR! honours the key that makes one report; where it does not (its public
     * contract has no key) there are two, and the mark is how an admin learns to look.
     */
    @ParameterizedTest(name = "Idempotency-Key ignored by LAPOR!: {0}")
    @ValueSource(booleans = {false, true})
    void timeoutAfterLaporCreatedTheReportIsSentAgainOnlyWithItsKeyAndMarkedUncertain(boolean keyIgnored) {
        double uncertainBefore = uncertainCount();
        SimulatorFaults base = SimulatorFaults.none().withIdempotencyKeyIgnored(keyIgnored);
        sim.setFaults(base.withCreateThenHang(2500));
        String ticket = submit("Sekolah memungut uang komite tanpa musyawarah");
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.createRequests(ticket) >= 1);
        sim.setFaults(base);
        Complaint c = awaitStatus(ticket, ComplaintStatus.FORWARDED, Duration.ofSeconds(15));
        assertThat(sim.createRequests(ticket)).as("the first create and exactly one re-send, both with the ticket as key")
                .isEqualTo(2);
        assertThat(sim.creates(ticket)).as("reports naming the ticket").isEqualTo(keyIgnored ? 2 : 1);
        assertThat(sim.reportsFor(ticket)).isEqualTo(keyIgnored ? 2 : 1);
        List<Long> ids = sim.received().stream().filter(r -> ticket.equals(r.idempotencyKey()))
                .map(LaporSimulator.Received::id).toList();
        assertThat(c.lapor().complaintId()).isEqualTo(ids.get(ids.size() - 1));
        assertThat(outbox.find(ticket).orElseThrow().createUncertain()).as("LAPOR_CREATE_UNCERTAIN").isTrue();
        assertThat(uncertainCount()).isEqualTo(uncertainBefore + 1);
    }

    /**
     * A 2xx without a complaint id is a failure, never a success. It is also an unknown outcome (LAPOR!
     * took the request): it used to be simply sent again (two create requests, trusting the key); now
     * the second create still carries the same key and the complaint is marked uncertain.
     */
    @ParameterizedTest(name = "Idempotency-Key ignored by LAPOR!: {0}")
    @ValueSource(booleans = {false, true})
    void successWithoutComplaintIdIsAFailureNotASuccess(boolean keyIgnored) {
        double uncertainBefore = uncertainCount();
        sim.setFaults(SimulatorFaults.none().withIdempotencyKeyIgnored(keyIgnored).withCreateWithoutId(1));
        String ticket = submit("Bantuan PKH tidak cair");
        Complaint c = awaitStatus(ticket, ComplaintStatus.FORWARDED, Duration.ofSeconds(10));
        assertThat(sim.createRequests(ticket)).isEqualTo(2);
        assertThat(c.lapor().complaintId()).isPositive();
        assertThat(sim.creates(ticket)).isEqualTo(1);
        assertThat(outbox.find(ticket).orElseThrow().createUncertain()).as("LAPOR_CREATE_UNCERTAIN").isTrue();
        assertThat(uncertainCount()).isEqualTo(uncertainBefore + 1);
    }

    /**
     * A node sends the create, LAPOR! makes the report, and the node dies before committing the id (its
     * lease runs out). The next claim finds create_sent_at on the row: the complaint is marked uncertain
     * before the create goes out again, with the same key.
     */
    @ParameterizedTest(name = "Idempotency-Key ignored by LAPOR!: {0}")
    @ValueSource(booleans = {false, true})
    void nodeDyingBetweenSendAndCommitMarksTheComplaintUncertainBeforeSendingAgain(boolean keyIgnored) throws Exception {
        double uncertainBefore = uncertainCount();
        sim.setFaults(SimulatorFaults.none().withIdempotencyKeyIgnored(keyIgnored));
        camel.getRouteController().stopRoute("lapor-forwarder");
        String ticket;
        try {
            ticket = submit("Drainase tersumbat di Jalan Pejanggik");
            List<OutboxRepository.Claimed> claimed = outbox.claim("dying-node", 1, Instant.now(), Duration.ofSeconds(1));
            assertThat(claimed).extracting(OutboxRepository.Claimed::ticket).containsExactly(ticket);
            assertThat(claimed.get(0).createSentAt()).isNull();
            outbox.createSending(claimed.get(0).id(), Instant.now());
            client.create(mapper.toCreateBody(ledger.find(ticket).orElseThrow(), List.of(), null), ticket);
            // ... and the node is gone: no done(), no LAPOR! id in the ledger
            assertThat(sim.creates(ticket)).isEqualTo(1);
            Thread.sleep(1100);
        } finally {
            camel.getRouteController().startRoute("lapor-forwarder");
        }
        Complaint c = awaitStatus(ticket, ComplaintStatus.FORWARDED, Duration.ofSeconds(15));
        assertThat(sim.createRequests(ticket)).isEqualTo(2);
        assertThat(sim.creates(ticket)).isEqualTo(keyIgnored ? 2 : 1);
        assertThat(outbox.find(ticket).orElseThrow().createUncertain()).as("LAPOR_CREATE_UNCERTAIN").isTrue();
        assertThat(uncertainCount()).isEqualTo(uncertainBefore + 1);
        assertThat(c.lapor().complaintId()).isPositive();
    }

    /** A create refused with 400 was answered: parked, never marked uncertain. */
    @Test
    void answeredRefusalIsNotUncertain() {
        sim.setFaults(SimulatorFaults.none().withIdempotencyKeyIgnored(true).withFailNext(400));
        String ticket = submit("Pungutan liar di terminal Mandalika");
        awaitStatus(ticket, ComplaintStatus.PARKED, Duration.ofSeconds(10));
        assertThat(sim.creates(ticket)).isZero();
        assertThat(outbox.find(ticket).orElseThrow().createUncertain()).isFalse();
        // what LAPOR! said, readable for the admin (RefusalReason), not the raw JSON
        assertThat(outbox.find(ticket).orElseThrow().lastError())
                .startsWith("HTTP 400 from POST ").endsWith(": The given data was invalid.").doesNotContain("body:", "{");
    }

    /** Resilience4j's breaker reports into the application's Micrometer registry under name="lapor". */
    @Test
    void breakerMetricsAreBoundToTheRegistry() {
        // quietStart: not OPEN
        assertThat(gauge("open")).isZero();
        assertThat(gauge("closed") + gauge("half_open")).isEqualTo(1.0);
        String ticket = submit("Sampah menumpuk di pasar Kebon Roek");
        awaitStatus(ticket, ComplaintStatus.FORWARDED, Duration.ofSeconds(10));
        assertThat(meters.find("resilience4j.circuitbreaker.calls").tag("name", LaporBreaker.NAME).tag("kind", "successful")
                .meters()).isNotEmpty();
    }

    private double gauge(String state) {
        var g = meters.find("resilience4j.circuitbreaker.state").tag("name", LaporBreaker.NAME).tag("state", state).gauge();
        assertThat(g).as("resilience4j_circuitbreaker_state{name=lapor,state=%s}", state).isNotNull();
        return g.value();
    }

    private double uncertainCount() {
        Counter counter = meters.find("gateway.lapor.create.uncertain").tag("channel", "sms").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void thirtySecondOutageCostsOnlyBacklogAndEverythingIsDeliveredOnceAfter() {
        sim.setFaults(SimulatorFaults.none().withOutage(30));
        long callsBefore = sim.apiCalls();
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < 10; i++) tickets.add(submit("Pemadaman listrik bergilir hari ke-" + i + " di Lombok Timur"));
        await().atMost(Duration.ofSeconds(10)).until(() -> breaker.state() != CircuitBreaker.State.CLOSED);
        assertThat(outbox.stats().backlog()).isEqualTo(10);
        assertThat(tickets).allSatisfy(t -> assertThat(ledger.find(t).orElseThrow().status()).isEqualTo(ComplaintStatus.RECEIVED));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> tickets.stream().allMatch(t -> ledger.find(t).orElseThrow().status() == ComplaintStatus.FORWARDED));
        assertThat(tickets).allSatisfy(t -> assertThat(sim.reportsFor(t)).isEqualTo(1));
        // the breaker kept the outage cheap: about one trial call per open period, not one per row per backoff
        long calls = sim.apiCalls() - callsBefore;
        assertThat(calls).isLessThan(80);
        assertThat(outbox.stats().backlog()).isZero();
    }
}
