package id.lapor.gateway.intake;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.forward.OutboxRepository;
import id.lapor.gateway.reply.CitizenReplies;
import id.lapor.gateway.support.FreshStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store written by the version before V4–V6 (first history entry written at intake, outbox unique
 * on ticket, acknowledgement window looked up in citizen_reply) upgraded to the current schema: each
 * complaint's history still starts with one arrival entry, outbox rows are still found by ticket, and
 * an acknowledgement sent before the upgrade still counts for the window. On H2, or on PostgreSQL
 * with {@code -Ppostgres}.
 */
class SchemaUpgradeTest {

    private final Instant received = Instant.parse("2026-11-20T03:00:00.123Z");

    @Test
    void aStoreOfTheEarlierSchemaKeepsItsHistoryOutboxAndAcknowledgementWindow() throws Exception {
        FreshStore store = FreshStore.create().migrate("2");
        DataSource ds = store.dataSource();
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        oldVersionWrites(jdbc);

        store.migrate(null);

        Ledger ledger = new Ledger(jdbc, new CanonicalJson());
        assertThat(ledger.history("T00000001")).extracting(Ledger.StatusChange::status, Ledger.StatusChange::note)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ComplaintStatus.RECEIVED, "received on SMS"),
                        org.assertj.core.groups.Tuple.tuple(ComplaintStatus.FORWARDED, "sent to LAPOR!"));
        assertThat(ledger.history("T00000002")).extracting(Ledger.StatusChange::status, Ledger.StatusChange::note)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ComplaintStatus.DUPLICATE, "duplicate of T00000001"));
        assertThat(ledger.history("T00000002").get(0).changedAt()).isEqualTo(received.plusSeconds(60));

        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        OutboxRepository outbox = new OutboxRepository(jdbc, tx);
        assertThat(outbox.find("T00000001")).get().extracting(OutboxRepository.Row::state).isEqualTo("DONE");
        assertThat(outbox.find("T00000002")).isEmpty();

        // the acknowledgement sent to this number before the upgrade still holds back a second one within the hour
        CitizenReplies replies = new CitizenReplies(jdbc, tx);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        replies.enqueue(Channel.SMS, "smsc-1", "tel:+6281200000001", CitizenReplies.Kind.ACK, "T00000003", null, now);
        replies.enqueue(Channel.SMS, "smsc-1", "tel:+6281200000009", CitizenReplies.Kind.ACK, "T00000004", null, now);
        var due = replies.claim(Channel.SMS, 10, now, Duration.ofSeconds(30));
        assertThat(due).extracting(id.lapor.gateway.reply.CitizenReply::ticket).containsExactly("T00000003", "T00000004");
        assertThat(replies.ackSentSince(due.get(0).recipient(), now.minus(Duration.ofHours(1)))).isTrue();
        assertThat(replies.ackSentSince(due.get(1).recipient(), now.minus(Duration.ofHours(1)))).isFalse();
    }

    /** What the version before wrote for two SMS complaints (one a duplicate), a forwarding and an acknowledgement. */
    private void oldVersionWrites(NamedParameterJdbcTemplate jdbc) {
        for (String[] c : new String[][] {{"T00000001", null, "0"}, {"T00000002", "T00000001", "60"}}) {
            Instant at = received.plusSeconds(Long.parseLong(c[2]));
            MapSqlParameterSource p = new MapSqlParameterSource("t", c[0]).addValue("dup", c[1]).addValue("at", Ledger.ts(at))
                    .addValue("status", c[1] == null ? "FORWARDED" : "DUPLICATE");
            jdbc.update("""
                    INSERT INTO complaint (ticket, channel, instance, sender_key, transport_key, content_hash, status,
                        received_at, sla_due_at, duplicate_of, canonical_json)
                    VALUES (:t, 'SMS', 'smsc-1', 'tel:+6281200000001', :t, 'h', :status, :at, :at, :dup, '{}')""", p);
            jdbc.update("""
                    INSERT INTO complaint_status_history (ticket, status, note, changed_at)
                    VALUES (:t, :first, :note, :at)""", p.addValue("first", c[1] == null ? "RECEIVED" : "DUPLICATE")
                    .addValue("note", c[1] == null ? "received on SMS" : "duplicate of " + c[1]));
        }
        MapSqlParameterSource p = new MapSqlParameterSource("at", Ledger.ts(received));
        jdbc.update("""
                INSERT INTO complaint_status_history (ticket, status, note, changed_at)
                VALUES ('T00000001', 'FORWARDED', 'sent to LAPOR!', :at)""", p);
        jdbc.update("""
                INSERT INTO outbox (ticket, channel, state, attempts, created_at, next_attempt_at, finished_at)
                VALUES ('T00000001', 'SMS', 'DONE', 1, :at, :at, :at)""", p);
        jdbc.update("""
                INSERT INTO citizen_reply (channel, instance, recipient, kind, ticket, body, state, attempts, created_at,
                    next_attempt_at, sent_at)
                VALUES ('SMS', 'smsc-1', 'tel:+6281200000001', 'ACK', 'T00000001', 'LAPOR! ...', 'SENT', 1, :now, :now, :now)""",
                new MapSqlParameterSource("now", Ledger.ts(Instant.now().minus(Duration.ofMinutes(10)))));
    }
}
