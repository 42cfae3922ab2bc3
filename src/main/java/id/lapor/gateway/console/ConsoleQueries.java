package id.lapor.gateway.console;

import id.lapor.gateway.complaint.Channel;
import id.lapor.gateway.complaint.ComplaintStatus;
import id.lapor.gateway.intake.Ledger;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's read-only queries over the ledger, outbox and quarantine (named parameters only).
 * Category and OPD are matched inside {@code canonical_json}, which {@code intake.CanonicalJson} writes
 * compact with the record's component order ({@code "category":{"code":"…"}},
 * {@code "disposition":{"institution_id":"…"}}); there are no columns for them, and a console search
 * over a region's complaints does not need an index for this.
 */
public class ConsoleQueries {

    /** Per channel and period: inputs received (stored + quarantined), stored (not duplicates), duplicates, quarantined. */
    public record Counts(long received, long stored, long duplicates, long quarantined) {
        static final Counts ZERO = new Counts(0, 0, 0, 0);
    }

    /**
     * A complaint search. Every field is optional (null = no filter); {@code text} matches anywhere in the
     * canonical complaint, case-insensitive; {@code from} inclusive, {@code to} exclusive.
     */
    public record Search(String ticket, String text, Channel channel, ComplaintStatus status, String category,
                         String institutionId, Instant from, Instant to) {}

    /** A row of the complaint list. */
    public record Row(String ticket, Channel channel, ComplaintStatus status, Instant receivedAt, String title,
                      String category, String opd, Long laporId, boolean overdue) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final id.lapor.gateway.intake.CanonicalJson json;

    public ConsoleQueries(NamedParameterJdbcTemplate jdbc, id.lapor.gateway.intake.CanonicalJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Counts per channel for complaints and quarantine items received in [from, to). */
    public Map<Channel, Counts> counts(Instant from, Instant to) {
        MapSqlParameterSource p = new MapSqlParameterSource("from", Ledger.ts(from)).addValue("to", Ledger.ts(to));
        Map<Channel, long[]> acc = new EnumMap<>(Channel.class);
        jdbc.query("""
                SELECT channel, COUNT(*) AS n, SUM(CASE WHEN duplicate_of IS NOT NULL THEN 1 ELSE 0 END) AS dups
                FROM complaint WHERE received_at >= :from AND received_at < :to GROUP BY channel""", p, rs -> {
            long[] a = acc.computeIfAbsent(Channel.valueOf(rs.getString("channel")), c -> new long[3]);
            a[0] = rs.getLong("n");
            a[1] = rs.getLong("dups");
        });
        jdbc.query("""
                SELECT channel, COUNT(*) AS n FROM quarantine
                WHERE received_at >= :from AND received_at < :to GROUP BY channel""", p, rs -> {
            acc.computeIfAbsent(Channel.valueOf(rs.getString("channel")), c -> new long[3])[2] = rs.getLong("n");
        });
        Map<Channel, Counts> out = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            long[] a = acc.get(c);
            out.put(c, a == null ? Counts.ZERO : new Counts(a[0] + a[2], a[0] - a[1], a[1], a[2]));
        }
        return out;
    }

    /** Time of the newest complaint or quarantine item per channel (absent: never). */
    public Map<Channel, Instant> lastMessageAt() {
        Map<Channel, Instant> out = new EnumMap<>(Channel.class);
        for (String table : List.of("complaint", "quarantine")) {
            // table is one of two constants, never input
            jdbc.query("SELECT channel, MAX(received_at) AS last FROM " + table + " GROUP BY channel", new MapSqlParameterSource(), rs -> {
                Instant t = instant(rs, "last");
                out.merge(Channel.valueOf(rs.getString("channel")), t, (a, b) -> a.isAfter(b) ? a : b);
            });
        }
        return out;
    }

    /** Complaints not yet final whose SLA due time has passed (or LAPOR! says overdue). */
    public long pastSla(Instant now) {
        Long n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM complaint
                WHERE status NOT IN ('COMPLETED', 'ARCHIVED', 'REJECTED', 'DUPLICATE')
                  AND (overdue OR sla_due_at < :now)""", new MapSqlParameterSource("now", Ledger.ts(now)), Long.class);
        return n == null ? 0 : n;
    }

    private static String like(String s) {
        return "%" + s.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static String exact(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace("\"", "\\\"");
    }

    private MapSqlParameterSource params(Search s) {
        return new MapSqlParameterSource()
                .addValue("ticket", s.ticket())
                .addValue("text", s.text() == null ? null : like(s.text()))
                .addValue("channel", s.channel() == null ? null : s.channel().name())
                .addValue("status", s.status() == null ? null : s.status().name())
                .addValue("category", s.category() == null ? null : "%\"category\":{\"code\":\"" + exact(s.category()) + "\"%")
                .addValue("opd", s.institutionId() == null ? null : "%\"disposition\":{\"institution_id\":\"" + exact(s.institutionId()) + "\"%")
                .addValue("from", Ledger.ts(s.from() == null ? Instant.EPOCH : s.from()))
                .addValue("to", Ledger.ts(s.to() == null ? Instant.parse("9999-01-01T00:00:00Z") : s.to()));
    }

    private static final String WHERE = """
            WHERE (CAST(:ticket AS VARCHAR(12)) IS NULL OR ticket = :ticket)
              AND (CAST(:text AS VARCHAR(4000)) IS NULL OR LOWER(canonical_json) LIKE :text ESCAPE '\\')
              AND (CAST(:channel AS VARCHAR(16)) IS NULL OR channel = :channel)
              AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = :status)
              AND (CAST(:category AS VARCHAR(200)) IS NULL OR canonical_json LIKE :category ESCAPE '\\')
              AND (CAST(:opd AS VARCHAR(200)) IS NULL OR canonical_json LIKE :opd ESCAPE '\\')
              AND received_at >= :from AND received_at < :to
            """;

    /** One page of matching complaints, newest first. */
    public List<Row> search(Search s, int page, int size) {
        MapSqlParameterSource p = params(s).addValue("limit", size).addValue("offset", (long) page * size);
        return jdbc.query("SELECT ticket, channel, status, received_at, canonical_json, lapor_complaint_id, overdue FROM complaint "
                + WHERE + " ORDER BY received_at DESC, ticket LIMIT :limit OFFSET :offset", p, (rs, i) -> {
            var c = json.read(rs.getString("canonical_json"));
            long lid = rs.getLong("lapor_complaint_id");
            return new Row(rs.getString("ticket"), Channel.valueOf(rs.getString("channel")),
                    ComplaintStatus.valueOf(rs.getString("status")), instant(rs, "received_at"), c.title(),
                    c.category() == null ? null : c.category().name(), c.disposition() == null ? null : c.disposition().name(),
                    rs.wasNull() ? null : lid, rs.getBoolean("overdue"));
        });
    }

    /** How many complaints match. */
    public long count(Search s) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM complaint " + WHERE, params(s), Long.class);
        return n == null ? 0 : n;
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
