package id.lapor.gateway.forward;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.TextHygiene;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox to LAPOR!. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and leased to one node:
 * several gateway instances share one outbox without forwarding a row twice at the same time, and a
 * row whose node died comes back when its lease runs out.
 *
 * <p>A row is found by ticket through its complaint: the row's {@code created_at} is the complaint's
 * {@code received_at} (the intake transaction writes both), and {@code (created_at, ticket)} is indexed.
 * That index grows at its end as complaints arrive, where one on the random ticket alone would touch a
 * random page of the embedded store for every complaint (see V5 migration).
 */
public class OutboxRepository {

    /**
     * A row this node holds the lease of.
     *
     * @param attempts     this attempt's number (1 = first)
     * @param createSentAt when a create was last sent for this row without LAPOR!'s answer recorded: a
     *                     previous attempt's create may have made a report (null when none is pending)
     * @param heldUntil    when the row's category review hold ended (null when it was never held; see
     *                     {@link id.lapor.gateway.intake.ReviewHold})
     * @param holdDecided  an admin decided the held complaint's category before the hold ended
     * @param resendCount  how often an admin re-sent the complaint as a new report ({@link #resendAsNew}); the
     *                     generation of its Idempotency-Keys ({@link OutboxForwarder#createKey})
     */
    public record Claimed(long id, String ticket, Channel channel, int attempts, String uploadedIds, Instant createSentAt,
                          Instant heldUntil, boolean holdDecided, int resendCount) {
        /** A row that was never held for review nor re-sent as a new report. */
        public Claimed(long id, String ticket, Channel channel, int attempts, String uploadedIds, Instant createSentAt) {
            this(id, ticket, channel, attempts, uploadedIds, createSentAt, null, false, 0);
        }
    }

    /**
     * Backlog figures for health and metrics.
     *
     * @param pending                PENDING rows not held for category review (due now or waiting for a retry)
     * @param oldestPendingCreatedAt when the oldest not-yet-forwarded row became due: its arrival, or for a
     *                               row that was held for review the end of its hold or the admin's decision;
     *                               rows still held do not count (null when none)
     * @param reviewHeld             PENDING rows held for an admin's category review whose hold has not ended
     */
    public record Stats(long pending, long inFlight, long parked, long done, Instant oldestPendingCreatedAt, long reviewHeld) {
        public Stats(long pending, long inFlight, long parked, long done, Instant oldestPendingCreatedAt) {
            this(pending, inFlight, parked, done, oldestPendingCreatedAt, 0);
        }

