package id.lapor.gateway.reply;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.TextFingerprint;
import id.lapor.gateway.intake.TextHygiene;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the gateway tells citizens on their channel (table {@code citizen_reply}): ticket
 * acknowledgements (queued by the intake transaction), status answers and help. The {@link ReplyLoop}
 * of a channel claims due rows with a lease, so several instances never send one reply twice at the same time.
 */
public class CitizenReplies {

    /**
     * Kinds of reply. {@code STATUS} answers a citizen's CEK (pulled: the command window applies, opting out does not);
     * {@code STATUS_UPDATE} is pushed by the gateway when LAPOR! moved the complaint ({@link StatusUpdates}: once per
     * ticket and status, never to a reporter who opted out); {@code OPT_OUT} confirms BERHENTI or MULAI.
     */
    public enum Kind { ACK, STATUS, HELP, STATUS_UPDATE, OPT_OUT }

    /** Longest text a row keeps ({@code citizen_reply.body}); longer texts are cut by whoever queues them. */
    public static final int MAX_BODY = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public CitizenReplies(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Queues a reply whose text is already known (status answer, help). */
    public long enqueue(Channel channel, String instance, String recipient, Kind kind, String ticket, String body, Instant now) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update("""
                INSERT INTO citizen_reply (channel, instance, recipient, kind, ticket, body, state, attempts, created_at, next_attempt_at)
                VALUES (:channel, :instance, :recipient, :kind, :ticket, :body, 'PENDING', 0, :now, :now)""",
                new MapSqlParameterSource("channel", channel.name()).addValue("instance", instance)
                        .addValue("recipient", recipient).addValue("kind", kind.name()).addValue("ticket", ticket)
                        .addValue("body", body).addValue("now", Ledger.ts(now)), keys, new String[] {"id"});
        return keys.getKey().longValue();
    }

    /**
     * Claims up to {@code max} due rows of one channel for {@code lease}; an unfinished claim comes back after it.
     * Two steps: the oldest due ids by the {@code citizen_reply_due} index in its own order (H2 then reads
     * only those; with {@code FOR UPDATE} it would read every due row before the limit, thousands of them
     * at each poll after a burst), then those rows locked, skipping any another node locked meanwhile
     * (claimed next poll).
     */
    public List<CitizenReply> claim(Channel channel, int max, Instant now, Duration lease) {
        return tx.execute(s -> {
            MapSqlParameterSource p = new MapSqlParameterSource("channel", channel.name()).addValue("now", Ledger.ts(now))
                    .addValue("max", max);
            List<Long> oldest = jdbc.queryForList("""
                    SELECT id FROM citizen_reply
                    WHERE channel = :channel AND state = 'PENDING' AND next_attempt_at <= :now
                    ORDER BY channel, state, next_attempt_at, id
                    LIMIT :max""", p, Long.class);
            if (oldest.isEmpty()) return List.<CitizenReply>of();
            List<CitizenReply> rows = jdbc.query("""
                    SELECT id, channel, instance, recipient, kind, ticket, body, attempts FROM citizen_reply
                    WHERE id IN (:ids) AND state = 'PENDING' AND next_attempt_at <= :now
                    ORDER BY next_attempt_at, id
                    FOR UPDATE SKIP LOCKED""", p.addValue("ids", oldest),
                    (rs, i) -> new CitizenReply(rs.getLong("id"), Channel.valueOf(rs.getString("channel")), rs.getString("instance"),
                            rs.getString("recipient"), Kind.valueOf(rs.getString("kind")), rs.getString("ticket"),
                            rs.getString("body"), rs.getInt("attempts") + 1));
            if (!rows.isEmpty()) {
                jdbc.update("UPDATE citizen_reply SET next_attempt_at = :until, attempts = attempts + 1 WHERE id IN (:ids)",
                        new MapSqlParameterSource("until", Ledger.ts(now.plus(lease)))
                                .addValue("ids", rows.stream().map(CitizenReply::id).toList()));
            }
            return rows;
        });
    }

