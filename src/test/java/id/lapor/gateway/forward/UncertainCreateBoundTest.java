package id.lapor.gateway.forward;

import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.SimulatorFaults;
import id.lapor.gateway.support.Drafts;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upstream that creates the report and then never answers in time, every time (a hung API gateway, a
 * drip): the create is sent again with its key after the complaint is marked uncertain, but not forever.
 * With max-attempts 3 (application-test.yaml) it is sent three times, then parked with a reason the admin
 * reads in Indonesian: check LAPOR! before re-driving.
 */
@GatewayIntegrationTest
class UncertainCreateBoundTest {

    @Autowired ComplaintIntake intake;
    @Autowired Ledger ledger;
    @Autowired OutboxRepository outbox;
    @Autowired MessageSource messages;

    @Test
    void aCreateWhoseOutcomeStaysUnknownIsParkedAfterMaxAttemptsNotSentForever() throws Exception {
        var sim = TestSimulator.get();
        SimulatorFaults hang = SimulatorFaults.none().withIdempotencyKeyIgnored(true).withCreateThenHang(2500);
        sim.setFaults(hang);
        try {
            String ticket = intake.accept(Drafts.sms(Drafts.uniquePhone(), "u-" + System.nanoTime(),
                    "Pungutan liar di kantor kelurahan"), null, null).ticket();
            // before the fix: never parked, a new create (a new report where the key is ignored) every backoff
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ledger.find(ticket).orElseThrow().status() == ComplaintStatus.PARKED);
            Thread.sleep(3000); // any further send would show here (backoff max 2 s)
            assertThat(sim.createRequests(ticket)).isEqualTo(3);
            var row = outbox.find(ticket).orElseThrow();
            assertThat(row.createUncertain()).isTrue();
            assertThat(row.state()).isEqualTo("PARKED");
            String note = ledger.history(ticket).get(ledger.history(ticket).size() - 1).note();
            assertThat(note).startsWith("parked: create outcome unknown after 3 attempts");
            var shown = new id.lapor.gateway.console.HistoryNotes(messages);
            LocaleContextHolder.setLocale(Locale.forLanguageTag("id"));
            try {
                assertThat(shown.text(note)).startsWith("Diparkir: hasil pengiriman ke LAPOR! tidak pasti setelah 3 kali percobaan")
                        .contains("Periksa di LAPOR! sebelum mengirim ulang").contains("timeout");
            } finally {
                LocaleContextHolder.resetLocaleContext();
            }
        } finally {
            sim.setFaults(SimulatorFaults.none());
        }
    }
}