        /** Rows that should be on their way to LAPOR! (held rows are not). */
        public long backlog() {
            return pending + inFlight;
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public OutboxRepository(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public List<Claimed> claim(String node, int max, Instant now, Duration lease) {
        return tx.execute(s -> {
            // Candidates first, each through the outbox_due index in its own order: the oldest due PENDING
            // rows, and IN_FLIGHT rows whose lease ran out (few: at most what the nodes hold). Then those
            // rows locked, the conditions checked again, skipping any another node locked meanwhile. Asked
            // in one query with FOR UPDATE, H2 reads every due row before the limit (EXPLAIN: 20,051 rows
            // for 20 with a backlog of 20,000, as after a LAPOR! outage), at every poll.
            MapSqlParameterSource p = new MapSqlParameterSource("now", Ledger.ts(now)).addValue("max", max);
            List<Long> candidates = new ArrayList<>(jdbc.queryForList("""
                    SELECT id FROM outbox WHERE state = 'PENDING' AND next_attempt_at <= :now
                    ORDER BY state, next_attempt_at, id LIMIT :max""", p, Long.class));
            candidates.addAll(jdbc.queryForList("""
                    SELECT id FROM outbox WHERE state = 'IN_FLIGHT' AND lease_until < :now
                    ORDER BY state, next_attempt_at, id LIMIT :max""", p, Long.class));
            if (candidates.isEmpty()) return List.<Claimed>of();
            List<Claimed> rows = jdbc.query("""
                    SELECT id, ticket, channel, attempts, uploaded_ids, create_sent_at, held_until, hold_decided, resend_count FROM outbox
                    WHERE id IN (:ids)
                      AND ((state = 'PENDING' AND next_attempt_at <= :now) OR (state = 'IN_FLIGHT' AND lease_until < :now))
                    ORDER BY next_attempt_at, id
                    LIMIT :max
                    FOR UPDATE SKIP LOCKED""",
                    p.addValue("ids", candidates),
                    (rs, i) -> new Claimed(rs.getLong("id"), rs.getString("ticket"), Channel.valueOf(rs.getString("channel")),
                            rs.getInt("attempts") + 1, rs.getString("uploaded_ids"), instant(rs.getObject("create_sent_at", OffsetDateTime.class)),
                            instant(rs.getObject("held_until", OffsetDateTime.class)), rs.getBoolean("hold_decided"),
                            rs.getInt("resend_count")));
            if (!rows.isEmpty()) {
                jdbc.update("""
                        UPDATE outbox SET state = 'IN_FLIGHT', claimed_by = :node, lease_until = :until, attempts = attempts + 1
                        WHERE id IN (:ids)""",
                        new MapSqlParameterSource("node", node).addValue("until", Ledger.ts(now.plus(lease)))
                                .addValue("ids", rows.stream().map(Claimed::id).toList()));
            }
            return rows;
        });
    }

    /** Remembers LAPOR!'s upload ids so a retry does not upload the files again. */
    public void saveUploads(long id, String uploadedIdsJson) {
        jdbc.update("UPDATE outbox SET uploaded_ids = :ids WHERE id = :id",
                new MapSqlParameterSource("id", id).addValue("ids", uploadedIdsJson));
    }

    /**
     * Records, committed before the request leaves, that a create is about to be sent for the row: if
     * its answer is lost or this node dies before {@link #done}, the next claim sees it.
     */
    public void createSending(long id, Instant now) {
        jdbc.update("UPDATE outbox SET create_sent_at = :now WHERE id = :id",
                new MapSqlParameterSource("id", id).addValue("now", Ledger.ts(now)));
    }

    /**
     * Marks the row's complaint: LAPOR! may hold a second report of it. True if it was not marked before
     * (count it once). Own statement, committed before the create is sent again.
     */
    public boolean markCreateUncertain(String ticket) {
        return jdbc.update("""
                UPDATE complaint SET lapor_create_uncertain = TRUE
                WHERE ticket = :ticket AND lapor_create_uncertain = FALSE""",
                new MapSqlParameterSource("ticket", ticket)) == 1;
    }

    /** Caller's transaction. */
    public void done(long id, Instant now) {
        jdbc.update("""
                UPDATE outbox SET state = 'DONE', finished_at = :now, claimed_by = NULL, lease_until = NULL,
                    last_http_status = NULL, last_error = NULL, create_sent_at = NULL WHERE id = :id""",
                new MapSqlParameterSource("id", id).addValue("now", Ledger.ts(now)));
    }

    /** Due again at {@code next}; a pending create stays recorded as sent (its outcome is still unknown). */
    public void reschedule(long id, Instant next, Integer httpStatus, String error) {
        reschedule(id, next, httpStatus, error, false);
    }

    /**
     * Due again at {@code next}.
     *
     * @param createAnswered LAPOR! answered this attempt's create and said it did not take it: no create is pending
     */
    public void reschedule(long id, Instant next, Integer httpStatus, String error, boolean createAnswered) {
        jdbc.update("""
                UPDATE outbox SET state = 'PENDING', next_attempt_at = :next, claimed_by = NULL, lease_until = NULL,
                    last_http_status = :status, last_error = :error,
                    create_sent_at = CASE WHEN :answered THEN NULL ELSE create_sent_at END WHERE id = :id""",
                new MapSqlParameterSource("id", id).addValue("next", Ledger.ts(next)).addValue("status", httpStatus)
                        .addValue("error", cut(error)).addValue("answered", createAnswered));
    }

    /** Caller's transaction. A create still pending stays recorded (a re-drive marks the complaint uncertain). */
    public void park(long id, Integer httpStatus, String error, Instant now) {
        park(id, httpStatus, error, now, false);
    }

    /** Caller's transaction; {@code createAnswered} as in {@link #reschedule(long, Instant, Integer, String, boolean)}. */
    public void park(long id, Integer httpStatus, String error, Instant now, boolean createAnswered) {
        jdbc.update("""
                UPDATE outbox SET state = 'PARKED', finished_at = :now, claimed_by = NULL, lease_until = NULL,
                    last_http_status = :status, last_error = :error,
                    create_sent_at = CASE WHEN :answered THEN NULL ELSE create_sent_at END WHERE id = :id""",
                new MapSqlParameterSource("id", id).addValue("now", Ledger.ts(now)).addValue("status", httpStatus)
                        .addValue("error", cut(error)).addValue("answered", createAnswered));
    }

    /** Parked → pending now, attempts reset. False if the ticket is not parked. Caller's transaction. */
    public boolean redrive(String ticket, Instant now) {
        return jdbc.update("""
                UPDATE outbox SET state = 'PENDING', attempts = 0, next_attempt_at = :now, finished_at = NULL
                WHERE created_at = (SELECT received_at FROM complaint WHERE ticket = :ticket)
                  AND ticket = :ticket AND state = 'PARKED'""",
                new MapSqlParameterSource("ticket", ticket).addValue("now", Ledger.ts(now))) == 1;
    }

    /**
     * Re-opens a forwarded (DONE) row for a new report at LAPOR!, the one it had being gone there (an admin's
     * decision on a complaint status sync found missing, {@code complaint.lapor_missing_since}): pending now,
     * attempts 0, errors and the recorded create cleared, upload ids forgotten (the files went with the old report)
     * and {@code resend_count} one up, so the create and the uploads go with keys LAPOR! has not seen
     * ({@link OutboxForwarder#createKey}). False when the ticket's row is not DONE. Caller's transaction, which
     * should hold the complaint's lock ({@link id.lapor.gateway.intake.Ledger#lockLaporMissing}).
     */
    public boolean resendAsNew(String ticket, Instant now) {
        return jdbc.update("""
                UPDATE outbox SET state = 'PENDING', attempts = 0, next_attempt_at = :now, finished_at = NULL,
                    claimed_by = NULL, lease_until = NULL, last_http_status = NULL, last_error = NULL,
                    create_sent_at = NULL, uploaded_ids = NULL, resend_count = resend_count + 1
                WHERE created_at = (SELECT received_at FROM complaint WHERE ticket = :ticket)
                  AND ticket = :ticket AND state = 'DONE'""",
                new MapSqlParameterSource("ticket", ticket).addValue("now", Ledger.ts(now))) == 1;
    }

    /**
     * An admin decided the category of a complaint held for review: its row is due now (unless the hold had
     * already ended and the row waits for a retry, whose backoff stays) and goes with the admin's choice.
     * True if the ticket's row was held and waiting (PENDING, not decided before). Caller's transaction,
     * which should hold the row's lock ({@code FOR UPDATE}) since it read the row's state.
     */
    public boolean releaseHold(String ticket, Instant now) {
        return jdbc.update("""
                UPDATE outbox SET hold_decided = TRUE,
                    next_attempt_at = CASE WHEN held_until > :now THEN :now ELSE next_attempt_at END,
                    held_until = CASE WHEN held_until > :now THEN :now ELSE held_until END
                WHERE created_at = (SELECT received_at FROM complaint WHERE ticket = :ticket)
                  AND ticket = :ticket AND state = 'PENDING' AND held_until IS NOT NULL AND hold_decided = FALSE""",
                // milliseconds, as intake stores times: a store that rounds nanoseconds up would keep it held
                new MapSqlParameterSource("ticket", ticket).addValue("now", Ledger.ts(now.truncatedTo(ChronoUnit.MILLIS)))) == 1;
    }

    /** After a restart: rows this node had in flight are due again at once instead of after the lease. */
    public int releaseOwn(String node, Instant now) {
        return jdbc.update("""
                UPDATE outbox SET state = 'PENDING', claimed_by = NULL, lease_until = NULL, next_attempt_at = :now
                WHERE state = 'IN_FLIGHT' AND claimed_by = :node""",
                new MapSqlParameterSource("node", node).addValue("now", Ledger.ts(now)));
    }

    /**
     * A ticket's forwarding state.
     *
     * @param createUncertain its complaint is marked: a create's outcome was unknown and it was sent
     *                        again, so LAPOR! may hold two reports of it
     * @param heldUntil       end of its category review hold (null when never held), see {@link Claimed}
     * @param holdDecided     an admin decided the held complaint's category before the hold ended
     * @param resendCount     how often an admin re-sent it as a new report (LAPOR! no longer knew it), see {@link Claimed}
     */
    public record Row(String ticket, String state, int attempts, Integer lastHttpStatus, String lastError,
                      Instant nextAttemptAt, boolean createUncertain, Instant heldUntil, boolean holdDecided, int resendCount) {}

    public Optional<Row> find(String ticket) {
        return jdbc.query("""
                SELECT o.ticket, o.state, o.attempts, o.last_http_status, o.last_error, o.next_attempt_at, c.lapor_create_uncertain,
                       o.held_until, o.hold_decided, o.resend_count
                FROM complaint c JOIN outbox o ON o.created_at = c.received_at AND o.ticket = c.ticket
                WHERE c.ticket = :ticket""",
                new MapSqlParameterSource("ticket", ticket), (rs, i) -> {
                    int st = rs.getInt("last_http_status");
                    Integer status = rs.wasNull() ? null : st;
                    OffsetDateTime next = rs.getObject("next_attempt_at", OffsetDateTime.class);
                    return new Row(rs.getString("ticket"), rs.getString("state"), rs.getInt("attempts"), status,
                            rs.getString("last_error"), next == null ? null : next.toInstant(),
                            rs.getBoolean("lapor_create_uncertain"), instant(rs.getObject("held_until", OffsetDateTime.class)),
                            rs.getBoolean("hold_decided"), rs.getInt("resend_count"));
                }).stream().findFirst();
    }

    /** Figures as of now (the system clock). */
    public Stats stats() {
        return stats(Instant.now());
    }

    /** Figures as of {@code now}: a row held for review until after {@code now} counts as held, not pending. */
    public Stats stats(Instant now) {
        return jdbc.query("""
                SELECT
                  SUM(CASE WHEN state = 'PENDING' AND (held_until IS NULL OR held_until <= :now) THEN 1 ELSE 0 END) AS pending,
                  SUM(CASE WHEN state = 'PENDING' AND held_until > :now THEN 1 ELSE 0 END) AS held,
                  SUM(CASE WHEN state = 'IN_FLIGHT' THEN 1 ELSE 0 END) AS in_flight,
                  SUM(CASE WHEN state = 'PARKED' THEN 1 ELSE 0 END) AS parked,
                  SUM(CASE WHEN state = 'DONE' THEN 1 ELSE 0 END) AS done,
                  MIN(CASE WHEN state = 'IN_FLIGHT' OR (state = 'PENDING' AND (held_until IS NULL OR held_until <= :now))
                           THEN COALESCE(held_until, created_at) END) AS oldest
                FROM outbox""", new MapSqlParameterSource("now", Ledger.ts(now)), rs -> {
            rs.next();
            OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
            return new Stats(rs.getLong("pending"), rs.getLong("in_flight"), rs.getLong("parked"), rs.getLong("done"),
                    oldest == null ? null : oldest.toInstant(), rs.getLong("held"));
        });
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String cut(String s) {
        return s == null ? null : TextHygiene.cut(s, 4000);
    }
}
