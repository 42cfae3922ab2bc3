package id.lapor.gateway.classify;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The admins' corrections as labelled examples ({@code classifier_example}) and the log of retrains
 * ({@code classifier_training}), in the gateway's store (named parameters only).
 */
public class ClassifierStore {

    /** A retrain as logged. */
    public record Training(long id, Instant trainedAt, String requestedBy, long examplesUpTo, int corrections, int heldOutSize,
                           double top1Before, double top1After, double top3Before, double top3After, boolean accepted, long trainMillis) {}

    private final NamedParameterJdbcTemplate jdbc;

    public ClassifierStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a correction as an example.
     *
     * @param ticket        the complaint corrected (null for an example not from a complaint)
     * @param text          title and content as the model reads them
     * @param categoryCode  the category the admin set or confirmed
     * @param institutionId the OPD the admin set or confirmed (may be null)
     * @param suggestedCode what the model had suggested (may be null)
     * @return the example's id
     */
    public long add(String ticket, String text, String categoryCode, String institutionId, String suggestedCode, String user, Instant at) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update("""
                INSERT INTO classifier_example (ticket, body, category_code, institution_id, suggested_code, created_by, created_at)
                VALUES (:ticket, :body, :code, :opd, :suggested, :user, :at)""",
                new MapSqlParameterSource("ticket", ticket).addValue("body", text).addValue("code", categoryCode)
                        .addValue("opd", institutionId).addValue("suggested", suggestedCode).addValue("user", user)
                        .addValue("at", ts(at)), keys, new String[] {"id"});
        return keys.getKey().longValue();
    }

    /** Corrections with id up to {@code upTo}, oldest first, as examples. */
    public List<LabelledText> examples(long upTo) {
        return jdbc.query("SELECT category_code, body FROM classifier_example WHERE id <= :upTo ORDER BY id",
                new MapSqlParameterSource("upTo", upTo), (rs, i) -> new LabelledText(rs.getString(1), rs.getString(2)));
    }

    /** The highest correction id (0 when none). */
    public long lastExampleId() {
        Long n = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM classifier_example", new MapSqlParameterSource(), Long.class);
        return n == null ? 0 : n;
    }

    /** Corrections stored so far. */
    public long exampleCount() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM classifier_example", new MapSqlParameterSource(), Long.class);
        return n == null ? 0 : n;
    }

    /** Whether the complaint has been corrected or confirmed by an admin (it then leaves the review queue). */
    public boolean reviewed(String ticket) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM classifier_example WHERE ticket = :t", new MapSqlParameterSource("t", ticket), Long.class);
        return n != null && n > 0;
    }

    /** Logs a retrain. */
    public void logTraining(CategoryClassifier.Retrain r, String user, Instant at) {
        jdbc.update("""
                INSERT INTO classifier_training (trained_at, requested_by, examples_up_to, corrections, heldout_size,
                  top1_before, top1_after, top3_before, top3_after, accepted, train_millis)
                VALUES (:at, :user, :upTo, :corrections, :n, :t1b, :t1a, :t3b, :t3a, :accepted, :ms)""",
                new MapSqlParameterSource("at", ts(at)).addValue("user", user).addValue("upTo", r.correctionsUpTo())
                        .addValue("corrections", r.corrections()).addValue("n", r.after().n())
                        .addValue("t1b", r.before().top1()).addValue("t1a", r.after().top1())
                        .addValue("t3b", r.before().top3()).addValue("t3a", r.after().top3())
                        .addValue("accepted", r.accepted()).addValue("ms", r.trainMillis()));
    }

    /** The newest retrains, newest first. */
    public List<Training> trainings(int limit) {
        return jdbc.query("SELECT * FROM classifier_training ORDER BY id DESC LIMIT :limit", new MapSqlParameterSource("limit", limit),
                (rs, i) -> new Training(rs.getLong("id"), rs.getObject("trained_at", OffsetDateTime.class).toInstant(),
                        rs.getString("requested_by"), rs.getLong("examples_up_to"), rs.getInt("corrections"), rs.getInt("heldout_size"),
                        rs.getDouble("top1_before"), rs.getDouble("top1_after"), rs.getDouble("top3_before"), rs.getDouble("top3_after"),
                        rs.getBoolean("accepted"), rs.getLong("train_millis")));
    }

    /** The examples_up_to of the newest accepted retrain (0 when none was accepted). */
    public long acceptedUpTo() {
        List<Long> n = jdbc.queryForList("SELECT examples_up_to FROM classifier_training WHERE accepted ORDER BY id DESC LIMIT 1",
                new MapSqlParameterSource(), Long.class);
        return n.isEmpty() ? 0 : n.get(0);
    }

    private static Object ts(Instant t) {
        return id.lapor.gateway.intake.Ledger.ts(t);
    }
}
