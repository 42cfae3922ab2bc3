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
 *
 * <p>A complaint LAPOR! answers 404 for (it no longer knows that number: deleted or merged on LAPOR!'s side, or a
 * number from another LAPOR! environment) is marked {@code lapor_missing_since} with one history line the first
 * time ({@link #MISSING_NOTE}), counted by {@link #missing(int)} for the console's LAPOR! tile and the
 * {@code gateway_lapor_missing} gauge, and still asked again at the back of the queue; the mark is cleared when
 * LAPOR! answers for it again. Only an admin can tell whether to re-send it or close it, so the gateway does
 * neither on its own: the admin does on the complaint's console page, re-sending it as a new report
 * ({@link OutboxForwarder#redrive}) or closing it as ARCHIVED with a note ({@code console.ComplaintActions#closeMissing});
 * either clears the mark.</p>
 */
public class StatusSync {

    private static final Logger log = LoggerFactory.getLogger(StatusSync.class);
    private static final List<String> FINAL = java.util.Arrays.stream(ComplaintStatus.values())
            .filter(ComplaintStatus::isFinal).map(Enum::name).toList();

    private record Due(String ticket, long laporId, String status, String laporStatusName, boolean wasMissing) {}

    /**
     * The history note of a first 404 on status sync ({@code %d}: the LAPOR! number); the console renders it in
     * the admin's language ({@code history.laporMissing}).
     */
    public static final String MISSING_NOTE = "LAPOR! does not know #%d (HTTP 404 on status sync)";
    /** The history note when LAPOR! answers again for a complaint marked missing ({@code history.laporFound}). */
    public static final String FOUND_NOTE = "LAPOR! answers for #%d again";

    /**
     * Complaints LAPOR! answered 404 for at the last ask.
     *
     * @param count   how many in all
     * @param tickets the oldest marks first, at most the limit asked for
     */
    public record Missing(long count, List<String> tickets) {}

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
                SELECT ticket, lapor_complaint_id, status, lapor_status_name, lapor_missing_since FROM complaint
                WHERE lapor_complaint_id IS NOT NULL AND status NOT IN (:final)
                  AND (last_synced_at IS NULL OR last_synced_at < :before)
                ORDER BY last_synced_at NULLS FIRST, received_at
                LIMIT :limit""",
                new MapSqlParameterSource("final", FINAL).addValue("before", Ledger.ts(now.minus(settings.minAge())))
                        .addValue("limit", settings.batchSize()),
                (rs, i) -> new Due(rs.getString("ticket"), rs.getLong("lapor_complaint_id"), rs.getString("status"),
                        rs.getString("lapor_status_name"), rs.getObject("lapor_missing_since") != null));
        int changed = 0;
        for (Due d : due) {
            if (breaker.permits(1) == 0) break;
            if (!leads.getAsBoolean()) {
                // the lead moved while this round was running (stuck on the database, say): the new leader asks
                log.info("status sync: this node no longer leads lapor-status-sync; the rest of the round is left to the leader");
                return changed;
            }
            try (var trace = traces.open(d.ticket(), "status-sync")) {
                if (syncOne(d)) changed++;
            } catch (RuntimeException e) {
                // one complaint's answer we could not record must not end the round for everyone else
                log.error("status of ticket {} (LAPOR! #{}) not recorded: {}", d.ticket(), d.laporId(), e.toString());
                asked(d.ticket(), now);
            }
        }
        markOverdue(now);
        return changed;
    }

    private volatile java.util.function.BooleanSupplier leads = () -> true;

    /**
     * What says whether this node still leads {@code lapor-status-sync} ({@code cluster.SingletonGuard}); asked before
     * each call to LAPOR!, so a round that was stuck on the database while this node lost the lead stops asking once
     * the database answers (what it would record is idempotent, but the calls count against LAPOR!'s rate limit).
     * Default: always leads (no cluster).
     */
    public void leadsWith(java.util.function.BooleanSupplier leads) {
        this.leads = leads;
    }

    /** Puts each complaint's trace in the log context; MDC only until ops sets the tracer's ({@link #traces}). */
    private volatile id.lapor.gateway.ops.ComplaintTraces traces = id.lapor.gateway.ops.ComplaintTraces.MDC_ONLY;

    /** Ops' hook (#18): the complaint traces status sync is logged under. */
    public void traces(id.lapor.gateway.ops.ComplaintTraces traces) {
        this.traces = traces;
    }

    /** Reads one complaint's status from LAPOR! and records a change; true when it changed. */
    private boolean syncOne(Due d) {
        LaporClient.Status s;
        try {
            s = client.status(d.laporId());
            breaker.onSuccess();
        } catch (LaporException e) {
            if (e.countsAsOutage()) breaker.onFailure(e);
            // LAPOR! asked us to wait: the rest of the round (and the forwarder) waits, as for a create's 429
            if (e.kind() == LaporException.Kind.RATE_LIMITED && e.retryAfter() != null) breaker.holdFor(e.retryAfter());
            log.warn("status of ticket {} (LAPOR! #{}) not read: {}", d.ticket(), d.laporId(), e.getMessage());
            // to the back of the queue: a report LAPOR! cannot answer for would otherwise head every round
            if (e.httpStatus() == 404) missing(d, clock.instant());
            else asked(d.ticket(), clock.instant());
            return false;
        }
        Instant at = clock.instant();
        ComplaintStatus current = ComplaintStatus.valueOf(d.status());
        String name = LaporStatusMapping.cleanName(s.statusName());
        ComplaintStatus next = mapping.map(name, current);
        boolean differs = name != null && !name.equals(d.laporStatusName());
        String note = LaporStatusMapping.cleanNote(s.logs().isEmpty() ? null : s.logs().get(s.logs().size() - 1).note());
        Boolean recorded = tx.execute(x -> {
            // only onto the complaint as the round read it: an admin may have closed it or re-sent it as a new report
            // while LAPOR! was asked (ComplaintActions.closeMissing, OutboxForwarder.redrive); this UPDATE waits for
            // their row lock and then finds another status or LAPOR! number, and the answer about the old report is
            // dropped (before: its status went over ARCHIVED, or onto the complaint waiting for its new report).
            // The mark too: a node that took the lead meanwhile and recorded the same answer cleared it, and its
            // "answers again" line is not written twice (as the mark's own line, see missing())
            int same = jdbc.update("""
                    UPDATE complaint SET last_synced_at = :at, lapor_missing_since = NULL
                    WHERE ticket = :ticket AND lapor_complaint_id = :laporId AND status = :status
                      AND (lapor_missing_since IS NOT NULL) = :wasMissing""",
                    new MapSqlParameterSource("at", Ledger.ts(at)).addValue("ticket", d.ticket())
                            .addValue("laporId", d.laporId()).addValue("status", d.status())
                            .addValue("wasMissing", d.wasMissing()));
            if (same == 0) return false;
            if (d.wasMissing()) ledger.addHistory(d.ticket(), current, null, FOUND_NOTE.formatted(d.laporId()), at);
            if (differs) {
                ledger.changeStatus(d.ticket(), next, null, name, null,
                        note == null ? "LAPOR! status " + name : note, at);
                if (next != current && updates.tells(next)) {
                    ledger.find(d.ticket()).ifPresent(c -> updates.statusChanged(c, next, note, at));
                }
            }
            return true;
        });
        if (!Boolean.TRUE.equals(recorded)) {
            log.info("status of ticket {} (LAPOR! #{}) not recorded: the complaint changed while LAPOR! was asked", d.ticket(), d.laporId());
            return false;
        }
        if (differs) log.info("ticket {} LAPOR! status now {}", d.ticket(), name);
        return differs;
    }

    /** Records that LAPOR! was asked about the ticket (answered or not), so the next round asks the others first. */
    private void asked(String ticket, Instant at) {
        try {
            jdbc.update("UPDATE complaint SET last_synced_at = :at WHERE ticket = :ticket",
                    new MapSqlParameterSource("at", Ledger.ts(at)).addValue("ticket", ticket));
        } catch (RuntimeException e) {
            log.error("cannot record the status sync of ticket {}: {}", ticket, e.toString());
        }
    }

    /**
     * A 404: to the back of the queue like any unanswered ask ({@link #asked}) and, the first time in a run of 404s,
     * marked with one history line in one transaction (the UPDATE's condition keeps a second node that read the
     * row unmarked at the same time from writing the line again, and leaves a complaint an admin re-sent as a new
     * report meanwhile unmarked: its LAPOR! number is no longer the one asked about).
     */
    private void missing(Due d, Instant at) {
        asked(d.ticket(), at);
        if (d.wasMissing()) return;
        try {
            tx.executeWithoutResult(x -> {
                int marked = jdbc.update("""
                        UPDATE complaint SET lapor_missing_since = :at
                        WHERE ticket = :ticket AND lapor_missing_since IS NULL AND lapor_complaint_id = :laporId""",
                        new MapSqlParameterSource("at", Ledger.ts(at)).addValue("ticket", d.ticket()).addValue("laporId", d.laporId()));
                if (marked == 1) {
                    ledger.addHistory(d.ticket(), ComplaintStatus.valueOf(d.status()), null, MISSING_NOTE.formatted(d.laporId()), at);
                    log.error("LAPOR! does not know ticket {} (LAPOR! #{}): marked for an admin", d.ticket(), d.laporId());
                }
            });
        } catch (RuntimeException e) {
            log.error("cannot record that LAPOR! does not know ticket {}: {}", d.ticket(), e.toString());
        }
    }

    /**
     * Complaints LAPOR! answered 404 for at their last status sync ({@code lapor_missing_since} set).
     *
     * @param limit how many tickets to list (the count is of all)
     */
    public Missing missing(int limit) {
        long count = countMissing();
        List<String> tickets = count == 0 ? List.of() : jdbc.queryForList("""
                SELECT ticket FROM complaint WHERE lapor_missing_since IS NOT NULL
                ORDER BY lapor_missing_since, ticket LIMIT :limit""", new MapSqlParameterSource("limit", limit), String.class);
        return new Missing(count, tickets);
    }

    /** How many complaints LAPOR! answered 404 for at their last status sync (the {@code gateway_lapor_missing} gauge). */
    public long countMissing() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM complaint WHERE lapor_missing_since IS NOT NULL",
                new MapSqlParameterSource(), Long.class);
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
