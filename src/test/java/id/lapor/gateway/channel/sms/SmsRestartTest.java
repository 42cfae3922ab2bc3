package id.lapor.gateway.channel.sms;

import id.lapor.gateway.support.FreePorts;
import id.lapor.gateway.GatewayApplication;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.SmscSimulator;
import id.lapor.gateway.support.TestEnvironment;
import id.lapor.gateway.support.TestSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway process itself stops and starts: between parts of a message, and with the SMSC down.
 * Each start is a whole Spring application on the same store.
 */
class SmsRestartTest {

    private static List<String> args(String id, int smscPort) {
        List<String> a = new ArrayList<>(List.of(
                "--spring.profiles.active=test", "--server.port=0",
                "--gateway.data-dir=" + Path.of("target", "test-data", "sms-restart-" + id).toAbsolutePath(),
                "--lapor.base-url=" + TestSimulator.get().baseUrl(),
                "--channels.sms.enabled=true", "--channels.sms.port=" + smscPort, "--channels.sms.password=pw-rst",
                "--channels.sms.reconnect-initial-delay=100ms", "--channels.sms.reconnect-max-delay=300ms"));
        if (TestEnvironment.postgres()) {
            a.add("--spring.datasource.url=" + TestEnvironment.PG_URL + "?currentSchema=" + TestEnvironment.freshSchema("sr" + id));
            a.add("--spring.datasource.username=" + TestEnvironment.PG_USER);
        }
        return a;
    }

    private static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void restartBetweenPartOneAndTwoOfThreeLosesNothing() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String text = "Tiang listrik miring di depan Masjid Al-Ikhlas, kabel menjuntai rendah sekali. Anak-anak lewat situ setiap pagi ke sekolah. Mohon PLN segera datang.";
        try (SmscSimulator smsc = new SmscSimulator(0, "lapor-gw", "pw-rst")) {
            List<String> args = args(id, smsc.port());
            try (ConfigurableApplicationContext first = start(args)) {
                assertThat(smsc.awaitBound(Duration.ofSeconds(20))).isTrue();
                assertThat(smsc.sendMultipart("081299990001", "1708", text, SmscSimulator.Concat.UDH8, 55, new int[] {1})).containsOnly(0);
            }
            // the gateway is gone; the SMSC keeps parts 2 and 3 until a gateway binds again
            assertThat(smsc.boundReceivers()).isZero();
            try (ConfigurableApplicationContext second = start(args)) {
                assertThat(smsc.awaitBound(Duration.ofSeconds(20))).isTrue();
                // same reference: the simulator numbers references per message, so resend parts 2 and 3 of that one
                int ref = 1;
                byte[] p2 = Gsm7.encodeUnpacked(text.substring(55, 110));
                byte[] p3 = Gsm7.encodeUnpacked(text.substring(110));
                assertThat(smsc.sendPart("081299990001", "1708", 0, p2, SmscSimulator.Concat.UDH8, ref, 3, 2)).isZero();
                assertThat(smsc.sendPart("081299990001", "1708", 0, p3, SmscSimulator.Concat.UDH8, ref, 3, 3)).isZero();
                NamedParameterJdbcTemplate jdbc = second.getBean(NamedParameterJdbcTemplate.class);
                List<String> tickets = jdbc.queryForList("SELECT ticket FROM complaint WHERE sender_key = 'tel:+6281299990001'",
                        new MapSqlParameterSource(), String.class);
                assertThat(tickets).hasSize(1);
                Complaint c = second.getBean(Ledger.class).find(tickets.get(0)).orElseThrow();
                assertThat(c.content()).isEqualTo(text);
                assertThat(c.flags()).noneMatch(f -> f.startsWith("SMS_INCOMPLETE"));
            }
        }
    }

    @Test
    void smscDownAtStartUpDoesNotStopTheGatewayAndHealthFollowsTheBind() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        int port = FreePorts.pick();
        List<String> a = args(id, port);
        // two binds this time: a receiver and a transmitter
        a.add("--channels.sms.bind-mode=RECEIVER_TRANSMITTER");
        a.add("--channels.sms.replies.poll-interval=200");
        try (ConfigurableApplicationContext gw = start(a)) {
            HealthEndpoint health = gw.getBean(HealthEndpoint.class);
            HealthComponent sms = health.healthForPath("sms");
            assertThat(sms.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            try (SmscSimulator smsc = new SmscSimulator(port, "lapor-gw", "pw-rst")) {
                assertThat(smsc.awaitBound(Duration.ofSeconds(20))).isTrue();
                await().atMost(Duration.ofSeconds(20)).until(() -> health.healthForPath("sms").getStatus().equals(Status.UP));
                assertThat(smsc.sendText("081299990002", "1708", "Aduan setelah SMSC hidup lagi")).isZero();
                // the SMSC unbinds for maintenance: DOWN, then bound again by itself
                smsc.unbindAll();
                await().atMost(Duration.ofSeconds(20)).until(() -> health.healthForPath("sms").getStatus().equals(Status.DOWN)
                        || smsc.boundReceivers() > 0);
                assertThat(smsc.awaitBound(Duration.ofSeconds(20))).isTrue();
                await().atMost(Duration.ofSeconds(20)).until(() -> health.healthForPath("sms").getStatus().equals(Status.UP));
                assertThat(smsc.sendText("081299990002", "1708", "Aduan kedua setelah unbind")).isZero();
                // the acknowledgement went out on the transmitter bind
                await().atMost(Duration.ofSeconds(10)).until(() -> smsc.submitted().stream()
                        .anyMatch(r -> r.destination().equals("6281299990002") && r.text().contains("tiket")));
            }
        }
    }

    @Test
    void enabledWithoutPasswordFailsStartUpNamingTheVariable() {
        List<String> a = new ArrayList<>(args(UUID.randomUUID().toString().substring(0, 8), 2775));
        a.removeIf(s -> s.startsWith("--channels.sms.password"));
        a.add("--channels.sms.password=");
        assertThatThrownBy(() -> start(a).close()).satisfies(t -> {
            StringBuilder all = new StringBuilder();
            for (Throwable x = t; x != null; x = x.getCause()) all.append(x.getMessage()).append('\n');
            assertThat(all.toString()).contains("SMS_SMPP_PASSWORD");
        });
    }
}
