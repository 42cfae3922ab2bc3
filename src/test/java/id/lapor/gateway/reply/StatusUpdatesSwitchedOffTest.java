package id.lapor.gateway.reply;

import id.lapor.gateway.forward.StatusSync;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.SmscSimulator;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code channels.sms.status-updates.enabled: false}: the SMS channel still acknowledges and answers, but a LAPOR!
 * status change is recorded as skipped_disabled and no SMS goes out for it.
 */
@CamelSpringBootTest
// its simulators stop after the class: close the context too, or it polls them for the rest of the suite
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestEnvironment.class)
class StatusUpdatesSwitchedOffTest {

    static final SmscSimulator SMSC = smsc();

    static SmscSimulator smsc() {
        try {
            return new SmscSimulator(0, "lapor-gw", "sms-pw3");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void sms(DynamicPropertyRegistry r) {
        // only the test runs status sync (the timer\'s first round would see a report the simulator moved before the
        // test pinned it); the route stays up so this node leads lapor-status-sync and SingletonGuard lets the test\'s
        // rounds ask LAPOR!
        r.add("lapor.status-sync.first-delay", () -> "86400000");
        r.add("channels.sms.enabled", () -> "true");
        r.add("channels.sms.port", SMSC::port);
        r.add("channels.sms.password", () -> "sms-pw3");
        r.add("channels.sms.reconnect-initial-delay", () -> "100ms");
        r.add("channels.sms.replies.poll-interval", () -> "200");
        r.add("channels.sms.status-updates.enabled", () -> "false");
    }

    @AfterAll
    static void stop() {
        SMSC.close();
    }

    @Autowired Ledger ledger;
    @Autowired StatusSync sync;
    @Autowired NamedParameterJdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired org.apache.camel.CamelContext camel;


    List<String> smsTo(String msisdn) {
        return SMSC.submitted().stream().filter(s -> s.destination().equals(msisdn)).map(SmscSimulator.Submitted::text).toList();
    }

    @Test
    void aSwitchedOffChannelSendsNoStatusUpdate() throws Exception {
        assertThat(SMSC.awaitBound(Duration.ofSeconds(20))).isTrue();
        assertThat(SMSC.sendText("081244440001", "1708", "Lampu lalu lintas perempatan Cakra mati")).isZero();
        String ticket = jdbc.queryForObject("SELECT ticket FROM complaint WHERE sender_key = 'tel:+6281244440001'", new MapSqlParameterSource(), String.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo("6281244440001").size() == 1); // the acknowledgement still goes
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.find(ticket).orElseThrow().lapor().complaintId() != null);
        long laporId = ledger.find(ticket).orElseThrow().lapor().complaintId();
        for (String status : List.of("Terverifikasi", "Dalam Proses", "Selesai")) {
            TestSimulator.get().moveTo(laporId, status, "Catatan " + status);
            sync.syncDue();
        }
        Thread.sleep(1500); // seven polls of the reply loop
        assertThat(smsTo("6281244440001")).hasSize(1);
        assertThat(ledger.find(ticket).orElseThrow().lapor().statusName()).isEqualTo("Selesai");
        assertThat(jdbc.queryForList("SELECT status || ':' || outcome FROM status_update WHERE ticket = :t ORDER BY decided_at",
                new MapSqlParameterSource("t", ticket), String.class))
                .containsExactly("VERIFIED:SKIPPED_DISABLED", "IN_PROGRESS:SKIPPED_DISABLED", "COMPLETED:SKIPPED_DISABLED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM citizen_reply WHERE ticket = :t AND kind = 'STATUS_UPDATE'",
                new MapSqlParameterSource("t", ticket), Integer.class)).isZero();
        assertThat(meters.get("gateway.status.updates").tag("channel", "sms").tag("outcome", "skipped_disabled").counter().count()).isEqualTo(3.0);
        // BERHENTI is still understood (and confirmed) while updates are off
        assertThat(SMSC.sendText("081244440001", "1708", "STOP")).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo("6281244440001").size() == 2);
        assertThat(smsTo("6281244440001").get(1)).contains("MULAI");
    }
}
