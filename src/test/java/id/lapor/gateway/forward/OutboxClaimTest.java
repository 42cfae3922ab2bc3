package id.lapor.gateway.forward;

import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.support.FreshStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link OutboxRepository#claim} hands out, on the real store (H2, or PostgreSQL with
 * {@code -Ppostgres}) and without a running forwarder: due rows and rows whose node's lease ran out,
 * oldest first, never a row that is not due yet or still leased, and each once.
 */
class OutboxClaimTest {

    private final Instant t0 = Instant.parse("2026-11-23T01:00:00Z");

    @Test
    void claimsDueAndLeaseExpiredRowsOldestFirstAndNothingElse() {
        FreshStore store = FreshStore.create().migrate(null);
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(store.dataSource());
        row(jdbc, "A0000000A", "PENDING", t0.plusSeconds(1), null, null);
        row(jdbc, "B0000000B", "PENDING", t0.plusSeconds(2), null, null);
        row(jdbc, "C0000000C", "IN_FLIGHT", t0, "dead-node", t0);                   // its node died: lease over
        row(jdbc, "D0000000D", "IN_FLIGHT", t0, "live-node", t0.plusSeconds(60));   // still leased
        row(jdbc, "E0000000E", "PENDING", t0.plusSeconds(100), null, null);         // not due yet
        row(jdbc, "F0000000F", "DONE", t0, null, null);
        OutboxRepository outbox = new OutboxRepository(jdbc, new TransactionTemplate(new DataSourceTransactionManager(store.dataSource())));
        Instant now = t0.plusSeconds(10);

        List<OutboxRepository.Claimed> first = outbox.claim("node-2", 2, now, Duration.ofSeconds(30));
        assertThat(first).extracting(OutboxRepository.Claimed::ticket).containsExactly("C0000000C", "A0000000A");
        assertThat(first).extracting(OutboxRepository.Claimed::attempts).containsExactly(2, 1);
        assertThat(jdbc.queryForObject("SELECT claimed_by FROM outbox WHERE ticket = 'C0000000C'", new MapSqlParameterSource(), String.class))
                .isEqualTo("node-2");

        assertThat(outbox.claim("node-2", 2, now, Duration.ofSeconds(30))).extracting(OutboxRepository.Claimed::ticket)
                .containsExactly("B0000000B");
        assertThat(outbox.claim("node-2", 2, now, Duration.ofSeconds(30))).isEmpty();
        // once the new leases run out too, the rows come back, D's with them
        assertThat(outbox.claim("node-3", 10, now.plusSeconds(61), Duration.ofSeconds(30)))
                .extracting(OutboxRepository.Claimed::ticket).containsExactlyInAnyOrder("A0000000A", "B0000000B", "C0000000C", "D0000000D");
    }

    private static void row(NamedParameterJdbcTemplate jdbc, String ticket, String state, Instant next, String node, Instant leaseUntil) {
        MapSqlParameterSource p = new MapSqlParameterSource("t", ticket).addValue("state", state).addValue("next", Ledger.ts(next))
                .addValue("node", node).addValue("lease", Ledger.ts(leaseUntil))
                .addValue("attempts", "IN_FLIGHT".equals(state) ? 1 : 0);
        jdbc.update("""
                INSERT INTO complaint (ticket, channel, instance, sender_key, transport_key, content_hash, status,
                    received_at, sla_due_at, canonical_json)
                VALUES (:t, 'SMS', 'smsc-1', 'tel:+6281200000001', :t, 'h', 'RECEIVED', :next, :next, '{}')""", p);
        jdbc.update("""
                INSERT INTO outbox (ticket, channel, state, attempts, created_at, next_attempt_at, claimed_by, lease_until)
                VALUES (:t, 'SMS', :state, :attempts, :next, :next, :node, :lease)""", p);
    }
}
