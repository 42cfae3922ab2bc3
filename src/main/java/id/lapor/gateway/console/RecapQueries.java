package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.Complaint;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.CanonicalJson;
import id.lapor.gateway.intake.Ledger;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recap's queries over the ledger (table {@code complaint}), named parameters only. A recap counts
 * the complaints <em>received</em> in {@code [from, to)} that are not duplicates (a duplicate is not
 * forwarded, so it is no report of its own); {@link #duplicates} says how many were left out.
 *
 * <p>Channel and status are columns. Category and OPD exist only inside {@code canonical_json}, which
 * {@code intake.CanonicalJson} writes compact in the record's component order, so the code is cut out
 * in SQL after the first {@code "category":{"code":"} / {@code "disposition":{"institution_id":"} (a
 * quote inside a string value is escaped as {@code \"}, so citizen text cannot fake the key) up to the
 * next quote; with {@code POSITION} and {@code SUBSTRING ... FROM ... FOR} only, which H2 (MODE=PostgreSQL)
 * and PostgreSQL both have. A complaint without a category or OPD is counted under key {@code null}.
 * Codes are identifiers from categories.yaml and LAPOR!'s institution ids: they hold no quote.
 */
@org.springframework.stereotype.Repository
public class RecapQueries {

    static final String CATEGORY_KEY = "\"category\":{\"code\":\"";
    static final String OPD_KEY = "\"disposition\":{\"institution_id\":\"";

    /** A complaint past its SLA for the recap's list. {@code category}/{@code opd} are names as stored. */
    public record Overdue(String ticket, Channel channel, ComplaintStatus status, Instant receivedAt, Instant slaDueAt,
                          String title, String category, String opd) {}

    private static final String PERIOD = """
            received_at >= :from AND received_at < :to AND duplicate_of IS NULL AND status <> 'DUPLICATE'""";

    private final NamedParameterJdbcTemplate jdbc;
    private final CanonicalJson json;

    public RecapQueries(NamedParameterJdbcTemplate jdbc, CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static MapSqlParameterSource period(Instant from, Instant to) {
        return new MapSqlParameterSource("from", Ledger.ts(from)).addValue("to", Ledger.ts(to));
    }

    /** Complaints per channel name. */
    public Map<String, Long> byChannel(Instant from, Instant to) {
        return grouped("SELECT channel AS k, COUNT(*) AS n FROM complaint WHERE " + PERIOD + " GROUP BY channel", period(from, to));
    }

    /** Complaints per status name. */
    public Map<String, Long> byStatus(Instant from, Instant to) {
        return grouped("SELECT status AS k, COUNT(*) AS n FROM complaint WHERE " + PERIOD + " GROUP BY status", period(from, to));
    }

    /** Complaints per category code (categories.yaml {@code code}). */
    public Map<String, Long> byCategory(Instant from, Instant to) {
        return grouped(extracted(CATEGORY_KEY), period(from, to));
    }

    /** Complaints per OPD (LAPOR! {@code institution_id}). */
    public Map<String, Long> byOpd(Instant from, Instant to) {
        return grouped(extracted(OPD_KEY), period(from, to));
    }

    /** How many duplicates were received in the period (not counted in the breakdowns). */
    public long duplicates(Instant from, Instant to) {
        Long n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM complaint WHERE received_at >= :from AND received_at < :to
                  AND (duplicate_of IS NOT NULL OR status = 'DUPLICATE')""", period(from, to), Long.class);
        return n == null ? 0 : n;
    }

    // key is one of two constants (no input); it is written into the SQL as a literal because PostgreSQL
    // cannot type a bare parameter inside POSITION(... IN ...)
    private static String extracted(String key) {
        String lit = "'" + key.replace("'", "''") + "'";
        int len = key.length();
        return """
                SELECT CASE WHEN q < 1 THEN NULL ELSE SUBSTRING(tail FROM 1 FOR q - 1) END AS k, COUNT(*) AS n
                FROM (SELECT tail, POSITION('"' IN tail) AS q
                      FROM (SELECT CASE WHEN p > 0 THEN CAST(SUBSTRING(canonical_json FROM p + %d FOR 130) AS VARCHAR(130)) ELSE '' END AS tail
                            FROM (SELECT canonical_json, POSITION(%s IN canonical_json) AS p FROM complaint WHERE %s) c) t) u
                GROUP BY CASE WHEN q < 1 THEN NULL ELSE SUBSTRING(tail FROM 1 FOR q - 1) END
                """.formatted(len, lit, PERIOD);
    }

    private Map<String, Long> grouped(String sql, MapSqlParameterSource p) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query(sql, p, rs -> {
            out.merge(rs.getString("k"), rs.getLong("n"), Long::sum);
        });
        return out;
    }

    /**
     * Complaints received in the period, not final (not completed, archived, rejected or a duplicate),
     * whose SLA due time is before {@code now} or which LAPOR! reports overdue; the longest overdue
     * first, at most {@code limit}.
     */
    public List<Overdue> overdue(Instant from, Instant to, Instant now, int limit) {
        return jdbc.query("""
                SELECT ticket, channel, status, received_at, sla_due_at, canonical_json FROM complaint
                WHERE received_at >= :from AND received_at < :to
                  AND status NOT IN ('COMPLETED', 'ARCHIVED', 'REJECTED', 'DUPLICATE')
                  AND (overdue OR sla_due_at < :now)
                ORDER BY sla_due_at, ticket LIMIT :limit""",
                period(from, to).addValue("now", Ledger.ts(now)).addValue("limit", limit), (rs, i) -> {
                    Complaint c = json.read(rs.getString("canonical_json"));
                    return new Overdue(rs.getString("ticket"), Channel.valueOf(rs.getString("channel")),
                            ComplaintStatus.valueOf(rs.getString("status")), ConsoleQueries.instant(rs, "received_at"),
                            ConsoleQueries.instant(rs, "sla_due_at"), c.title(),
                            c.category() == null ? null : c.category().name(),
                            c.disposition() == null ? null : c.disposition().name());
                });
    }

    /** How many complaints {@link #overdue} would list without a limit. */
    public long overdueCount(Instant from, Instant to, Instant now) {
        Long n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM complaint
                WHERE received_at >= :from AND received_at < :to
                  AND status NOT IN ('COMPLETED', 'ARCHIVED', 'REJECTED', 'DUPLICATE')
                  AND (overdue OR sla_due_at < :now)""", period(from, to).addValue("now", Ledger.ts(now)), Long.class);
        return n == null ? 0 : n;
    }

    /** The category and OPD names stored in the newest complaint of the period with this code (for codes no longer configured). */
    public String storedName(Breakdown which, String code, Instant from, Instant to) {
        String key = which == Breakdown.CATEGORY ? CATEGORY_KEY : OPD_KEY;
        List<String> rows = jdbc.queryForList("SELECT canonical_json FROM complaint WHERE " + PERIOD
                        + " AND canonical_json LIKE :pattern ESCAPE '\\' ORDER BY received_at DESC LIMIT 1",
                period(from, to).addValue("pattern", "%" + like(key + code + "\"") + "%"), String.class);
        if (rows.isEmpty()) return null;
        Complaint c = json.read(rows.get(0));
        if (which == Breakdown.CATEGORY) return c.category() == null ? null : c.category().name();
        return c.disposition() == null ? null : c.disposition().name();
    }

    /** Which stored name {@link #storedName} looks up. */
    public enum Breakdown { CATEGORY, OPD }

    private static String like(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
