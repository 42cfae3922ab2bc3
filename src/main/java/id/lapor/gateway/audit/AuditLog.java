package id.lapor.gateway.audit;

import id.lapor.gateway.forward.OutboxForwarder;
import id.lapor.gateway.intake.IntakeReceipt;
import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.intake.QuarantineReplay;
import id.lapor.gateway.intake.TextHygiene;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The audit log (table {@code console_audit}, shown on the console's {@code /audit} page): who did what to which
 * target and when. Every console action writes one row: logins and failed logins, flags, corrections, re-drives
 * (and re-sends as a new report), closes of complaints LAPOR! no longer knows, replays, dismissals, exports, letter
 * uploads. So does every write of the REST API (HTTP Basic, the same users): a re-drive or re-send
 * ({@code POST /api/complaints/{ticket}/forward}), a quarantine replay ({@code POST /api/quarantine/{id}/replay}), a
 * flagged social post ({@code POST /api/social/reports}) and a letter upload ({@code POST /api/letters}). These four
 * actions write their rows through one method each ({@link #redrive}, {@link #replay}, {@link #flag},
 * {@link #letter}), which the console and the API both call: the same action, target and English detail, the API's
 * detail followed by {@link Origin#API_MARK} so an auditor can tell them apart. Rows are only ever inserted.
 *
 * <p>A package of its own so that the console, the REST API ({@code web}) and the channels' API controllers can
 * all write it without depending on one another.</p>
 */
public class AuditLog {

    /** What was done. */
    public enum Action {
        LOGIN, LOGIN_FAILED, LOGIN_LOCKED, LOGOUT, FLAG, CORRECT, REDRIVE, REPLAY, DISMISS, EXPORT, UPLOAD, RETRAIN,
        /** A complaint LAPOR! no longer knows closed in the gateway (ARCHIVED) with an admin's note. */
        CLOSE
    }

    /** Where an action came from: the console's pages or the REST API. */
    public enum Origin {
        CONSOLE, API;

        /** Appended to the detail of an action done through the REST API. */
        public static final String API_MARK = " (API)";

        /** The detail as stored for this origin: unchanged from the console, followed by {@link #API_MARK} from the API. */
        public String mark(String detail) {
            return this == API ? (detail == null ? API_MARK.strip() : detail + API_MARK) : detail;
        }
    }

    /** The detail of a re-drive of a parked complaint. */
    public static final String REDRIVEN = "parked complaint queued for LAPOR! again";

    /** The detail of a re-send as a new report ({@code %d}: the LAPOR! number LAPOR! no longer knew). */
    public static final String RESENT_AS_NEW = "missing complaint queued for LAPOR! as a new report; LAPOR! did not know #%d";

    /** The target of a row about one quarantine item, followed by its id ({@code quarantine 42}). */
    public static final String QUARANTINE_TARGET = "quarantine ";

    /** One row; {@code target} is a ticket, a quarantine id or a file name, {@code detail} a short note. */
    public record Entry(long id, Instant at, String username, Action action, String target, String detail) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    /** @param clock the time of each row ({@code at}) */
    public AuditLog(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static String cut(String s, int max) {
        if (s == null) return null;
        // control characters never reach the log's viewer as such
        String clean = s.replaceAll("[\\p{Cntrl}&&[^\\t]]", " ");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    /** Writes one row (in the caller's transaction if there is one). */
    public void record(String username, Action action, String target, String detail) {
        jdbc.update("""
                INSERT INTO console_audit (at, username, action, target, detail)
                VALUES (:at, :username, :action, :target, :detail)""",
                new MapSqlParameterSource("at", Ledger.ts(clock.instant()))
                        .addValue("username", cut(username == null ? "?" : username, 64))
                        .addValue("action", action.name()).addValue("target", cut(target, 256))
                        .addValue("detail", cut(detail, 2000)));
    }

    /**
     * The row of a re-drive ({@link OutboxForwarder#redrive}): {@code REDRIVE} on the ticket with {@link #REDRIVEN}
     * or {@link #RESENT_AS_NEW}; a refused one ({@code NOT_REDRIVABLE}) changed nothing and writes nothing.
     */
    public void redrive(String user, Origin origin, String ticket, OutboxForwarder.Redrive r) {
        switch (r.outcome()) {
            case REDRIVEN -> record(user, Action.REDRIVE, ticket, origin.mark(REDRIVEN));
            case RESENT_AS_NEW -> record(user, Action.REDRIVE, ticket,
                    origin.mark(String.format(Locale.ROOT, RESENT_AS_NEW, r.formerLaporId())));
            case NOT_REDRIVABLE -> { }
        }
    }

    /**
     * The row of one quarantine item's replay: {@code REPLAY} on {@code quarantine <id>} with
     * {@code STATE[ ticket T][: reason]} (the item's state after it, the complaint's ticket, the reason it stays).
     */
    public void replay(String user, Origin origin, long id, QuarantineReplay.Result r) {
        record(user, Action.REPLAY, QUARANTINE_TARGET + id, origin.mark(r.state()
                + (r.ticket() == null ? "" : " ticket " + r.ticket()) + (r.reason() == null ? "" : ": " + r.reason())));
    }

    /**
     * The row of a flagged social post, after intake answered: {@code FLAG} on the ticket with
     * {@code post <url>, <n> screenshot(s)} for a new complaint, {@code flagged before: <url>} for one flagged
     * before, and on {@code quarantine <id>} with {@code refused: <reason>} for a report intake kept in quarantine
     * (or ignored), since the admin's report is stored there.
     *
     * @param postUrl     the post's address as flagged (stripped), or null when the report had none
     * @param screenshots how many screenshots came with it
     */
    public void flag(String user, Origin origin, IntakeReceipt r, String postUrl, int screenshots) {
        switch (r.outcome()) {
            case STORED -> record(user, Action.FLAG, r.ticket(), origin.mark("post " + postUrl + ", " + screenshots + " screenshot(s)"));
            case DUPLICATE_TRANSPORT, DUPLICATE_CONTENT -> record(user, Action.FLAG, r.ticket(), origin.mark("flagged before: " + postUrl));
            default -> record(user, Action.FLAG, r.quarantineId() == null ? null : QUARANTINE_TARGET + r.quarantineId(),
                    origin.mark("refused: " + r.reason()));
        }
    }

    /**
     * The row of one uploaded letter file, after intake answered: {@code UPLOAD} on the ticket, or on
     * {@code quarantine <id>} for a refused file, with {@code letter file <name> (<n> bytes): OUTCOME[ — reason]}
     * (the console's "Unggahan saya" reads the name from this form).
     *
     * @param fileName the file's name as the client sent it (stored with invisible characters made visible,
     *                 {@link TextHygiene#visible})
     * @param bytes    the file's size
     */
    public void letter(String user, Origin origin, IntakeReceipt r, String fileName, long bytes) {
        String name = TextHygiene.visible(fileName);
        String target = r.ticket() != null ? r.ticket() : r.quarantineId() != null ? QUARANTINE_TARGET + r.quarantineId() : null;
        record(user, Action.UPLOAD, target, origin.mark("letter file " + name + " (" + bytes + " bytes): "
                + r.outcome() + (r.reason() == null ? "" : " — " + r.reason())));
    }

    /** Newest first; {@code username} and {@code action} filter when not null. */
    public List<Entry> list(String username, Action action, int page, int size) {
        return jdbc.query("""
                SELECT id, at, username, action, target, detail FROM console_audit
                WHERE (CAST(:username AS VARCHAR(64)) IS NULL OR username = :username)
                  AND (CAST(:action AS VARCHAR(32)) IS NULL OR action = :action)
                ORDER BY id DESC LIMIT :limit OFFSET :offset""",
                new MapSqlParameterSource("username", username).addValue("action", action == null ? null : action.name())
                        .addValue("limit", size).addValue("offset", (long) page * size),
                (rs, i) -> new Entry(rs.getLong("id"), rs.getObject("at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getString("username"), Action.valueOf(rs.getString("action")), rs.getString("target"),
                        rs.getString("detail")));
    }
}
