package id.lapor.gateway.reply;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.Ledger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Status updates pushed to citizens, on every channel that has a {@link ReplyLoop}, and the reporters' BERHENTI / MULAI.
 *
 * <p>{@link #statusChanged} runs inside status sync's transaction that records a LAPOR! status change: it decides
 * ({@link StatusUpdateDecision}), records the decision in {@code status_update} (primary key ticket and status,
 * {@code INSERT … ON CONFLICT DO NOTHING}) and, only when that row is new and the decision is to tell, queues one
 * {@code STATUS_UPDATE} row in {@code citizen_reply} with the text already rendered for the channel
 * ({@link StatusUpdateTexts}). A repeated sync, a second node syncing the same complaint or a restart finds the row and
 * queues nothing: one update per ticket and status. The channel's reply loop sends it like any other answer (at least
 * once, see {@link ReplyLoop}); a reporter who opted out after it was queued has it SUPPRESSED there.
 *
 * <p>Metric {@code gateway_status_updates_total{channel,outcome}}, outcome {@code enqueued}, {@code skipped_optout},
 * {@code skipped_disabled}, {@code skipped_no_channel}: counted once per (ticket, status) decided, after the commit.
 */
public class StatusUpdates {

    private final NamedParameterJdbcTemplate jdbc;
    private final CitizenReplies replies;
    private final StatusUpdateDecision decision;
    private final StatusUpdateTexts texts;
    private final Map<Channel, Predicate<String>> fits;
    private final TransactionTemplate tx;
    private final Map<Channel, Map<StatusUpdateDecision.Outcome, Counter>> counters = new EnumMap<>(Channel.class);

    /**
     * @param fits for each channel with a reply loop, whether a text goes out as one reply ({@link ReplyChannel#fits})
     */
    public StatusUpdates(NamedParameterJdbcTemplate jdbc, CitizenReplies replies, StatusUpdateDecision decision,
                         StatusUpdateTexts texts, Map<Channel, Predicate<String>> fits, TransactionTemplate tx, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.replies = replies;
        this.decision = decision;
        this.texts = texts;
        this.fits = Map.copyOf(fits);
        this.tx = tx;
        for (Channel c : Channel.values()) {
            Map<StatusUpdateDecision.Outcome, Counter> byOutcome = new EnumMap<>(StatusUpdateDecision.Outcome.class);
            for (StatusUpdateDecision.Outcome o : StatusUpdateDecision.Outcome.values()) {
                byOutcome.put(o, Counter.builder("gateway.status.updates")
                        .description("LAPOR! status changes a citizen is told about: queued, or skipped and why")
                        .tag("channel", c.key()).tag("outcome", o.tag()).register(meters));
            }
            counters.put(c, byOutcome);
        }
    }

    /** Whether LAPOR! moving a complaint to {@code status} is told to citizens at all (cheap: no I/O). */
    public boolean tells(ComplaintStatus status) {
        return decision.tells(status);
    }

    /**
     * Start-up check: every text of a channel with a reply loop fits that channel without a note, with a
     * {@value id.lapor.gateway.complaint.Ticket#LENGTH}-character ticket and an 8-digit LAPOR! number.
     *
     * @throws IllegalStateException naming the channel and status whose text is too long
     */
    public void requireTextsFit() {
        for (Map.Entry<Channel, Predicate<String>> e : fits.entrySet()) {
            for (ComplaintStatus s : ComplaintStatus.values()) {
                if (!decision.tells(s)) continue;
                Optional<String> text = texts.update(e.getKey(), s, "ABCDEFGH1", 12_345_678L, null, x -> true);
                if (text.isPresent() && !e.getValue().test(text.get())) {
                    throw new IllegalStateException("status-updates text for " + s + " does not fit one " + e.getKey().key()
                            + " reply (" + text.get().length() + " characters); shorten it in channel-config/status-updates.yaml"
                            + " (status-updates.channel-texts." + e.getKey().key() + ".texts." + s + ")");
                }
            }
        }
    }