    /**
     * Whether the reporter at {@code recipient} asked for no more status updates on {@code channel}
     * (BERHENTI; table {@code status_optout}).
     */
    public boolean optedOut(Channel channel, String recipient) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM status_optout WHERE channel = :channel AND recipient = :recipient",
                new MapSqlParameterSource("channel", channel.name()).addValue("recipient", recipient), Integer.class);
        return n != null && n > 0;
    }

    /** Whether an acknowledgement went to {@code recipient} since {@code since} (the acknowledgement window). */
    public boolean ackSentSince(String recipient, Instant since) {
        return sentSince(recipient, ACK_SENT, since);
    }

    /** Whether exactly this text already went to {@code recipient} since {@code since} (a repeated CEK or INFO). */
    public boolean sameTextSentSince(String recipient, String body, Instant since) {
        return sentSince(recipient, textSent(body), since);
    }

    /**
     * What went to whom last is kept in {@code reply_sent} (one row per recipient and acknowledgement or
     * text), written when a reply is sent. Looking it up in {@code citizen_reply} by recipient instead
     * needed an index on the recipient there, and intake pays for every entry of that index: one random
     * page of the embedded store per acknowledgement queued (see V6 migration).
     */
    private boolean sentSince(String recipient, String what, Instant since) {
        return jdbc.query("SELECT sent_at FROM reply_sent WHERE recipient = :recipient AND what = :what",
                        new MapSqlParameterSource("recipient", recipient).addValue("what", what),
                        (rs, i) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                .stream().anyMatch(at -> !at.isBefore(since));
    }

    private static final String ACK_SENT = "ACK";

    private static String textSent(String body) {
        return "TEXT:" + TextFingerprint.sha256Hex(body);
    }

    /** The provider accepted {@code d} with text {@code body}: SENT, and remembered for the windows above. */
    public void sent(CitizenReply d, String body, String providerMessageId, Instant now) {
        jdbc.update("""
                UPDATE citizen_reply SET state = 'SENT', body = :body, provider_message_id = :pid, sent_at = :now, last_error = NULL
                WHERE id = :id""",
                new MapSqlParameterSource("id", d.id()).addValue("body", body).addValue("pid", providerMessageId)
                        .addValue("now", Ledger.ts(now)));
        remember(d.recipient(), d.kind() == Kind.ACK ? ACK_SENT : textSent(body), now);
    }

    private void remember(String recipient, String what, Instant now) {
        MapSqlParameterSource p = new MapSqlParameterSource("recipient", recipient).addValue("what", what)
                .addValue("now", Ledger.ts(now));
        String update = "UPDATE reply_sent SET sent_at = :now WHERE recipient = :recipient AND what = :what";
        if (jdbc.update(update, p) > 0) return;
        try {
            jdbc.update("INSERT INTO reply_sent (recipient, what, sent_at) VALUES (:recipient, :what, :now)", p);
        } catch (DuplicateKeyException raced) {
            // another node sent to the same recipient at the same moment and inserted first
            jdbc.update(update, p);
        }
    }

    /** {@code id} is not sent, and why (kept in {@code last_error}). */
    public void suppressed(long id, String why) {
        jdbc.update("UPDATE citizen_reply SET state = 'SUPPRESSED', last_error = :why WHERE id = :id",
                new MapSqlParameterSource("id", id).addValue("why", why));
    }

    /** A failed attempt: due again at {@code next}, or FAILED once {@code giveUp}. */
    public void failed(long id, String error, Instant next, boolean giveUp) {
        jdbc.update("""
                UPDATE citizen_reply SET state = :state, next_attempt_at = :next, last_error = :error WHERE id = :id""",
                new MapSqlParameterSource("id", id).addValue("state", giveUp ? "FAILED" : "PENDING")
                        .addValue("next", Ledger.ts(next))
                        .addValue("error", error == null ? null : TextHygiene.cut(error, 1000)));
    }

    /** A provider's delivery receipt; returns how many replies it matched (0 for a receipt of someone else's message). */
    public int delivery(Channel channel, String providerMessageId, String deliveryState, boolean delivered) {
        return jdbc.update("""
                UPDATE citizen_reply SET delivery_state = :ds, state = :state
                WHERE channel = :channel AND provider_message_id = :pid AND state IN ('SENT', 'DELIVERED', 'UNDELIVERED')""",
                new MapSqlParameterSource("channel", channel.name()).addValue("pid", providerMessageId)
                        .addValue("ds", deliveryState).addValue("state", delivered ? "DELIVERED" : "UNDELIVERED"));
    }
}
