package id.lapor.gateway.channel.chat;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.AttachmentStore;
import id.lapor.gateway.support.FreshStore;
import id.lapor.gateway.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat health rules ({@link ChatHealthIndicator#judge}) and the component over a fresh store (H2, or PostgreSQL with -Ppostgres). */
class ChatHealthIndicatorTest {

    @TempDir
    Path blobs;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));
    private final ChatChannelSettings telegram = new ChatChannelSettings(Channel.TELEGRAM, true, Duration.ofSeconds(90),
            Duration.ofMinutes(5), 3, Duration.ofSeconds(10), 1_000_000, "bantuan");
    private final ChatChannelSettings whatsapp = new ChatChannelSettings(Channel.WHATSAPP, true, Duration.ofSeconds(90),
            Duration.ofMinutes(5), 3, Duration.ofSeconds(10), 1_000_000, "bantuan");
    private final ChatConversations.OpenStats none = new ChatConversations.OpenStats(0, null, null);

    private ChatHealthIndicator.Verdict judge(ChatIntakeActivity a, ChatConversations.OpenStats open) {
        return ChatHealthIndicator.judge(telegram, a.snapshot(), open, clock.instant(), 5, Duration.ofMinutes(2));
    }

    @Test
    void pollFailuresInARowMakeTheChannelDownFromTheFifthAndASuccessMakesItUpAgain() {
        ChatIntakeActivity a = new ChatIntakeActivity(Channel.TELEGRAM, "polling");
        assertThat(judge(a, none).status()).isEqualTo(Status.UP);
        for (int i = 0; i < 4; i++) a.failed(clock.instant(), "getUpdates failed: HTTP 502", false);
        assertThat(judge(a, none).status()).isEqualTo(Status.UP);
        a.failed(clock.instant(), "getUpdates failed: HTTP 502", false);
        assertThat(judge(a, none)).satisfies(v -> {
            assertThat(v.status()).isEqualTo(Status.DOWN);
            assertThat(v.problems()).containsExactly("5 polling failures in a row (last: getUpdates failed: HTTP 502)");
        });
        a.succeeded(clock.instant());
        assertThat(judge(a, none).status()).isEqualTo(Status.UP);
    }

    @Test
    void aRefusedTokenOrAWebhookSetWhilePollingIsOutOfService() {
        ChatIntakeActivity a = new ChatIntakeActivity(Channel.TELEGRAM, "polling");
        a.failed(clock.instant(), "getUpdates refused (409): a webhook is set for this bot", true);
        assertThat(judge(a, none)).satisfies(v -> {
            assertThat(v.status()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(v.problems()).singleElement().asString().contains("409");
        });
        // conversations not closing are worse than a refused poll: DOWN
        ChatConversations.OpenStats stuck = new ChatConversations.OpenStats(1, clock.instant().minus(Duration.ofMinutes(9)),
                clock.instant().minus(Duration.ofMinutes(9)));
        assertThat(judge(a, stuck).status()).isEqualTo(Status.DOWN);
    }

    @Test
    void aConversationWaitingPastQuietPeriodMediaWaitAndGraceIsDown() {
        ChatIntakeActivity a = new ChatIntakeActivity(Channel.TELEGRAM, "polling");
        // allowed: 90 s quiet + 5 min media wait + 2 min grace = 510 s
        Instant opened = clock.instant().minus(Duration.ofMinutes(30));   // a long conversation is fine while it keeps going
        assertThat(judge(a, new ChatConversations.OpenStats(3, opened, clock.instant().minusSeconds(510))).status()).isEqualTo(Status.UP);
        assertThat(judge(a, new ChatConversations.OpenStats(3, opened, clock.instant().minusSeconds(511)))).satisfies(v -> {
            assertThat(v.status()).isEqualTo(Status.DOWN);
            assertThat(v.problems()).containsExactly(
                    "conversations are not closing: one has waited 511 s since its last message (> 510 s)");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComponentListsEachEnabledChannelWithItsOpenConversationsFromTheStoreAndTakesTheWorstStatus() {
        FreshStore fs = FreshStore.create().migrate(null);
        ChatConversations store = new ChatConversations(new NamedParameterJdbcTemplate(fs.dataSource()),
                new TransactionTemplate(new DataSourceTransactionManager(fs.dataSource())), new id.lapor.gateway.intake.FileAttachmentStore(blobs), clock);
        ChatIntakeActivity tg = new ChatIntakeActivity(Channel.TELEGRAM, "polling");
        ChatIntakeActivity wa = new ChatIntakeActivity(Channel.WHATSAPP, "webhook");
        ChatChannelSettings email = new ChatChannelSettings(Channel.EMAIL, false, Duration.ofSeconds(90), Duration.ofMinutes(5), 3,
                Duration.ofSeconds(10), 1, null);
        ChatHealthIndicator health = new ChatHealthIndicator(store, List.of(telegram, whatsapp, email), List.of(tg, wa), clock, 5,
                Duration.ofMinutes(2));

        store.append(part("41", "1", "Selamat pagi"));
        clock.advance(Duration.ofMinutes(1));
        store.append(part("42", "2", "Jalan rusak"));
        store.append(part("41", "3", "Lampu mati"));
        tg.succeeded(clock.instant());
        clock.advance(Duration.ofSeconds(30));

        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsOnlyKeys("telegram", "whatsapp");
        Map<String, Object> t = (Map<String, Object>) h.getDetails().get("telegram");
        assertThat(t).containsEntry("status", "UP").containsEntry("mode", "polling").containsEntry("last_success", "2026-11-30T08:01:00Z")
                .containsEntry("failures_in_a_row", 0).containsEntry("open_conversations", 2L).containsEntry("oldest_open_age_seconds", 90L);
        assertThat((Map<String, Object>) h.getDetails().get("whatsapp")).containsEntry("last_success", "none on this node since start")
                .containsEntry("open_conversations", 0L);

        // nobody closes them (the close route is stopped): past 90 s + 5 min + 2 min since the last message, DOWN
        clock.advance(Duration.ofMinutes(9));
        h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat((Map<String, Object>) h.getDetails().get("telegram")).containsEntry("status", "DOWN").containsKey("problems");
        assertThat((Map<String, Object>) h.getDetails().get("whatsapp")).containsEntry("status", "UP");
    }

    private static ChatPart part(String chat, String updateId, String text) {
        return new ChatPart(Channel.TELEGRAM, "telegram-bot", "telegram:" + chat, updateId, updateId, Instant.parse("2026-11-30T07:59:00Z"),
                new ChatReporter("telegram:" + chat, "Siti", null), text, List.of(), null,
                ("{\"update_id\":" + updateId + "}").getBytes(StandardCharsets.UTF_8));
    }
}
