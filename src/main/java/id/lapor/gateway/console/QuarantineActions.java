package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Normalisation;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineReplay;
import id.lapor.gateway.intake.QuarantineStore;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Karantina's queries and actions: filtered lists, replay through the channel's normaliser
 * ({@link QuarantineReplay}) and dismissal with a note, one item or the whole filtered set (at most
 * {@link #BULK_MAX} OPEN items per click); every action is audited per item.
 */
public class QuarantineActions {

    /** Most items one bulk action touches; a larger set takes several clicks (each shows what is left). */
    public static final int BULK_MAX = 500;

    /** A filter; every field optional; {@code from} inclusive, {@code to} exclusive. */
    public record Filter(Channel channel, Normalisation.ReasonClass reasonClass, QuarantineStore.State state, Instant from, Instant to) {}

    /** What a bulk action did. */
    public record Bulk(int done, int stillOpen, int failed) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final QuarantineStore store;
    private final QuarantineReplay replay;
    private final AuditLog audit;
    private final Clock clock;

    public QuarantineActions(NamedParameterJdbcTemplate jdbc, QuarantineStore store, QuarantineReplay replay, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.replay = replay;
        this.audit = audit;
        this.clock = clock;
    }

    private static final String WHERE = """
            WHERE (CAST(:channel AS VARCHAR(16)) IS NULL OR channel = :channel)
              AND (CAST(:reasonClass AS VARCHAR(16)) IS NULL OR reason_class = :reasonClass)
              AND (CAST(:state AS VARCHAR(16)) IS NULL OR state = :state)
              AND received_at >= :from AND received_at < :to
            """;

    private static MapSqlParameterSource params(Filter f) {
        return new MapSqlParameterSource("channel", f.channel() == null ? null : f.channel().name())
                .addValue("reasonClass", f.reasonClass() == null ? null : f.reasonClass().name())
                .addValue("state", f.state() == null ? null : f.state().name())
                .addValue("from", Ledger.ts(f.from() == null ? Instant.EPOCH : f.from()))
                .addValue("to", Ledger.ts(f.to() == null ? Instant.parse("9999-01-01T00:00:00Z") : f.to()));
    }

    /** Ids of one page of the filtered list, newest first. */
    public List<QuarantineStore.Item> list(Filter f, int page, int size) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM quarantine " + WHERE + " ORDER BY id DESC LIMIT :limit OFFSET :offset",
                params(f).addValue("limit", size).addValue("offset", (long) page * size), Long.class);
        return ids.stream().map(store::find).flatMap(java.util.Optional::stream).toList();
    }

    public long count(Filter f) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM quarantine " + WHERE, params(f), Long.class);
        return n == null ? 0 : n;
    }

    /** The dismissal note and who wrote it, or null when the item was not dismissed. */
    public String dismissal(long id) {
        List<String> out = jdbc.queryForList("""
                SELECT dismissed_by || ': ' || COALESCE(dismiss_note, '') FROM quarantine
                WHERE id = :id AND dismissed_by IS NOT NULL""", new MapSqlParameterSource("id", id), String.class);
        return out.isEmpty() ? null : out.get(0);
    }

    /** Replays one OPEN item; the result, or empty when there is no such item. Audited. */
    public java.util.Optional<QuarantineReplay.Result> replay(long id, String user) {
        java.util.Optional<QuarantineReplay.Result> r = replay.replay(id);
        r.ifPresent(x -> audit.replay(user, AuditLog.Origin.CONSOLE, id, x));
        return r;
    }

    /** Longest dismissal note, in characters (the console refuses a longer one rather than cut it unseen). */
    public static final int NOTE_MAX = 2000;

    /** Dismisses one OPEN item with a note; false when it is not OPEN. Audited. */
    public boolean dismiss(long id, String note, String user) {
        String n = ConsoleForms.blankToNull(note);
        if (n != null && n.length() > NOTE_MAX) n = n.substring(0, NOTE_MAX); // the pages refuse longer ones first
        int changed = jdbc.update("""
                UPDATE quarantine SET state = 'DISMISSED', dismissed_by = :user, dismiss_note = :note, dismissed_at = :now
                WHERE id = :id AND state = 'OPEN'""",
                new MapSqlParameterSource("id", id).addValue("user", user).addValue("note", n).addValue("now", Ledger.ts(clock.instant())));
        if (changed == 1) audit.record(user, AuditLog.Action.DISMISS, "quarantine " + id, n);
        return changed == 1;
    }

    private List<Long> openIds(Filter f) {
        Filter open = new Filter(f.channel(), f.reasonClass(), QuarantineStore.State.OPEN, f.from(), f.to());
        return jdbc.queryForList("SELECT id FROM quarantine " + WHERE + " ORDER BY id LIMIT :limit",
                params(open).addValue("limit", BULK_MAX), Long.class);
    }

    /** Replays the OPEN items of the filtered set (oldest first, at most {@link #BULK_MAX}). */
    public Bulk replayAll(Filter f, String user) {
        int done = 0, open = 0, failed = 0;
        for (long id : openIds(f)) {
            try {
                QuarantineReplay.Result r = replay(id, user).orElse(null);
                if (r == null) continue;
                if (r.state() == QuarantineStore.State.OPEN) open++;
                else done++;
            } catch (IllegalStateException e) {
                // not OPEN any more (replayed meanwhile) or its channel is not running: counted, the rest go on
                failed++;
            }
        }
        audit.record(user, AuditLog.Action.REPLAY, "quarantine (bulk)", done + " replayed, " + open + " still open, " + failed + " failed");
        return new Bulk(done, open, failed);
    }

    /** Dismisses the OPEN items of the filtered set with one note (at most {@link #BULK_MAX}). */
    public Bulk dismissAll(Filter f, String note, String user) {
        int done = 0;
        for (long id : openIds(f)) if (dismiss(id, note, user)) done++;
        return new Bulk(done, 0, 0);
    }
}
