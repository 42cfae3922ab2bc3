package id.lapor.gateway.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintDraft;
import id.lapor.gateway.forward.OutboxForwarder;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In the shared integration context: a complaint on every channel through the shared intake, forwarded to the
 * LAPOR! simulator; then /actuator/prometheus has every metric the Grafana dashboard and the alert rules use
 * (the two that exist only while their channel is switched on, SMPP bind and IMAP mailbox, are checked in
 * {@code reply.StatusUpdatesEndToEndTest}, whose context runs both), and the forwarder's log line about a
 * complaint carries that complaint's trace id, in the log context and in the written line.
 */
@GatewayIntegrationTest
class OpsMetricsTest {

    /** Gauges registered only while their channel is on (see the class comment). */
    static final Set<String> CHANNEL_SWITCHED = Set.of("gateway_sms_bound", "gateway_email_connected");
    static final Pattern METRIC = Pattern.compile("\\b((?:gateway|resilience4j|jvm|process)_[a-z0-9_]+)");

    @Autowired TestRestTemplate http;
    @Autowired ComplaintIntake intake;
    @Autowired OutboxRepository outbox;
    @Autowired Ledger ledger;

    @Test
    void everyMetricOfTheDashboardAndTheAlertsIsScrapedAfterTrafficOnEveryChannel() throws Exception {
        TestSimulator.get().setFaults(SimulatorFaults.none());
        ListAppender<ILoggingEvent> forwarderLog = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(OutboxForwarder.class);
        forwarderLog.start();
        logger.addAppender(forwarderLog);
        List<String> tickets = new ArrayList<>();
        try {
            for (Channel c : Channel.values()) {
                IntakeReceipt r = intake.accept(draft(c), ("raw " + c).getBytes(), "text/plain");
                assertThat(r.outcome()).as(c.key()).isEqualTo(IntakeReceipt.Outcome.STORED);
                tickets.add(r.ticket());
                intake.ignored(c, "delivery receipt");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> tickets.stream()
                    .allMatch(t -> ledger.find(t).map(x -> x.lapor().complaintId() != null).orElse(false)));
            await().atMost(Duration.ofSeconds(10)).until(() -> tickets.stream().allMatch(t -> forwardedLine(forwarderLog, t) != null));
        } finally {
            logger.detachAppender(forwarderLog);
        }

        // one trace id per complaint, in the log context of the forwarder's line about it, and in the written line
        for (String t : tickets) {
            ILoggingEvent e = forwardedLine(forwarderLog, t);
            assertThat(e.getMDCPropertyMap()).containsEntry(ComplaintTraces.TRACE_ID, ComplaintTraces.traceId(t))
                    .containsEntry(ComplaintTraces.TICKET, t);
        }
        String suiteLog = Files.readString(Path.of("target/suite.log"));
        assertThat(suiteLog).containsPattern("\\[" + ComplaintTraces.traceId(tickets.get(0)) + "\\] \\S*OutboxForwarder - ticket "
                + tickets.get(0) + " forwarded to LAPOR!");

        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth("ops", "ops-test");
        ResponseEntity<String> scrape = http.exchange("/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(h), String.class);
        assertThat(scrape.getStatusCode().is2xxSuccessful()).isTrue();
        Set<String> scraped = new TreeSet<>();
        for (String line : scrape.getBody().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            scraped.add(line.split("[{ ]", 2)[0]);
        }

        Set<String> used = new TreeSet<>();
        used.addAll(names(Files.readString(Path.of("ops/prometheus/alerts.yml"))));
        for (JsonNode panel : new ObjectMapper().readTree(Path.of("ops/grafana/dashboards/gateway.json").toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) used.addAll(names(target.path("expr").asText()));
        }
        assertThat(used).hasSizeGreaterThan(20).contains("gateway_channel_quiet", "gateway_sla_overdue",
                "gateway_complaints_ignored_total", "gateway_replies_total", "gateway_ocr_page_seconds_count");
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(scraped);
        missing.removeAll(CHANNEL_SWITCHED);
        assertThat(missing).as("metrics used by ops/ but not scraped").isEmpty();

        // a few values that tell the story: every channel received, and its receipt is counted by reason
        for (Channel c : Channel.values()) {
            assertThat(scrape.getBody()).containsPattern("gateway_complaints_ignored_total\\{[^}]*channel=\"" + c.key()
                    + "\"[^}]*reason=\"receipt\"[^}]*} [1-9]");
            assertThat(scrape.getBody()).containsPattern("gateway_channel_last_input_seconds\\{[^}]*channel=\"" + c.key() + "\"");
        }
        assertThat(scrape.getBody()).doesNotContain("+62812");
    }

    private static ILoggingEvent forwardedLine(ListAppender<ILoggingEvent> log, String ticket) {
        return log.list.stream().filter(e -> e.getFormattedMessage().startsWith("ticket " + ticket + " forwarded to LAPOR!"))
                .findFirst().orElse(null);
    }

    private static Set<String> names(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static ComplaintDraft draft(Channel c) {
        String id = UUID.randomUUID().toString();
        String sender = c == Channel.SMS ? "tel:+62812" + (10_000_000 + (int) (Math.random() * 89_999_999)) : c.key() + ":" + id;
        return ComplaintDraft.of(c, sender).instance("ops-test").externalId(id)
                .reporter(Complaint.Reporter.unknown(sender))
                .content("Lampu jalan di Jalan Pejanggik mati sejak seminggu, mohon diperbaiki (" + c.key() + " " + id + ")")
                .language("id").attachments(List.of()).flags(List.of()).build();
    }
}
