package id.lapor.gateway.channel.telegram;

import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.simulator.TelegramSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway stops between two messages of one conversation, and Telegram delivers the last update
 * before the stop again after it (as it does when the offset was not confirmed). Each start is a whole
 * application on the same store: the offset is read back from the store, nothing is lost and nothing is
 * stored twice, and the conversation still becomes one complaint.
 */
class TelegramRestartTest {

    static int parts(NamedParameterJdbcTemplate jdbc, long user) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM chat_part WHERE reporter_id = :r",
                new MapSqlParameterSource("r", "telegram:" + user), Integer.class);
    }

    @Test
    void aRestartBetweenTwoMessagesOfAConversationLosesNothingAndDuplicatesNothing() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        long user = 990001;
        String first = "Pohon besar tumbang menutup jalan di Desa Batu Layar, mobil tidak bisa lewat.";
        String second = "Sudah sejak tadi malam, belum ada petugas datang 🌳";
        try (TelegramSimulator telegram = new TelegramSimulator(0, TelegramGateway.TOKEN)) {
            // a quiet period longer than a restart takes, so both messages belong to one conversation
            List<String> args = TelegramGateway.args(id, telegram.baseUrl(), "--channels.telegram.conversation.quiet-period=30s");
            long stoppedAt;
            long firstUpdate;
            try (ConfigurableApplicationContext one = TelegramGateway.start(args)) {
                NamedParameterJdbcTemplate jdbc = one.getBean(NamedParameterJdbcTemplate.class);
                telegram.text(user, "Lalu Ahmad", first);
                firstUpdate = telegram.lastUpdateId();
                ChatConversations store = one.getBean(ChatConversations.class);
                // stored and the next offset committed in the store (the part before the offset)
                await().atMost(Duration.ofSeconds(20)).until(() -> parts(jdbc, user) == 1
                        && store.cursor(Channel.TELEGRAM, "telegram-bot").orElse(0) == firstUpdate + 1);
                stoppedAt = store.cursor(Channel.TELEGRAM, "telegram-bot").getAsLong();
            }
            int callsBefore = telegram.offsets().size();
            // while the gateway is down: the citizen writes on, and Telegram still holds the first update as unconfirmed
            telegram.text(user, "Lalu Ahmad", second);
            telegram.rawText(firstUpdate, telegram.updateJson(firstUpdate));
            try (ConfigurableApplicationContext two = TelegramGateway.start(args)) {
                NamedParameterJdbcTemplate jdbc = two.getBean(NamedParameterJdbcTemplate.class);
                await().atMost(Duration.ofSeconds(20)).until(() -> telegram.offsets().size() > callsBefore);
                // the first getUpdates after the restart carries the offset the store kept, not none
                assertThat(telegram.offsets().get(callsBefore)).isEqualTo(stoppedAt);
                await().atMost(Duration.ofSeconds(70)).until(() -> !jdbc.queryForList(
                        "SELECT ticket FROM complaint WHERE sender_key = :s", new MapSqlParameterSource("s", "telegram:" + user), String.class).isEmpty());
                List<String> tickets = jdbc.queryForList("SELECT ticket FROM complaint WHERE sender_key = :s",
                        new MapSqlParameterSource("s", "telegram:" + user), String.class);
                assertThat(tickets).hasSize(1);
                Complaint c = two.getBean(Ledger.class).find(tickets.get(0)).orElseThrow();
                assertThat(c.content()).isEqualTo(first + "\n\n" + second);
                assertThat(parts(jdbc, user)).isEqualTo(2);
                assertThat(two.getBean(ChatConversations.class).cursor(Channel.TELEGRAM, "telegram-bot")).hasValue(telegram.lastUpdateId() + 1);
            }
        }
    }
}