    /**
     * LAPOR! moved {@code c} to {@code status}: tell its sender once, or record why not. Must run in the transaction that
     * records the change, so the two commit together.
     *
     * @param c    the complaint as stored (before or after the change: its channel, reporter and source are what count)
     * @param note LAPOR!'s note of the change, or null
     * @return what was decided for this (ticket, status); empty when the status is not told, or was decided before
     */
    public Optional<StatusUpdateDecision.Outcome> statusChanged(Complaint c, ComplaintStatus status, String note, Instant now) {
        StatusUpdateDecision.Decision d = decision.decide(c, status, r -> replies.optedOut(c.channel(), r));
        if (d instanceof StatusUpdateDecision.Decision.NotTold) return Optional.empty();
        StatusUpdateDecision.Outcome outcome = d instanceof StatusUpdateDecision.Decision.Skip s ? s.outcome() : StatusUpdateDecision.Outcome.ENQUEUED;
        int inserted = jdbc.update("""
                INSERT INTO status_update (ticket, status, channel, outcome, decided_at)
                VALUES (:ticket, :status, :channel, :outcome, :now)
                ON CONFLICT DO NOTHING""",
                new MapSqlParameterSource("ticket", c.ticket()).addValue("status", status.name())
                        .addValue("channel", c.channel().name()).addValue("outcome", outcome.name()).addValue("now", Ledger.ts(now)));
        if (inserted == 0) return Optional.empty();
        if (d instanceof StatusUpdateDecision.Decision.Tell t) {
            Long laporId = c.lapor() == null ? null : c.lapor().complaintId();
            String body = texts.update(t.channel(), status, c.ticket(), laporId, note, fits.get(t.channel())).orElseThrow();
            long id = replies.enqueue(t.channel(), t.instance() == null ? t.channel().key() : t.instance(), t.recipient(),
                    CitizenReplies.Kind.STATUS_UPDATE, c.ticket(), body, now);
            jdbc.update("UPDATE status_update SET reply_id = :id WHERE ticket = :ticket AND status = :status",
                    new MapSqlParameterSource("id", id).addValue("ticket", c.ticket()).addValue("status", status.name()));
        }
        countAfterCommit(c.channel(), outcome);
        return Optional.of(outcome);
    }

    /**
     * BERHENTI ({@code stop}) or MULAI from the reporter at {@code recipient} on {@code channel}: records it in
     * {@code status_optout} and queues the confirmation ({@code OPT_OUT} reply, text from {@link StatusUpdateTexts}), in
     * one transaction. Idempotent: BERHENTI twice keeps one row (and confirms twice, within the channel's command window
     * once). Chat channels call this from their reception, as SMS and e-mail do.
     *
     * @param instance  the intake point the command came in by (the reply goes out from it)
     * @param recipient the reporter's address as intake keeps it ({@code tel:+62…}, {@code mailto:…}, …)
     */
    public void optOut(Channel channel, String instance, String recipient, boolean stop, Instant now) {
        MapSqlParameterSource p = new MapSqlParameterSource("channel", channel.name()).addValue("recipient", recipient)
                .addValue("now", Ledger.ts(now));
        tx.executeWithoutResult(s -> {
            if (stop) {
                jdbc.update("""
                        INSERT INTO status_optout (channel, recipient, opted_out_at) VALUES (:channel, :recipient, :now)
                        ON CONFLICT DO NOTHING""", p);
            } else {
                jdbc.update("DELETE FROM status_optout WHERE channel = :channel AND recipient = :recipient", p);
            }
            replies.enqueue(channel, instance, recipient, CitizenReplies.Kind.OPT_OUT, null,
                    stop ? texts.stopped(channel) : texts.resumed(channel), now);
        });
    }

    /** Counted once the transaction committed (at once when there is none). */
    private void countAfterCommit(Channel channel, StatusUpdateDecision.Outcome outcome) {
        Counter counter = counters.get(channel).get(outcome);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    counter.increment();
                }
            });
        } else {
            counter.increment();
        }
    }
}
