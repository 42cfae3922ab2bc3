package id.lapor.gateway.console;

import id.lapor.gateway.intake.Ledger;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The console's audit log (table {@code console_audit}): who did what to which target and when. Every
 * console action writes one row: logins and failed logins, flags, corrections, re-drives (and re-sends as a new
 * report), closes of complaints LAPOR! no longer knows, replays, dismissals, exports, letter uploads. Rows are only ever inserted.
 */
public class AuditLog {

    /** What was done. */
    public enum Action {
        LOGIN, LOGIN_FAILED, LOGIN_LOCKED, LOGOUT, FLAG, CORRECT, REDRIVE, REPLAY, DISMISS, EXPORT, UPLOAD, RETRAIN,
        /** A complaint LAPOR! no longer knows closed in the gateway (ARCHIVED) with an admin's note. */
        CLOSE
    }

    /** One row; {@code target} is a ticket, a quarantine id or a file name, {@code detail} a short note. */
    public record Entry(long id, Instant at, String username, Action action, String target, String detail) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

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
