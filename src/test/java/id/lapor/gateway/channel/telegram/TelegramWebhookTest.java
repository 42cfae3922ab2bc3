package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.TextFingerprint;
import id.lapor.gateway.simulator.TelegramSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook mode over real HTTP: setWebhook is registered at start-up; the simulator POSTs updates with the
 * secret header; a missing or wrong secret gets 401 and stores nothing; malformed JSON with the right
 * secret is quarantined with its raw body and answered 200; a body over max-body-bytes is 413 (401 without the secret)
 * and stores nothing; the same update twice is stored once.
 */
class TelegramWebhookTest {

    static final String SECRET = "s3cret-Token_for-tests";

    @Test
    void webhookAnswers401WithoutTheSecretAnd200AfterCommit() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        long user = 770001;
        try (TelegramSimulator telegram = new TelegramSimulator(0, TelegramGateway.TOKEN);
             ConfigurableApplicationContext gw = TelegramGateway.start(TelegramGateway.args(id, telegram.baseUrl(),
                     "--channels.telegram.mode=WEBHOOK", "--channels.telegram.webhook-secret=" + SECRET,
                     "--channels.telegram.webhook-url=https://gateway.example.go.id/webhooks/telegram"))) {
            NamedParameterJdbcTemplate jdbc = gw.getBean(NamedParameterJdbcTemplate.class);
            // registered at start-up with the secret_token
            await().atMost(Duration.ofSeconds(10)).until(() -> "https://gateway.example.go.id/webhooks/telegram".equals(telegram.webhookUrl()));
            int port = ((WebServerApplicationContext) gw).getWebServer().getPort();
            String url = "http://127.0.0.1:" + port + "/webhooks/telegram";
            telegram.setWebhook(url, SECRET);

            String forged = "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1764489600,\"chat\":{\"id\":770001,\"type\":\"private\"},"
                    + "\"from\":{\"id\":770001,\"is_bot\":false,\"first_name\":\"Eko\"},\"text\":\"Jalan rusak @ Jl. Sriwijaya 😡 ñ\"}}";
            assertThat(telegram.postToWebhook(url, forged, "wrong-secret")).isEqualTo(401);
            assertThat(telegram.postToWebhook(url, forged, null)).isEqualTo(401);
            assertThat(telegram.postToWebhook(url, forged, SECRET.toUpperCase())).isEqualTo(401);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_part", new MapSqlParameterSource(), Integer.class)).isZero();
            assertThat(gw.getBean(MeterRegistry.class).get("gateway.webhook.rejected").tag("channel", "telegram").counter().count())
                    .isEqualTo(3.0);

            // a body over max-body-bytes (1 MB): 401 without the secret (never read), 413 with it, nothing stored either way;
            // bound as @RequestBody byte[], Spring read every body whole before the secret was checked, and took this one
            String huge = forged.replace("\"text\":\"", "\"text\":\"" + "x".repeat(1024 * 1024));
            assertThat(telegram.postToWebhook(url, huge, null)).isEqualTo(401);
            assertThat(telegram.postToWebhook(url, huge, SECRET)).isEqualTo(413);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_part", new MapSqlParameterSource(), Integer.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine", new MapSqlParameterSource(), Integer.class)).isZero();

            String malformed = "{\"update_id\":2,\"message\":{\"text\":\"tidak lengkap";
            assertThat(telegram.postToWebhook(url, malformed, SECRET)).isEqualTo(200);
            List<byte[]> quarantined = jdbc.query("SELECT raw_sha256 FROM quarantine WHERE channel = 'TELEGRAM' AND reason_class = 'PARSE'",
                    new MapSqlParameterSource(), (rs, i) -> rs.getString(1).getBytes(StandardCharsets.UTF_8));
            assertThat(quarantined).hasSize(1);
            assertThat(new String(quarantined.get(0), StandardCharsets.UTF_8))
                    .isEqualTo(TextFingerprint.sha256Hex(malformed.getBytes(StandardCharsets.UTF_8)));

            // the right secret: stored before the 200; the same update again is stored once
            telegram.text(user, "Eko", "Jalan rusak @ Jl. Sriwijaya 😡 — lubangnya dalam, ñ ü 道路");
            long update = telegram.lastUpdateId();
            telegram.rawText(update, telegram.updateJson(update));
            assertThat(telegram.webhookAnswers()).containsExactly(200, 200);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chat_part WHERE external_id = :u",
                    new MapSqlParameterSource("u", Long.toString(update)), Integer.class)).isEqualTo(1);

            await().atMost(Duration.ofSeconds(20)).until(() -> !jdbc.queryForList("SELECT ticket FROM complaint WHERE sender_key = :s",
                    new MapSqlParameterSource("s", "telegram:" + user), String.class).isEmpty());
            String ticket = jdbc.queryForObject("SELECT ticket FROM complaint WHERE sender_key = :s",
                    new MapSqlParameterSource("s", "telegram:" + user), String.class);
            Complaint c = gw.getBean(Ledger.class).find(ticket).orElseThrow();
            assertThat(c.content()).isEqualTo("Jalan rusak @ Jl. Sriwijaya 😡 — lubangnya dalam, ñ ü 道路");
            // the acknowledgement goes back through sendMessage
            await().atMost(Duration.ofSeconds(20)).until(() -> telegram.sent().stream().anyMatch(s -> s.text().contains(ticket)));
        }
    }
}
