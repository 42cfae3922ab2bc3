package id.lapor.gateway.channel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.lapor.gateway.channel.chat.ChatConversations;
import id.lapor.gateway.channel.chat.ChatIntakeActivity;
import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.FileAttachmentStore;
import id.lapor.gateway.simulator.TelegramSimulator;
import id.lapor.gateway.support.ChannelConfig;
import id.lapor.gateway.support.FreshStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The poller against the Bot API simulator (real HTTP) and a fresh store, with a reception that can never store one
 * update: the batch stops at it (an outage looks the same) until it failed {@link TelegramPoller#QUARANTINE_AFTER}
 * polls in a row; then it is quarantined and the offset moves past it, so the updates after it are read. A quarantine
 * that fails too (the store is down) keeps it where it is. Before, such an update stopped the channel for good.
 */
class TelegramPollerTest {

    @TempDir
    Path blobs;

    /** Stores every update but the one saying "racun"; records what it was asked to quarantine. */
    static final class Reception extends TelegramReception {
        final List<String> received = new ArrayList<>();
        final List<String> quarantined = new ArrayList<>();
        boolean storeDownForQuarantine = true;

        Reception() {
            super(null, null, null, null, null, "telegram-bot", Clock.systemUTC());
        }

        @Override
        public Outcome receive(byte[] raw) {
            String json = new String(raw, StandardCharsets.UTF_8);
            if (json.contains("racun")) throw new DataIntegrityViolationException("this update can never be stored");
            received.add(json.replaceAll("(?s).*\"text\":\"([^\"]*)\".*", "$1"));
            return Outcome.STORED;
        }

        @Override
        public void quarantineUnhandled(byte[] raw, String updateId, int failures, RuntimeException cause) {
            if (storeDownForQuarantine) {
                storeDownForQuarantine = false;
                throw new DataAccessResourceFailureException("store down");
            }
            quarantined.add(updateId + " after " + failures + " (" + cause.getClass().getSimpleName() + ")");
        }
    }

    @Test
    void anUpdateThatFailsEveryPollIsQuarantinedAfterAFewAndTheOnesAfterItAreRead() throws Exception {
        TelegramProperties props = ChannelConfig.load("telegram", TelegramProperties.class);
        FreshStore fresh = FreshStore.create().migrate(null);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(fresh.dataSource()));
        ChatConversations store = new ChatConversations(new NamedParameterJdbcTemplate(fresh.dataSource()), tx,
                new FileAttachmentStore(blobs), Clock.systemUTC());
        Reception reception = new Reception();
        try (TelegramSimulator telegram = new TelegramSimulator(0, TelegramGateway.TOKEN)) {
            TelegramPoller poller = new TelegramPoller(new TelegramBotApi(telegram.baseUrl(), TelegramGateway.TOKEN, Duration.ofSeconds(5),
                    Duration.ofSeconds(30), new ObjectMapper()), reception, store, props, Clock.systemUTC(), tx,
                    new ChatIntakeActivity(Channel.TELEGRAM, "polling"));
            telegram.text(880001, "Ani", "pertama");
            long first = telegram.lastUpdateId();
            telegram.text(880001, "Ani", "racun");
            long poison = telegram.lastUpdateId();
            telegram.text(880001, "Ani", "ketiga");
            long third = telegram.lastUpdateId();

            for (int i = 1; i < TelegramPoller.QUARANTINE_AFTER; i++) {
                assertThatThrownBy(poller::pollOnce).isInstanceOf(DataIntegrityViolationException.class);
                // the offset moved past the update before it, never past it
                assertThat(store.cursor(Channel.TELEGRAM, "telegram-bot")).hasValue(first + 1);
            }
            // the fifth failure: the quarantine fails as well (the store is down after all), so it stays
            assertThatThrownBy(poller::pollOnce).isInstanceOf(DataIntegrityViolationException.class);
            assertThat(store.cursor(Channel.TELEGRAM, "telegram-bot")).hasValue(first + 1);
            assertThat(reception.quarantined).isEmpty();
            // the next one is quarantined and passed; the update after it is read
            poller.pollOnce();
            assertThat(reception.quarantined).containsExactly(poison + " after " + (TelegramPoller.QUARANTINE_AFTER + 1)
                    + " (DataIntegrityViolationException)");
            assertThat(store.cursor(Channel.TELEGRAM, "telegram-bot")).hasValue(third + 1);
            // (a batch is first tried in one transaction, rolled back at the failure, then update by update)
            assertThat(new java.util.LinkedHashSet<>(reception.received)).containsExactly("pertama", "ketiga");
        }
    }
}
