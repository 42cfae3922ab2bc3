package id.lapor.gateway.forward;

import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.reply.StatusUpdates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Periodically asks LAPOR! for the status of forwarded complaints that are not final, records each
 * change with its time in the ledger, and marks complaints whose SLA due date passed as overdue.
 * A change to a status citizens are told about (verified, in process, finished, rejected) queues the
 * status update to the complaint's sender in the same transaction ({@link StatusUpdates#statusChanged}:
 * once per ticket and status however often the change is seen).
 */
public class StatusSync {

    private static final Logger log = LoggerFactory.getLogger(StatusSync.class);
    private static final List<String> FINAL = java.util.Arrays.stream(ComplaintStatus.values())
            .filter(ComplaintStatus::isFinal).map(Enum::name).toList();

    private record Due(String ticket, long laporId, String status, String laporStatusName) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final Ledger ledger;
    private final LaporClient client;
    private final LaporBreaker breaker;
    private final LaporStatusMapping mapping;
    private final TransactionTemplate tx;
    private final LaporProperties.StatusSync settings;
    private final Clock clock;
    private final StatusUpdates updates;

    public StatusSync(NamedParameterJdbcTemplate jdbc, Ledger ledger, LaporClient client, LaporBreaker breaker,
                      LaporStatusMapping mapping, TransactionTemplate tx, LaporProperties.StatusSync settings, Clock clock,
                      StatusUpdates updates) {
        this.updates = updates;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.client = client;
        this.breaker = breaker;
        this.mapping = mapping;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    /** One round; returns how many complaints changed status. */
    public int syncDue() {
        Instant now = clock.instant();
        List<Due> due = jdbc.query("""
                SELECT ticket, lapor_complaint_id, status, lapor_status_name FROM complaint
                WHERE lapor_complaint_id IS NOT NULL AND status NOT IN (:final)
                  AND (last_synced_at IS NULL OR last_synced_at < :before)
                ORDER BY last_synced_at NULLS FIRST, received_at
                LIMIT :limit""",
                new MapSqlParameterSource("final", FINAL).addValue("before", Ledger.ts(now.minus(settings.minAge())))
                        .addValue("limit", settings.batchSize()),
                (rs, i) -> new Due(rs.getString("ticket"), rs.getLong("lapor_complaint_id"), rs.getString("status"),
                        rs.getString("lapor_status_name")));
        int changed = 0;
        for (Due d : due) {
            if (breaker.permits(1) == 0) break;
            LaporClient.Status s;
            try {
                s = client.status(d.laporId());
                breaker.onSuccess();
            } catch (LaporException e) {
                if (e.countsAsOutage()) breaker.onFailure(e);
                log.warn("status of ticket {} (LAPOR! #{}) not read: {}", d.ticket(), d.laporId(), e.getMessage());
                continue;
            }
            Instant at = clock.instant();
            ComplaintStatus current = ComplaintStatus.valueOf(d.status());
            ComplaintStatus next = mapping.map(s.statusName(), current);
            boolean differs = s.statusName() != null && !s.statusName().equals(d.laporStatusName());
            String note = s.logs().isEmpty() ? null : s.logs().get(s.logs().size() - 1).note();
            tx.executeWithoutResult(x -> {
                if (differs) {
                    ledger.changeStatus(d.ticket(), next, null, s.statusName(), null,
                            note == null ? "LAPOR! status " + s.statusName() : note, at);
                    if (next != current && updates.tells(next)) {
                        ledger.find(d.ticket()).ifPresent(c -> updates.statusChanged(c, next, note, at));
                    }
                }
                jdbc.update("UPDATE complaint SET last_synced_at = :at WHERE ticket = :ticket",
                        new MapSqlParameterSource("at", Ledger.ts(at)).addValue("ticket", d.ticket()));
            });
            if (differs) {
                changed++;
                log.info("ticket {} LAPOR! status now {}", d.ticket(), s.statusName());
            }
        }
        markOverdue(now);
        return changed;
    }

    /** Marks complaints past their SLA due date that LAPOR! has not finished; returns how many. */
    public int markOverdue(Instant now) {
        List<String> tickets = jdbc.query("""
                SELECT ticket FROM complaint WHERE overdue = FALSE AND sla_due_at < :now AND status NOT IN (:final)""",
                new MapSqlParameterSource("now", Ledger.ts(now)).addValue("final", FINAL), (rs, i) -> rs.getString(1));
        for (String t : tickets) {
            tx.executeWithoutResult(x -> {
                int n = jdbc.update("UPDATE complaint SET overdue = TRUE WHERE ticket = :ticket AND overdue = FALSE",
                        new MapSqlParameterSource("ticket", t));
                if (n == 1) {
                    String status = jdbc.queryForObject("SELECT status FROM complaint WHERE ticket = :ticket",
                            new MapSqlParameterSource("ticket", t), String.class);
                    ledger.addHistory(t, ComplaintStatus.valueOf(status), null, "OVERDUE: SLA due date passed", now);
                }
            });
        }
        if (!tickets.isEmpty()) log.info("{} complaint(s) became overdue", tickets.size());
        return tickets.size();
    }
}
